"""When the office is open: its hours from offices.csv ("평일 09:00-18:00"), public holidays from
holidays.csv (staff-edited), and "now" in Seoul time from Settings.now()."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)
DAY_LETTERS = "월화수목금토일"
_SPAN = re.compile(r"(?P<days>[^\d,/;]*?)\s*(?P<start>\d{1,2}:\d{2})\s*[-~–]\s*(?P<end>\d{1,2}:\d{2})")
_DAY_WORDS = {"평일": range(5), "weekdays": range(5), "매일": range(7), "daily": range(7), "주말": (5, 6)}
DEFAULT_HOURS = "평일 09:00-18:00"


def _days(spec: str) -> set[int]:
    spec = spec.strip().lower()
    for word, days in _DAY_WORDS.items():
        if word in spec:
            return set(days)
    found = re.findall(r"[월화수목금토일]", spec)
    ranged = re.search(r"([월화수목금토일])\s*[-~]\s*([월화수목금토일])", spec)
    if ranged:
        first, last = DAY_LETTERS.index(ranged.group(1)), DAY_LETTERS.index(ranged.group(2))
        return set(range(first, last + 1))
    return {DAY_LETTERS.index(d) for d in found} or set(range(5))


def _time(value: str) -> dt.time:
    hours, minutes = (int(p) for p in value.split(":"))
    return dt.time(23, 59, 59) if hours == 24 else dt.time(hours, minutes)


ROUND_THE_CLOCK = re.compile(r"24\s*시간|24\s*hours|round the clock", re.I)


@dataclass(frozen=True)
class OfficeHours:
    """An hours cell of offices.csv ("평일 09:00-18:00", "월-금 09:00-18:00, 토 09:00-13:00", "24시간 (연중무휴)")
    with the public holidays: the one reading of opening hours (the handoff and the residents' answers)."""
    spans: tuple[tuple[int, dt.time, dt.time], ...]   # (weekday, opens, closes)
    holidays: frozenset[dt.date] = frozenset()
    always: bool = False                              # open round the clock, holidays too

    @classmethod
    def parse(cls, text: str, holidays: frozenset[dt.date] = frozenset()) -> "OfficeHours":
        if ROUND_THE_CLOCK.search(text or ""):
            return cls((), frozenset(holidays), always=True)
        spans = [(day, _time(m["start"]), _time(m["end"])) for m in _SPAN.finditer(text or "")
                 for day in sorted(_days(m["days"]))]
        if not spans:
            logger.warning("office hours %r not understood: using %s", text, DEFAULT_HOURS)
            return cls.parse(DEFAULT_HOURS, holidays)
        return cls(tuple(spans), frozenset(holidays))

    def span_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """When it opens and closes on ``day``; None on a day it stays closed (or round the clock)."""
        if self.always or day in self.holidays:
            return None
        return next(((opens, closes) for weekday, opens, closes in sorted(self.spans, key=lambda s: s[1])
                     if weekday == day.weekday()), None)

    def open_on(self, day: dt.date) -> bool:
        return self.always or self.span_on(day) is not None

    def is_open(self, now: dt.datetime) -> bool:
        if self.always:
            return True
        if now.date() in self.holidays:
            return False
        return any(day == now.weekday() and opens <= now.time() < closes for day, opens, closes in self.spans)

    def next_opening(self, now: dt.datetime) -> dt.datetime:
        """The next time the office opens after ``now`` (within 60 days; holidays skipped)."""
        if self.always:
            return now
        for offset in range(60):
            date = now.date() + dt.timedelta(days=offset)
            if date in self.holidays:
                continue
            for day, opens, _closes in sorted(self.spans, key=lambda s: s[1]):
                start = dt.datetime.combine(date, opens, now.tzinfo)
                if day == date.weekday() and start > now:
                    return start
        return now + dt.timedelta(days=1)
