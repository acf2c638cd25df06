"""Events from the calendar and welfare programmes for a group."""
from __future__ import annotations

import datetime as dt

from bot.dates import DateRange
from bot.guidance import Button, Citation, Guidance, cite, payload, pick
from bot.knowledge.district import District
from bot.knowledge.tables import Event, WelfareProgramme
from bot.particles import particle

KO_WEEKDAYS = "월화수목금토일"
ASKABLE_GROUPS = ("seniors", "disabled", "low_income", "single_parent", "children", "youth")
MAX_EVENTS = 5


def _day(day: dt.date, lang: str) -> str:
    if lang == "en":
        return day.strftime("%a %d %b")
    return f"{day.month}월 {day.day}일({KO_WEEKDAYS[day.weekday()]})"


def _event_line(event: Event, lang: str) -> str:
    when = _day(event.start_date, lang)
    if event.end_date != event.start_date:
        when += f" ~ {_day(event.end_date, lang)}"
    place, fee = pick(lang, event.place, event.place_en), pick(lang, event.fee, event.fee_en)
    details = ", ".join(part for part in (event.time, place, fee) if part)
    return f"• {when} {pick(lang, event.title, event.title_en)}" + (f" — {details}" if details else "")


def _event_citations(events: list[Event], lang: str) -> list[Citation]:
    found: list[Citation] = []
    for e in events:
        found += cite("events", e.id, pick(lang, e.title, e.title_en), e.url or e.source_url)
    return found


def events_on(district: District, span: DateRange | None, today: dt.date, lang: str,
              group: str | None = None) -> Guidance:
    start, end = (span.start, span.end) if span else (today, today + dt.timedelta(days=13))
    found = district.events_between(start, end, group)
    label = district.group(group) if group else None
    who = pick(lang, f"{label.label} 대상 ", f" for {label.label_en.lower()}") if label else ""
    period = _day(start, lang) if start == end else f"{_day(start, lang)} ~ {_day(end, lang)}"
    if found:
        shown = found[:MAX_EVENTS]
        text = pick(lang, f"{period} {who}행사예요.", f"Events{who}, {period}:")
        text += "\n" + "\n".join(_event_line(e, lang) for e in shown)
        if len(found) > len(shown):
            text += pick(lang, f"\n그 밖에 {len(found) - len(shown)}개가 더 있어요. 날짜를 좁혀 물어봐 주세요.",
                         f"\n{len(found) - len(shown)} more; ask about a shorter period to see them.")
        return Guidance(text, citations=_event_citations(shown, lang))
    upcoming = [e for e in district.events_between(max(end, today), dt.date.max, group)][:3]
    text = pick(lang, f"{period}에는 {who}등록된 행사가 없어요.", f"There are no events{who} listed for {period}.")
    if upcoming:
        text += pick(lang, "\n가까운 다른 행사예요:", "\nComing up next:") + "\n"
        text += "\n".join(_event_line(e, lang) for e in upcoming)
    return Guidance(text, citations=_event_citations(upcoming, lang))


def ask_group(district: District, lang: str, intent: str) -> Guidance:
    text = pick(lang, "어떤 분을 위한 지원을 찾으세요? 아래에서 골라 주세요.",
                "Who is the support for? Please choose below.")
    buttons = [Button(pick(lang, g.label, g.label_en), payload(intent, target_group=g.group))
               for g in district.groups if g.group in ASKABLE_GROUPS]
    return Guidance(text, buttons)


def _programme_citations(programmes: list[WelfareProgramme], lang: str) -> list[Citation]:
    found: list[Citation] = []
    for p in programmes:
        found += cite("welfare", p.id, pick(lang, p.name, p.name_en), p.source_url)
    return found


def programmes_for(district: District, group: str, lang: str) -> Guidance:
    label = district.group(group)
    programmes = district.welfare_for(group)
    who = pick(lang, label.label, label.label_en) if label else group
    if not programmes:
        return Guidance(pick(lang, f"{who} 대상으로 등록된 복지 사업이 아직 없어요. 주민센터에 문의해 주세요.",
                             f"No programmes for {who.lower()} are listed yet. Please ask your community centre."))
    lines = [f"• {pick(lang, p.name, p.name_en)}: {pick(lang, p.benefit, p.benefit_en)}" for p in programmes]
    text = pick(lang, f"{who}{particle(who, '을')} 위한 복지 지원이에요.", f"Welfare support for {who.lower()}:") + "\n" + "\n".join(lines)
    text += pick(lang, "\n신청 방법이 궁금하면 아래 버튼을 눌러 주세요.", "\nTap a button below to see how to apply.")
    buttons = [Button(pick(lang, f"{p.name} 신청", f"Apply: {p.name_en}"),
                      payload("welfare_apply", welfare_programme=p.name)) for p in programmes]
    return Guidance(text, buttons, _programme_citations(programmes, lang))


def how_to_apply(programme: WelfareProgramme, lang: str) -> Guidance:
    documents = pick(lang, ", ".join(programme.documents), ", ".join(programme.documents_en))
    department = pick(lang, programme.department, programme.department_en or programme.department)
    if lang == "en":
        text = (f"{programme.name_en}\n• Who: {programme.eligibility_en}\n• Support: {programme.benefit_en}\n"
                f"• How to apply: {programme.how_to_apply_en}\n• Documents: {documents or '-'}\n"
                f"• Contact: {department}, {programme.phone}")
    else:
        text = (f"{programme.name}\n• 대상: {programme.eligibility}\n• 지원 내용: {programme.benefit}\n"
                f"• 신청 방법: {programme.how_to_apply}\n• 준비 서류: {documents or '-'}\n"
                f"• 문의: {department} {programme.phone}")
    return Guidance(text, citations=_programme_citations([programme], lang))
