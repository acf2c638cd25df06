"""Events that fit what the resident asked: the days, the place, the price, the audience.

A question's filters ("토요일에", "평일 저녁", "서울숲 근처", "무료", "어르신") are read into an
``EventQuery``; an event is offered only when it meets every one of them, on a day it really
runs (a class that meets on 화·목 is not offered for a Saturday). When none does, the reply says
so and offers the nearest events, each labelled with what differs from the question.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.dates import DateRange
from bot.guidance import pick
from bot.knowledge.district import District
from bot.knowledge.matching import squash
from bot.knowledge.tables import Event

KO_WEEKDAYS = "월화수목금토일"
DEFAULT_DAYS = 14
EVERY_WEEK_DAYS = 28   # "on saturdays": the next four of them
# Who may come to an event for a group: a family event suits children, an event for all suits anyone.
SUITS = {"children": {"children", "families", "all"}, "families": {"families", "children", "all"}}
_FREE = re.compile(r"무료|공짜|돈\s*(안|없이|들지\s*않)|\bfree\b|no charge|without paying", re.I)
_EVENING = re.compile(r"저녁|밤에|퇴근\s*(후|하고)|evening|night|after work", re.I)
_MORNING = re.compile(r"오전|아침|morning", re.I)
_WEEKDAYS = re.compile(r"평일|weekdays?\b(?!\s*end)", re.I)
# "주말엔 못 나가세요", "she can't go on weekends": the weekend is what is NOT asked for
NOT_WEEKEND = re.compile(r"(주말|토요일|일요일)\S{0,3}\s*(은|는|엔|에는)?\s*"
                         # "주말에는 제가 못 모셔다 드려서요": who cannot may stand between
                         r"((제가|저는|내가|나는|우리는|우리가|애들이|엄마가|아빠가)\s*)?(못|안\s|안되|안 돼|말고|빼고|힘들|어렵)|"
                         # "주말은 제가 일을 해서요": the weekend is when the resident is busy
                         r"(주말|토요일|일요일)\S{0,3}\s*(은|는|엔|에는)\s*(제가|저는|내가|나는|우리는|애들이)?\s*"
                         r"(일|출근|근무|알바|바빠|바쁘|시간이\s*없)|"
                         r"\b(i|we|he|she) (work|am busy|are busy|is busy) (on )?(the )?(weekends?|saturdays?|sundays?)\b|"
                         r"\b(can'?t|cannot|can not|not|never|unable to)\b[^.!?]{0,25}\b(weekends?|saturdays?|sundays?)\b|"
                         r"\b(not|except)\s+(on\s+)?(the\s+)?(weekends?|saturdays?|sundays?)\b", re.I)
_NOW = re.compile(r"지금|요즘|현재|right now|currently|\bnow\b", re.I)
_CATEGORIES = [
    ("exhibition", re.compile(r"전시|exhibition|gallery", re.I)),
    ("festival", re.compile(r"축제|공연|음악회|콘서트|festival|concert|performance", re.I)),
    ("class", re.compile(r"강좌|교실|수업|강의|배우|class|course|lesson|workshop", re.I)),
    ("sports", re.compile(r"운동|체육|스포츠|걷기|sports?\b", re.I)),
]


@dataclass(frozen=True)
class EventQuery:
    start: dt.date
    end: dt.date
    group: str | None = None
    free: bool = False
    place: str = ""               # a 동, station or landmark as the resident wrote it
    weekdays_only: bool = False   # "평일"
    evening: bool = False
    morning: bool = False
    categories: tuple[str, ...] = ()
    weekday: int | None = None    # "on sundays", "매주 토요일": only that day of the week


def place_named(district: District, text: str) -> str:
    """The longest nearby-place name (an event's ``area`` entry) the question contains."""
    squashed, lowered = squash(text), text.lower()
    names = {a for e in district.events for a in e.area}
    found = [a for a in names if (squash(a) in squashed if re.search(r"[가-힣]", a)
                                  else re.search(rf"\b{re.escape(a.lower())}\b", lowered))]
    return max(found, key=len) if found else ""


_AGE = re.compile(r"(?<!\d)(\d{1,2})\s*(살|세|-?\s*years?[\s-]*old|-?\s*yr)", re.I)


def group_for_age(text: str) -> str | None:
    """The group an age falls in: "my 7 year old", "7살 아이" → children; "70세 어머니" → seniors."""
    found = _AGE.search(text)
    if not found:
        from bot.dialogue.people import group_in     # "my grandmother is 70", "일흔여덟이신 어머니"

        return group_in(text) if group_in(text) in ("children", "youth", "seniors") else None
    age = int(found.group(1))
    return "children" if age < 13 else "youth" if age < 25 else "seniors" if age >= 65 else None


def read_query(district: District, text: str, span: DateRange | None, today: dt.date,
               group: str | None = None) -> EventQuery:
    weekday = None
    if span and not span.every and NOT_WEEKEND.search(text) and \
            all((span.start + dt.timedelta(days=n)).weekday() >= 5 for n in range((span.end - span.start).days + 1)):
        span = None       # "평일 낮에 … 주말은 제가 일을 해서요": the weekend named is the one NOT asked for
    if span and span.every:
        start, end, weekday = today, today + dt.timedelta(days=EVERY_WEEK_DAYS - 1), span.start.weekday()
    elif span:
        start, end = max(span.start, today), span.end
    elif _NOW.search(text):
        start = end = today
    else:
        start, end = today, today + dt.timedelta(days=DEFAULT_DAYS - 1)
    categories = tuple(name for name, rx in _CATEGORIES if rx.search(text))
    # "평일엔 일을 해서… 주말에": a weekend asked for outright wins over "평일" said in passing
    weekend_only = all((start + dt.timedelta(days=n)).weekday() >= 5 for n in range((end - start).days + 1))
    weekdays = bool(_WEEKDAYS.search(text) or NOT_WEEKEND.search(text))
    return EventQuery(start, max(start, end), group or group_for_age(text), bool(_FREE.search(text)), place_named(district, text),
                      weekdays and not weekend_only, bool(_EVENING.search(text)), bool(_MORNING.search(text)),
                      categories, weekday)


def _starts(event: Event) -> dt.time | None:
    found = re.match(r"\s*(\d{1,2}):(\d\d)", event.time)
    return dt.time(int(found.group(1)) % 24, int(found.group(2))) if found else None


def _runs_in(event: Event, query: EventQuery) -> bool:
    day = max(query.start, event.start_date)
    while day <= min(query.end, event.end_date):
        if event.runs_on(day) and not (query.weekdays_only and day.weekday() >= 5) \
                and query.weekday in (None, day.weekday()):
            return True
        day += dt.timedelta(days=1)
    return False


def misses(event: Event, query: EventQuery) -> list[str]:
    """What about ``event`` contradicts the question: "date", "place", "fee", "audience", "time", "kind"."""
    found = []
    if not _runs_in(event, query):
        found.append("date")
    if query.place and not any(squash(query.place) == squash(a) for a in event.area) \
            and squash(query.place) not in squash(event.place):
        found.append("place")
    if query.free and not event.is_free():
        found.append("fee")
    if query.group and event.target_group not in SUITS.get(query.group, {query.group, "all"}):
        found.append("audience")
    starts = _starts(event)
    if starts and ((query.evening and starts.hour < 17) or (query.morning and starts.hour >= 12)):
        found.append("time")
    if query.categories and event.category not in query.categories:
        found.append("kind")
    return found


def matching(district: District, query: EventQuery) -> list[Event]:
    found = [e for e in district.events if not misses(e, query)]
    return sorted(found, key=lambda e: (query.group is not None and e.target_group != query.group,
                                        e.start_date, e.title))


def nearest(district: District, query: EventQuery, today: dt.date, limit: int = 3) -> list[tuple[Event, list[str]]]:
    """Upcoming events that meet the most of the question, each with what it misses."""
    scored = []
    for event in district.events:
        if event.end_date < today:
            continue
        missed = misses(event, query)
        scored.append((len(missed), abs((event.start_date - query.start).days), event.title, event, missed))
    return [(event, missed) for *_, event, missed in sorted(scored, key=lambda s: s[:3])[:limit]]


def day_text(day: dt.date, lang: str) -> str:
    return day.strftime("%a %d %b") if lang == "en" else f"{day.month}월 {day.day}일({KO_WEEKDAYS[day.weekday()]})"


def when_text(event: Event, lang: str) -> str:
    when = day_text(event.start_date, lang)
    if event.end_date != event.start_date:
        when += f" ~ {day_text(event.end_date, lang)}"
    if event.weekdays:
        en = {d: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][KO_WEEKDAYS.index(d)] for d in event.weekdays}
        when += pick(lang, f" 매주 {'·'.join(event.weekdays)}요일", f", every {' and '.join(en.values())}")
    return when


def event_line(event: Event, lang: str) -> str:
    place, fee = pick(lang, event.place, event.place_en), pick(lang, event.fee, event.fee_en)
    details = ", ".join(part for part in (event.time, place, fee) if part)
    return f"• {when_text(event, lang)} {pick(lang, event.title, event.title_en)}" + (f" — {details}" if details else "")


MISS_LABELS = {
    "date": ("날짜가 달라요", "on other days"), "place": ("다른 곳에서 해요", "elsewhere"),
    "fee": ("유료예요", "not free"), "audience": ("대상이 달라요", "for another audience"),
    "time": ("시간대가 달라요", "at another time of day"), "kind": ("종류가 달라요", "another kind of event"),
}


def labelled_line(event: Event, missed: list[str], lang: str) -> str:
    labels = [pick(lang, *MISS_LABELS[m]) for m in missed]
    return event_line(event, lang) + (f" ({', '.join(labels)})" if labels else "")
