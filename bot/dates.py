"""Korean and English date phrases, resolved against a given "today".

Standard library only: the Rasa engine imports this too (to tag ``date`` entities).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KO_WEEKDAYS = "월화수목금토일"
EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july",
             "august", "september", "october", "november", "december"]


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    phrase: str
    span: tuple[int, int]
    # "on sundays", "매주 토요일", "토요일마다": that weekday every week, not only the next one
    every: bool = False


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday_in(today: dt.date, weekday: int, week_offset: int | None) -> dt.date:
    if week_offset is None:  # "화요일": the next one, today included
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    return _week_start(today) + dt.timedelta(weeks=week_offset, days=weekday)


def _month_day(today: dt.date, month: int, day: int) -> dt.date | None:
    try:
        candidate = dt.date(today.year, month, day)
    except ValueError:
        return None
    # A date long past this year means next year ("1월 10일" asked in November).
    if (today - candidate).days > 60:
        candidate = candidate.replace(year=today.year + 1)
    return candidate


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


_WEEK_WORD = r"(?P<week>다다음\s*주|다음\s*주|이번\s*주|담주|다다음|다음|이번|this|next)?\s*"
_MONTHS = "|".join(m[:3] + r"[a-z]*" for m in EN_MONTHS)
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?P<y>20\d\d)[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})"),
    ("ko_md", r"(?P<m>1[0-2]|0?[1-9])\s*월\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*일"),
    ("en_md", r"(?P<mon>" + _MONTHS + r")\.?\s+" + _DAY + r"(?:st|nd|rd|th)?\b"),
    ("en_dm", r"\b" + _DAY + r"(?:st|nd|rd|th)?\s+(?P<mon>" + _MONTHS + r")\b"),
    ("slash_md", r"(?<![\d-])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])(?![\d/])"),
    ("after", r"(?P<n>\d{1,2})\s*(?P<unit>일|주)\s*(?:후|뒤)|in\s+(?P<en_n>\d{1,2})\s+(?P<en_unit>days?|weeks?)|"
              r"(?P<en_n2>\d{1,2})\s+(?P<en_unit2>days?|weeks?)\s+(?:later|from now)"),
    ("weekend", _WEEK_WORD + r"(?:주말|weekend)"),
    ("weekday", r"(?P<every>매주\s*)?" + _WEEK_WORD + r"(?P<wd>[월화수목금토일])요일(?P<every2>\s*마다)?|"
                + _WEEK_WORD.replace("week", "week2") + r"(?<![a-z])(?P<enwd>" + "|".join(EN_WEEKDAYS) + r")(?P<plural>s)?(?![a-z])"),
    ("week", r"(?P<week>이번\s*주|이번주|다음\s*주|다음주|담주|다다음\s*주|this week|next week)"),
    ("named_month", r"(?<![\d.\-/])(?P<m>1[0-2]|0?[1-9])\s*월(?!\s*\d)|\b(?:in|during|for)\s+(?P<mon>" + _MONTHS + r")\b(?!\s*\d)"),
    ("month", r"(?P<which>이번\s*달|이번달|다음\s*달|다음달|담달|this month|next month)"),
    ("day", r"(?P<word>오늘|내일|낼|모레|today|tonight|tomorrow|day after tomorrow)"),
]
_COMPILED = [(name, re.compile(rx, re.IGNORECASE)) for name, rx in _PATTERNS]


def _week_offset(word: str | None) -> int | None:
    if not word:
        return None
    word = word.replace(" ", "").lower()
    if word in {"다다음주", "다다음"}:
        return 2
    if word in {"다음주", "담주", "다음", "next"}:
        return 1
    return 0


def _named_month(g: dict, today: dt.date) -> tuple[dt.date, dt.date] | None:
    month = int(g["m"]) if g["m"] else next(i for i, full in enumerate(EN_MONTHS, 1)
                                            if full.startswith(g["mon"][:3].lower()))
    year = today.year + (1 if month < today.month - 2 else 0)   # "1월" asked in November: next January
    start, end = _month_range(year, month)
    return (max(start, today), end) if end >= today else None


def _resolve(name: str, m: re.Match, today: dt.date) -> tuple[dt.date, dt.date] | None:
    g = m.groupdict()
    if name == "iso":
        day = dt.date(int(g["y"]), int(g["m"]), int(g["d"]))
        return day, day
    if name in {"ko_md", "slash_md"}:
        day = _month_day(today, int(g["m"]), int(g["d"]))
        return (day, day) if day else None
    if name in {"en_md", "en_dm"}:
        month = next(i for i, full in enumerate(EN_MONTHS, 1) if full.startswith(g["mon"][:3].lower()))
        day = _month_day(today, month, int(g["d"]))
        return (day, day) if day else None
    if name == "after":
        n = int(g["n"] or g["en_n"] or g["en_n2"])
        unit = (g["unit"] or g["en_unit"] or g["en_unit2"]).lower()
        day = today + dt.timedelta(days=n * (7 if unit in {"주", "week", "weeks"} else 1))
        return day, day
    if name == "weekend":
        offset = _week_offset(g["week"]) or 0
        saturday = _week_start(today) + dt.timedelta(weeks=offset, days=5)
        return max(saturday, today), saturday + dt.timedelta(days=1)
    if name == "weekday":
        if g.get("wd"):
            day = _weekday_in(today, KO_WEEKDAYS.index(g["wd"]), _week_offset(g["week"]))
        else:
            day = _weekday_in(today, EN_WEEKDAYS.index(g["enwd"].lower()), _week_offset(g["week2"]))
        return day, day
    if name == "week":
        offset = _week_offset(g["week"].split()[0] if g["week"].lower().startswith(("this", "next")) else g["week"])
        start = _week_start(today) + dt.timedelta(weeks=offset or 0)
        return max(start, today), start + dt.timedelta(days=6)
    if name == "named_month":
        return _named_month(g, today)
    if name == "month":
        nxt = any(w in g["which"].lower() for w in ("다음", "담", "next"))
        start, end = _month_range(today.year, today.month + (1 if nxt else 0))
        return max(start, today), end
    word = g["word"].lower()
    offset = {"오늘": 0, "today": 0, "tonight": 0, "내일": 1, "낼": 1, "tomorrow": 1,
              "모레": 2, "day after tomorrow": 2}[word]
    day = today + dt.timedelta(days=offset)
    return day, day


def find_date(text: str, today: dt.date) -> DateRange | None:
    """The first date phrase in ``text`` (earliest, then longest), resolved."""
    found: list[DateRange] = []
    kinds: list[str] = []
    for name, rx in _COMPILED:
        for m in rx.finditer(text):
            try:
                resolved = _resolve(name, m, today)
            except ValueError:
                continue
            if resolved:
                every = name == "weekday" and any(m.groupdict().get(g) for g in ("every", "every2", "plural"))
                found.append(DateRange(resolved[0], resolved[1], m.group(0).strip(), m.span(), every))
                kinds.append(name)
    if not found:
        return None
    # "Saturday December 5th", "12월 5일 토요일", "5일(토)": the weekday only names the date beside it
    exact = [r for r, name in zip(found, kinds) if name in _EXACT]
    found = [r for r, name in zip(found, kinds)
             if not (name == "weekday" and any(_beside(r.span, e.span) for e in exact))]
    return min(found, key=lambda r: (r.span[0], -(r.span[1] - r.span[0])))


_EXACT = {"iso", "ko_md", "en_md", "en_dm", "slash_md"}


def _beside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return -3 <= b[0] - a[1] <= 3 or -3 <= a[0] - b[1] <= 3


def seoul_time(stamp: str, seoul: dt.tzinfo) -> dt.datetime:
    """An ISO date and time; one without an offset is Seoul time. Raises ValueError on anything else."""
    moment = dt.datetime.fromisoformat(stamp.strip())
    return moment.replace(tzinfo=seoul) if moment.tzinfo is None else moment.astimezone(seoul)
