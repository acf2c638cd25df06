"""Facts an English answer states in words, held against Korean sources that state them otherwise.

The check (bot/answer/check.py) compares the digits of an answer with its sources. An English answer
from a Korean row says some facts in other forms: "200,000 won" for "20만 원", "6 p.m." for "18:00",
"July" for "7월", "Monday" for "월요일". These helpers give the check the forms it needs, so a faithful
answer passes and an answer that moves a deadline to August or a day to Sunday does not.
"""
from __future__ import annotations

import re

_AMOUNT = re.compile(r"\d[\d,]*\s*(?:억|만|천|백)(?:\s*\d[\d,]*\s*(?:억|만|천|백)|억|만|천)*")
_AMOUNT_PART = re.compile(r"(\d[\d,]*)?\s*(억|만|천|백)")
_BIG, _SMALL = {"억": 10**8, "만": 10**4}, {"천": 1000, "백": 100}
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] + f"(?:{m[3:]})?" for m in MONTHS) + r")\b\.?", re.IGNORECASE)
WEEKDAYS = (("monday", "월"), ("tuesday", "화"), ("wednesday", "수"), ("thursday", "목"), ("friday", "금"),
            ("saturday", "토"), ("sunday", "일"))
_WEEKDAY = re.compile(r"\b(" + "|".join(name for name, _ in WEEKDAYS) + r")s?\b", re.IGNORECASE)


def korean_amounts(text: str) -> set[str]:
    """The digits of amounts written with Korean units: "20만 원" → "200000", "1만 5천" → "15000"."""
    found = set()
    for match in _AMOUNT.finditer(text):
        total = section = 0
        for number, unit in _AMOUNT_PART.findall(match.group()):
            value = int(number.replace(",", "")) if number else 0
            if unit in _SMALL:
                section += (value or 1) * _SMALL[unit]
            else:
                total += (section + value or 1) * _BIG[unit]
                section = 0
        found.add(str(total + section))
    return found


def clock_times(text: str) -> str:
    """English clock times in the 24-hour form Korean sources use: "6 p.m." → "18:00", "9:30 am" → "09:30"."""
    def as_24h(match: re.Match) -> str:
        hour, minute, half = int(match.group(1)), match.group(2) or "00", match.group(3).lower()
        hour = hour % 12 + (12 if half == "p" else 0)
        return f"{hour:02d}:{minute}"
    return _CLOCK.sub(as_24h, text)


def _month_number(word: str) -> int:
    return next(n for n, name in enumerate(MONTHS, start=1) if name.startswith(word.lower().rstrip(".")[:3]))


def unsupported_words(answer: str, sources: str) -> list[str]:
    """Months and weekdays the answer names in English that the sources name in neither language."""
    lowered = sources.lower()
    bad = []
    for match in _MONTH.finditer(answer):
        word = match.group(1)
        if word.lower() == "may" and not re.match(r"\s*\d", answer[match.end():]):
            continue   # "you may apply": a month only when a day follows ("May 31")
        number = _month_number(word)
        if not re.search(rf"(?<!\d){number}\s*월", sources) and MONTHS[number - 1] not in lowered:
            bad.append(word)
    for match in _WEEKDAY.finditer(answer):
        name = match.group(1).lower()
        letter = dict(WEEKDAYS)[name]
        korean = rf"{letter}요일|(?<![가-힣\d]){letter}(?=\s*[·,/|~)\-]|\s*$)|(?<=[·,/|~(\-]){letter}(?![가-힣])"
        if name not in lowered and not re.search(korean, sources):
            bad.append(match.group(1))
    return bad
