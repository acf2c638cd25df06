"""Office hours, address and phone; who to call when a person is needed."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Iterable

from bot.guidance import Button, Guidance, cite, pick
from bot.handoff.hours import OfficeHours
from bot.knowledge.district import District
from bot.knowledge.tables import Office
from bot.particles import particle


def office_card(office: Office, lang: str) -> Guidance:
    name, hours = pick(lang, office.name, office.name_en), pick(lang, office.hours, office.hours_en)
    address = pick(lang, office.address, office.address_en or office.address)
    if lang == "en":
        text = f"{name}\n• Hours: {hours}\n• Phone: {office.phone}" + (f"\n• Address: {address}" if address else "")
    else:
        text = f"{name}\n• 운영 시간: {hours}\n• 전화: {office.phone}" + (f"\n• 주소: {address}" if address else "")
    return Guidance(text, citations=cite("offices", office.id, name, office.source_url))


def person_to_call(district: District, lang: str) -> Guidance:
    """Live handoff is not there yet: give the numbers and hours of people who can help."""
    lines = []
    for kind in ("district_office", "duty_office", "call_centre"):
        office = district.office_of(kind)
        if office:
            lines.append(f"• {pick(lang, office.name, office.name_en)}: {office.phone} "
                         f"({pick(lang, office.hours, office.hours_en)})")
    text = pick(lang, "직원과 직접 이야기하시려면 아래로 전화해 주세요.",
                "To talk to a person, please call:") + "\n" + "\n".join(lines)
    office = district.office_of("district_office")
    citations = cite("offices", office.id, pick(lang, office.name, office.name_en), office.source_url) if office else []
    return Guidance(text, citations=citations)



# --- open now? -----------------------------------------------------------------------------------
_PERSON = r"(누구|누가|아무도|아무|사람|직원|상담원|상담사|담당자|공무원|선생님)"
_ASKS_THERE = re.compile(
    _PERSON + r"\s*(라도|이라도|도|분|이)?\s*(지금\s*)?(있|계세|계신|계십|계시|없)|"
    r"(지금|이\s*시간|이\s*시간에|밤|새벽|주말)\S*\s*(전화|상담)\s*(받|돼|되|가능)|"
    # "is there someone who can check in on him?" asks for a service, not whether a person is there now
    r"\b(is|are)\s+(there\s+)?(anyone|anybody|someone|somebody|a\s+(real\s+)?(person|human)|staff|an?\s+agent)\b"
    r"(?!\s+(who|that|to|for)\b)(\s+(there|here|around|available|working|in|on))?|"
    r"\b(anyone|anybody|someone)\s+(there|around|available|working)\b|"
    r"(지금|바로|당장)\s*.{0,12}" + _PERSON + r".{0,8}(통화|연결|얘기|이야기|상담)\s*(할|하|돼|되|가능)|"
    r"\b(speak|talk)\s+(to|with)\s+(a\s+)?(human|person|someone|somebody|staff|an?\s+agent)\b.{0,20}\b(now|right now|tonight)\b",
    re.IGNORECASE)
KO_DAYS = "월화수목금토일"


def hours_of(office: Office, holidays: Iterable[dt.date] = ()) -> OfficeHours:
    """The office's hours cell as bot.handoff reads it (one reading of opening hours for both)."""
    return OfficeHours.parse(office.hours, frozenset(holidays))


def every_centre(district: District, name: str = "동 주민센터", name_en: str = "The community centre") -> Office | None:
    """The community centres as one office when every centre keeps the same hours (offices.csv, in both languages):
    the first centre's row, named for all of them; None when there is no centre or their hours differ."""
    centres = [o for o in district.offices if o.kind == "community_centre"]
    if not centres or len({(o.hours, o.hours_en) for o in centres}) != 1:
        return None
    return replace(centres[0], name=name, name_en=name_en)


def asks_if_anyone_there(text: str) -> bool:
    """"지금 누구 있어요?", "상담원 있나요 지금", "is anyone there now?": is a person there right now."""
    return bool(text) and _ASKS_THERE.search(text) is not None


def holidays_of(district: District, extra: Iterable[dt.date] = ()) -> set[dt.date]:
    """Public holidays: the district's holiday table (holidays.csv), and any others given."""
    return set(district.holidays) | set(extra)


def _when(moment: dt.datetime, now: dt.datetime, lang: str) -> str:
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return pick(lang, f"오늘 {clock}", f"today at {clock}")
    if moment.date() == now.date() + dt.timedelta(days=1):
        return pick(lang, f"내일 {clock}", f"tomorrow at {clock}")
    return pick(lang, f"{moment.month}월 {moment.day}일({KO_DAYS[moment.weekday()]}) {clock}",
                f"{moment.strftime('%A %d %B')} at {clock}")


def open_now_line(office: Office, now: dt.datetime, lang: str, holidays: set[dt.date] = frozenset()) -> str:
    """"지금 운영 중이에요 (18:00까지)." or "지금은 운영 시간이 아니에요. 내일 09:00에 열어요."."""
    hours, name = hours_of(office, holidays), pick(lang, office.name, office.name_en)
    if hours.is_open(now):
        today = hours.span_on(now.date())
        until = today[1].strftime("%H:%M") if today else ""
        return pick(lang, f"{name}{particle(name, '은')} 지금 운영 중이에요" + (f"({until}까지)." if until else "."),
                    f"{name} is open now" + (f" (until {until})." if until else "."))
    opens = _when(hours.next_opening(now), now, lang)
    if not hours.open_on(now.date()):
        return pick(lang, f"오늘은 쉬는 날이라 {name}{particle(name, '이')} 문을 닫았어요. {opens}에 열어요.",
                    f"{name} is closed today. It opens {opens}.")
    return pick(lang, f"지금은 운영 시간이 아니라 {name}{particle(name, '이')} 문을 닫았어요. {opens}에 열어요.",
                f"{name} is closed right now (outside opening hours). It opens {opens}.")


def open_on_line(office: Office, day: dt.date, lang: str, holidays: set[dt.date] = frozenset(),
                 every: bool = False) -> str:
    """"토요일에는 문을 닫아요." / "12월 1일(화)에는 09:00-18:00에 열어요." for a day asked about."""
    hours, name = hours_of(office, holidays), pick(lang, office.name, office.name_en)
    when = pick(lang, f"{KO_DAYS[day.weekday()]}요일" if every else f"{day.month}월 {day.day}일({KO_DAYS[day.weekday()]})",
                day.strftime("%A") + ("s" if every else f" {day.day} {day.strftime('%B')}"))
    if not hours.open_on(day):
        return pick(lang, f"{when}에는 {name}{particle(name, '이')} 문을 닫아요.", f"{name} is closed on {when}.")
    opening = hours.span_on(day)
    span = f"{opening[0]:%H:%M}-{opening[1]:%H:%M}" if opening else pick(lang, "24시간", "24 hours")
    return pick(lang, f"{when}에는 {span}에 열어요.", f"On {when} it is open {span}.")


def anyone_there(district: District, now: dt.datetime, lang: str, holidays: Iterable[dt.date] = ()) -> Guidance:
    """Is the district office open now (Seoul time), its hours, when it opens, and what the bot does now."""
    days = holidays_of(district, holidays)
    office = district.office_of("district_office")
    call = district.office_of("call_centre")
    lines = []
    if office:
        lines.append(open_now_line(office, now, lang, days))
        lines.append(pick(lang, f"운영 시간: {office.hours} · 전화 {office.phone}",
                          f"Opening hours: {office.hours_en} · phone {office.phone}"))
    is_open = bool(office) and hours_of(office, days).is_open(now)
    if call and not is_open:
        lines.append(pick(lang, f"급한 일은 {call.name}({call.phone}, {call.hours})에 전화하실 수 있어요.",
                          f"For something urgent you can call {call.name_en} ({call.phone}, {call.hours_en})."))
    duty = district.office_of("duty_office")
    if duty and not is_open:    # the district's own after-hours line (offices.csv, kind duty_office)
        lines.append(pick(lang, f"구청이 닫힌 시간에는 {duty.name}({duty.phone}, {duty.hours})에 사람이 있어요.",
                          f"While the office is closed, someone answers at the {duty.name_en} ({duty.phone}, {duty.hours_en})."))
    lines.append(pick(lang, "저는 언제든 도와드려요: 지금 민원을 신고하시면 접수해 두고 담당 부서가 운영 시간에 확인해요. "
                            "쓰레기·재활용, 복지, 행사 같은 궁금한 것도 물어봐 주세요.",
                      "I'm here any time: I can take a complaint now (the department sees it in opening hours) "
                      "and answer questions about waste and recycling, welfare and events."))
    buttons = [Button(pick(lang, "민원 신고하기", "File a complaint"), "/file_complaint")]
    citations = []
    for shown in (office, call, duty if not is_open else None):
        if shown:
            citations += cite("offices", shown.id, pick(lang, shown.name, shown.name_en), shown.source_url)
    return Guidance("\n".join(lines), buttons, citations)


# --- "오늘 구청 가면 …?": can I go there now? ----------------------------------------------------------
_OFFICE_WORD = re.compile(r"(?P<district>구청|구\s*청사|district office|city hall|gu office)|"
                          r"(?P<centre>주민\s*센터|동사무소|동\s*사무소|행정\s*복지\s*센터|community\s+(service\s+)?cent(re|er))",
                          re.IGNORECASE)
_NOW_WORD = re.compile(r"오늘|지금|당장|이따가?|이\s*시간|today|\bnow\b|tonight|this (morning|afternoon|evening)",
                       re.IGNORECASE)
_VISIT_WORD = re.compile(r"가면|가도|가서|갈\s*(수|게|까)|가\s*보|들르|방문|열어|열었|열려|문\s*(열|닫)|닫|하나요|해요\?|"
                         r"\bgo\b|\bvisit|\bopen|\bclosed?\b", re.IGNORECASE)


def visit_today(district: District, text: str, now: dt.datetime, lang: str,
                holidays: Iterable[dt.date] = ()) -> Guidance | None:
    """"오늘 구청 가면 서류 뗄 수 있어요?", "Is the community centre open today? I need …": whether that office
    is open now (Seoul time, holidays.csv counted) — said before whatever else the question asks."""
    if not text:
        return None
    office_word = _OFFICE_WORD.search(text)
    if not office_word or not _NOW_WORD.search(text) or not _VISIT_WORD.search(text):
        return None
    if office_word.group("district"):
        office = district.office_of("district_office")
    else:
        named = [o for o in district.offices if o.kind == "community_centre" and o.dong and o.dong in text]
        office = named[0] if len(named) == 1 else every_centre(district, name="주민센터")
    if office is None:
        return None
    line = open_now_line(office, now, lang, holidays_of(district, holidays))
    return Guidance(line + " " + pick(lang, f"(운영 시간: {office.hours})", f"(Opening hours: {office.hours_en})"),
                    citations=cite("offices", office.id, pick(lang, office.name, office.name_en), office.source_url))
