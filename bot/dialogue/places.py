"""Where a resident is: a 동 named outright, or a station, market or park the gazetteer places in one.

The gazetteer is ``knowledge/tables/places.csv`` (staff edit it like every other table; sample data to
verify): ``place, place_en, aliases ('|'-separated), dong`` and, for the staff who check it, ``address``,
``note`` and ``source_url``. A row whose 동 is not one of the district's is skipped and logged with its row
number, so one typo never stops the bot; ``minwon validate`` names it, and every name that collides.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from bot.knowledge.files import KnowledgeError, Problem, read_sheet
from bot.knowledge.matching import squash

logger = logging.getLogger(__name__)

FILE = "places.csv"
COLUMNS = ("place", "place_en", "aliases", "dong", "address", "note", "source_url")


@dataclass(frozen=True)
class Place:
    name: str
    name_en: str
    dong: str


def _names(values: dict[str, str]) -> list[str]:
    """The row's names as the bot matches them (squashed, two characters or more), in the order written."""
    english = values.get("place_en", "")
    # "Songwon Elementary" for "Songwon Elementary School": residents drop a school's last word, as 송원초 does
    short = re.sub(r"\s+School$", "", english) if re.search(r"\b(Elementary|Middle|High) School$", english) else ""
    names = [values.get("place", ""), english, short, *values.get("aliases", "").split("|")]
    return list(dict.fromkeys(squash(n) for n in names if len(squash(n)) >= 2))


def landmarks(path: Path, dongs: set[str]) -> list[Place]:
    """The gazetteer's places in the staff's order (rows with an unknown 동 or no name left out, quietly:
    ``load_places`` and ``minwon validate`` say why); the form's examples come from it."""
    if not path.exists():
        return []
    try:
        sheet = read_sheet(path)
    except KnowledgeError:
        return []
    found = [Place(v.get("place", ""), v.get("place_en", ""), v.get("dong", "")) for _, v in sheet.rows]
    return [place for place in found if place.name and place.dong in dongs]


def load_places(path: Path, dongs: set[str]) -> dict[str, Place]:
    """Every name of every place (squashed) → the place, the longest name first (the order ``place_in`` tries)."""
    if not path.exists():
        return {}
    try:
        sheet = read_sheet(path)
    except KnowledgeError as exc:
        logger.warning("%s is not used: %s", path.name, exc)
        return {}
    names: dict[str, Place] = {}
    for row_number, values in sheet.rows:
        dong = values.get("dong", "")
        if dong not in dongs:
            logger.warning("%s row %d, column dong: %r is not a 동 of waste_collection.csv; row skipped",
                           path.name, row_number, dong)
            continue
        place = Place(values.get("place", ""), values.get("place_en", ""), dong)
        for name in _names(values):
            names[name] = place
    # Sorted once here, not for every message: a stable sort, so names of one length keep the table's order.
    return dict(sorted(names.items(), key=lambda item: len(item[0]), reverse=True))


def place_in(text: str, places: dict[str, Place]) -> Place | None:
    """The longest place name in the text, if any (``places`` as ``load_places`` orders it: longest first)."""
    squashed = squash(text)
    for key, place in places.items():
        if key in squashed:
            return place
    return None


def place_problems(tables_dir: Path, base: Path | None, schedules: Iterable) -> list[Problem]:
    """For `minwon validate`: each row's 동 must be one of waste_collection.csv's; a name may belong to one
    place only; and no name may hide a 동: a 동's own name is matched before any place, so a place named
    like it is never found, and a place name inside a 동 alias that means another 동 (or several, like
    '성수') would answer for the resident who only named the neighbourhood."""
    path = tables_dir / FILE
    if not path.exists():
        return []
    try:
        sheet = read_sheet(path, base)
    except KnowledgeError as exc:
        return exc.problems
    schedules = list(schedules)
    problems = [Problem(sheet.name, sheet.header_row, None, f"column '{column}' is required")
                for column in ("place", "dong") if column not in sheet.header]
    if problems:
        return problems
    problems += [Problem(sheet.name, sheet.header_row, column, "unknown column, ignored", "warning")
                 for column in sheet.header if column and column not in COLUMNS]
    own = {squash(name): s.dong for s in schedules for name in (s.dong, s.dong_en) if squash(name)}
    meanings: dict[str, set[str]] = {}
    for s in schedules:
        for alias in s.aliases:
            meanings.setdefault(squash(alias), set()).add(s.dong)
    taken: dict[str, tuple[int, str]] = {}
    dongs = {s.dong for s in schedules}
    for row, values in sheet.rows:
        place, dong = values.get("place", ""), values.get("dong", "")
        if not place:
            problems.append(Problem(sheet.name, row, "place", "empty: the name residents use, e.g. 왕십리역"))
        if dong not in dongs:
            problems.append(Problem(sheet.name, row, "dong", f"'{dong}' is not a dong of waste_collection.csv"))
        for name in _names(values):
            if name in taken:
                why = f"'{name}' is also a name of '{taken[name][1]}' (row {taken[name][0]}): one place per name"
            else:
                taken[name] = (row, place)
                why = _hides_a_dong(name, dong, own, meanings)
            if why:
                problems.append(Problem(sheet.name, row, _column_of(name, values), why))
    return problems


def _hides_a_dong(name: str, dong: str, own: dict[str, str], meanings: dict[str, set[str]]) -> str | None:
    """Why a place name would hide a 동: it contains another 동's own name, or it is (inside) an alias of others."""
    hidden = next((d for key, d in own.items() if key in name and d != dong), None)
    if hidden:
        return f"'{name}' contains the name of the 동 '{hidden}', which is matched first: the place is never found"
    inside = sorted(alias for alias, ds in meanings.items() if name in alias and ds != {dong})
    clash = name if name in inside else next(iter(inside), None)
    if clash:
        return (f"'{name}' is inside the 동 alias '{clash}' of {', '.join(sorted(meanings[clash]))} "
                f"in waste_collection.csv: it would pin that alias to {dong}")
    return None


def _column_of(name: str, values: dict[str, str]) -> str:
    for column in ("place", "place_en"):
        if squash(values.get(column, "")) == name:
            return column
    return "aliases"
