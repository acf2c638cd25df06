"""A staff request in plain words ("지난주 성수동 소음 민원 요약", "전동킥보드 민원을 우선순위별로 정리해
줘") made into filters over the complaint store: category, 동, period and status. Rules over the
district's own tables; nothing here needs an LLM."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.complaints.models import STATUSES
from bot.complaints.triage import category_in
from bot.knowledge.district import District
from bot.knowledge.matching import squash

_STATUS_WORDS = (("미처리", ("received",)), ("처리안된", ("received", "in_progress")), ("안된", ("received", "in_progress")),
                 ("진행중", ("in_progress",)), ("처리중", ("in_progress",)), ("완료", ("done",)), ("이관", ("transferred",)),
                 ("접수된", ("received",)))
_OVERDUE_WORDS = ("지연", "기한넘", "기한지난", "기한이지난", "밀린", "overdue", "늦어진")
_RECENT = re.compile(r"최근\s*(\d{1,3})\s*(일|주|개월|달)")
_MONTH = re.compile(r"(?<!\d)(1[0-2]|[1-9])\s*월")
_ISO_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*(?:~|부터|-|–)\s*(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class ReportFilters:
    category: str = ""                          # a complaint_categories key
    dongs: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    statuses: tuple[str, ...] = ()
    overdue_only: bool = False
    understood: tuple[str, ...] = field(default=(), compare=False)   # what was read from the request, in Korean

    def describe(self) -> str:
        return ", ".join(self.understood) or "전체 민원"


def period(text: str, today: dt.date) -> tuple[dt.date | None, dt.date | None, str]:
    """A past period named in the request: (first day, last day, how it was read)."""
    squashed = squash(text)
    week = today - dt.timedelta(days=today.weekday())
    month = today.replace(day=1)
    last_month_end = month - dt.timedelta(days=1)
    fixed = (("오늘", today, today), ("어제", today - dt.timedelta(days=1), today - dt.timedelta(days=1)),
             ("지난주", week - dt.timedelta(days=7), week - dt.timedelta(days=1)),
             ("저번주", week - dt.timedelta(days=7), week - dt.timedelta(days=1)),
             ("이번주", week, today), ("지난달", last_month_end.replace(day=1), last_month_end),
             ("저번달", last_month_end.replace(day=1), last_month_end), ("이번달", month, today),
             ("올해", today.replace(month=1, day=1), today))
    iso = _ISO_RANGE.search(text)
    if iso:
        start, end = dt.date.fromisoformat(iso.group(1)), dt.date.fromisoformat(iso.group(2))
        return start, end, f"{start}~{end}"
    for word, start, end in fixed:
        if word in squashed:
            return start, end, f"{word} ({start}~{end})"
    recent = _RECENT.search(text)
    if recent:
        count, unit = int(recent.group(1)), recent.group(2)
        days = count * {"일": 1, "주": 7, "개월": 30, "달": 30}[unit]
        start = today - dt.timedelta(days=days - 1)
        return start, today, f"최근 {count}{unit} ({start}~{today})"
    named = _MONTH.search(text)
    if named:
        number = int(named.group(1))
        year = today.year if number <= today.month else today.year - 1
        start = dt.date(year, number, 1)
        end = (dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1))
        return start, min(end, today), f"{year}년 {number}월"
    return None, None, ""


def read_request(text: str, district: District, today: dt.date) -> ReportFilters:
    understood = []
    category = category_in(text, district.complaint_categories)
    if category is None:   # the category's own label: "소음 민원", "가로등 고장"
        squashed = squash(text)
        category = next((c for c in district.complaint_categories if squash(c.label) in squashed), None)
    if category is not None:
        understood.append(f"분류: {category.label}")
    dongs = tuple(dict.fromkeys(s.dong for s in district.dong_index.find(text)))
    if dongs:
        understood.append("동: " + ", ".join(dongs))
    since, until, said = period(text, today)
    if said:
        understood.append(f"기간: {said}")
    squashed = squash(text)
    statuses = next((found for word, found in _STATUS_WORDS if word in squashed), ())
    if statuses:
        understood.append("상태: " + ", ".join(STATUSES[s][0] for s in statuses))
    overdue = any(word in squashed for word in _OVERDUE_WORDS)
    if overdue:
        understood.append("처리 기한이 지난 것만")
    return ReportFilters(category.category if category else "", dongs, since, until, statuses, overdue,
                         tuple(understood))
