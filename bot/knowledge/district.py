"""The district's structured knowledge, loaded from ``knowledge/tables/``."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bot.dialogue.places import FILE as PLACES
from bot.dialogue.places import Place, landmarks
from bot.knowledge.contacts import DEPARTMENT_COLUMNS, contact_problems, table_mentions, with_department_phones
from bot.knowledge.files import KnowledgeError, Problem, display_name, read_sheet
from bot.knowledge.holidays import read_holidays
from bot.knowledge.matching import NameIndex, find_all, squash
from bot.knowledge.schema import parse_sheet
from bot.complaints.triage import ComplaintCategory
from bot.knowledge.tables import (TABLES, BookingMethod, BulkyFee, Department, DongSchedule, Event,
                                  Office, RecyclingItem, TargetGroup, WelfareProgramme)


@dataclass
class District:
    schedules: list[DongSchedule] = field(default_factory=list)
    bulky_fees: list[BulkyFee] = field(default_factory=list)
    booking: list[BookingMethod] = field(default_factory=list)
    recycling: list[RecyclingItem] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    welfare: list[WelfareProgramme] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    groups: list[TargetGroup] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    complaint_categories: list[ComplaintCategory] = field(default_factory=list)
    holidays: frozenset[dt.date] = frozenset()      # holidays.csv: the office is closed
    landmarks: list[Place] = field(default_factory=list)   # places.csv, in the staff's order (form examples)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.dong_index: NameIndex[DongSchedule] = NameIndex()
        for s in self.schedules:
            self.dong_index.add((s.dong, s.dong_en, *s.aliases), s)
        # Each 동's own names squashed once, not for every message that may name one: (동, its key, English key).
        self.dong_keys: list[tuple[str, str, str]] = [(s.dong, squash(s.dong), squash(s.dong_en)) for s in self.schedules]
        self.bulky_index: NameIndex[str] = NameIndex()
        for fee in self.bulky_fees:
            self.bulky_index.add((fee.item, fee.item_en, *fee.aliases), fee.item)
        self.recycling_index: NameIndex[RecyclingItem] = NameIndex()
        for item in self.recycling:
            self.recycling_index.add((item.item, item.item_en, *item.aliases), item)
        self.group_index: NameIndex[str] = NameIndex()
        for g in self.groups:
            self.group_index.add((g.group, g.label, g.label_en, *g.aliases), g.group)
        self.welfare_index: NameIndex[WelfareProgramme] = NameIndex()
        for p in self.welfare:
            self.welfare_index.add((p.name, p.name_en), p)

    # --- waste ---------------------------------------------------------------
    def dongs_named(self, text: str) -> list[DongSchedule]:
        return self.dong_index.find(text)

    def dong_shown(self, dong: str, lang: str) -> str:
        """A 동 as a resident reads it: "옥수동"; in English "Oksu-dong (옥수동)", staff's name kept beside."""
        if lang != "en":
            return dong
        english = next((s.dong_en for s in self.schedules if s.dong == dong and s.dong_en), None)
        return f"{english} ({dong})" if english else dong

    def fees_for(self, item: str) -> list[BulkyFee]:
        return [fee for fee in self.bulky_fees if fee.item == item]

    def bulky_items_named(self, text: str) -> list[str]:
        return self.bulky_index.find(text)

    def bulky_items_near(self, text: str) -> list[str]:
        return self.bulky_index.nearest(text)

    def recycling_named(self, text: str) -> list[RecyclingItem]:
        return self.recycling_index.find(text)

    def items_named(self, text: str, prefer_bulky: bool = False) -> tuple[list[RecyclingItem], list[str]]:
        """Every item named in ``text`` ("장롱이랑 침대", "페트병이랑 건전지"): (sorting rows, bulky items),
        each in the order written. A name in both tables counts once, for the preferred one."""
        indexes = [self.bulky_index, self.recycling_index] if prefer_bulky else [self.recycling_index, self.bulky_index]
        found = find_all(text, indexes)
        bulky_number = 0 if prefer_bulky else 1
        recycled = [r for n, r in found if n != bulky_number]
        # a name of two words said apart ("치킨 먹고 남은 뼈" names 치킨 뼈): each word in order, a few letters between
        recycled += [r for r in self.recycling if r not in recycled and _said_apart(r.item, text)]
        bulky = list(dict.fromkeys(r for n, r in found if n == bulky_number))
        return recycled, bulky

    # --- events, welfare, offices ---------------------------------------------
    def events_between(self, start: dt.date, end: dt.date, group: str | None = None) -> list[Event]:
        found = [e for e in self.events if e.start_date <= end and e.end_date >= start
                 and (group is None or e.target_group in {group, "all"})]
        return sorted(found, key=lambda e: (e.start_date, e.title))

    def group_named(self, text: str) -> str | None:
        # "아이고", "아이구" are sighs, not children ("아이")
        # and "주민센터" is a place, not "주민" (everyone)
        found = self.group_index.find(re.sub(r"아이(고|구|쿠|참)|주민\s*센터|행정\s*복지\s*센터", " ", text or ""))
        return found[0] if found else None

    def group(self, key: str) -> TargetGroup | None:
        return next((g for g in self.groups if g.group == key), None)

    def welfare_for(self, group: str) -> list[WelfareProgramme]:
        return [p for p in self.welfare if p.target_group == group]

    def welfare_named(self, text: str) -> list[WelfareProgramme]:
        return self.welfare_index.find(text)

    def complaint_category(self, key: str | None) -> ComplaintCategory | None:
        return next((c for c in self.complaint_categories if c.category == key), None)

    def office_of(self, kind: str, dong: str | None = None) -> Office | None:
        return next((o for o in self.offices if o.kind == kind and (dong is None or o.dong == dong)), None)

    def phone_for(self, department: str | None = None) -> str:
        """The number to give a resident: the department's (departments.csv), else the district office's, else
        the call centre's (offices.csv), else 120."""
        found = next((d.phone for d in self.departments if d.name == department), None) if department else None
        office = self.office_of("district_office") or self.office_of("call_centre")
        return found or (office.phone if office and office.phone else "120")

    # --- departments ------------------------------------------------------------
    def department_named(self, name: str) -> Department | None:
        """The department (or outside body) a file names, by its Korean or English name."""
        name = name.strip()
        return next((d for d in self.departments if name in (d.name, d.name_en)), None) if name else None

    def office_hours_of(self, department: Department) -> Office | None:
        """Where the department's opening hours are kept: an office row of the same name (다산콜센터), else,
        for a district department, the district office it works in; None for an outside body with no row."""
        same = next((o for o in self.offices if department.name in (o.name, o.name_en)), None)
        return same or (self.office_of("district_office") if department.kind == "district" else None)


def _said_apart(name: str, text: str) -> bool:
    """Each word of a name of two or more words in the text, in order, at most twelve characters between them; the
    first at a word's start, the last a word of its own or with a particle ("헌 옷장" is no 헌 옷, "깨진 거울이랑
    유리창" no 깨진 유리)."""
    words = name.split()
    if len(words) < 2 or any(len(w) < 2 and not re.match(r"[가-힣]", w) for w in words):
        return False
    pattern = (r"(?<![가-힣A-Za-z0-9])" + r"[^.?!]{0,12}?".join(re.escape(w) for w in words) +
               r"(?:이랑|하고|에서|으로|이에요|예요|이요|같은|[은는이가을를도만랑와과에로의요들]){0,2}(?![가-힣A-Za-z])")
    return re.search(pattern, text or "", re.I) is not None


def load_district(tables_dir: Path, base: Path | None = None, strict: bool = True) -> District:
    """Read every table; with ``strict``, any error raises ``KnowledgeError`` listing all of them."""
    loaded: dict[str, list] = {}
    problems: list[Problem] = []
    for file_name, (record_type, key) in TABLES.items():
        path = tables_dir / file_name
        if not path.exists():
            problems.append(Problem(display_name(path, base), None, None, "file missing"))
            loaded[file_name] = []
            continue
        try:
            parsed = parse_sheet(read_sheet(path, base), record_type, key)
        except KnowledgeError as exc:
            problems.extend(exc.problems)
            loaded[file_name] = []
            continue
        problems.extend(parsed.problems)
        loaded[file_name] = parsed.records
    problems.extend(_cross_checks(loaded, lambda name: display_name(tables_dir / name, base)))
    holidays, holiday_problems = read_holidays(tables_dir, base)
    problems.extend(holiday_problems)
    for file_name in DEPARTMENT_COLUMNS:   # the number is kept once, in departments.csv
        loaded[file_name] = with_department_phones(loaded[file_name], loaded["departments.csv"])
    if strict and any(p.severity == "error" for p in problems):
        raise KnowledgeError([p for p in problems if p.severity == "error"])
    return District(
        schedules=loaded["waste_collection.csv"], bulky_fees=loaded["bulky_fees.csv"],
        booking=loaded["bulky_booking.csv"], recycling=loaded["recycling.csv"],
        events=loaded["events.csv"], welfare=loaded["welfare.csv"], offices=loaded["offices.csv"],
        groups=loaded["target_groups.csv"], departments=loaded["departments.csv"],
        complaint_categories=loaded["complaint_categories.csv"], holidays=holidays, problems=problems,
        landmarks=landmarks(tables_dir / PLACES, {s.dong for s in loaded["waste_collection.csv"]}))


def _cross_checks(loaded: dict[str, list], shown: Callable[[str], str]) -> list[Problem]:
    problems = []
    for event in loaded["events.csv"]:
        if event.end_date < event.start_date:
            problems.append(Problem(shown("events.csv"), event.row, "end_date", "ends before it starts"))
    problems += contact_problems(loaded["departments.csv"], table_mentions(loaded, shown), shown("departments.csv"))
    dongs = {s.dong for s in loaded["waste_collection.csv"]}
    for office in loaded["offices.csv"]:
        if office.kind == "community_centre" and office.dong not in dongs:
            problems.append(Problem(shown("offices.csv"), office.row, "dong",
                                    f"'{office.dong}' is not a dong in waste_collection.csv"))
    return problems
