"""Events from the calendar and welfare programmes for a group."""
from __future__ import annotations

import datetime as dt

from bot.dates import DateRange
from bot.guidance import Button, Citation, Guidance, cite, events, payload, pick
from bot.knowledge.district import District
from bot.knowledge.tables import Event, WelfareProgramme
from bot.particles import particle

ASKABLE_GROUPS = ("seniors", "disabled", "low_income", "single_parent", "children", "youth")
MAX_EVENTS = 5


def event_citations(events: list[Event], lang: str) -> list[Citation]:
    found: list[Citation] = []
    for e in events:
        found += cite("events", e.id, pick(lang, e.title, e.title_en), e.url or e.source_url)
    return found


def _asked(district: District, query: events.EventQuery, lang: str) -> str:
    """"12월 5일(토) 무료 어린이 대상 행사": the question's filters, said back."""
    start, end = events.day_text(query.start, lang), events.day_text(query.end, lang)
    period = start if query.start == query.end else f"{start} ~ {end}"
    label = district.group(query.group) if query.group else None
    every = query.weekday is not None
    if every:
        period = pick(lang, f"매주 {events.KO_WEEKDAYS[query.weekday]}요일({start} ~ {end})",
                      f"on {['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'][query.weekday]}"
                      f" ({start} ~ {end})")
    parts_ko = [period, query.place and f"{query.place} 근처", query.weekdays_only and "평일",
                query.evening and "저녁", query.free and "무료", label and f"{label.label} 대상"]
    parts_en = [query.free and "free", label and f"for {label.label_en.lower()}",
                query.place and f"near {query.place}", query.weekdays_only and "on weekdays",
                query.evening and "in the evening", period]
    return pick(lang, " ".join(p for p in parts_ko if p), " ".join(p for p in parts_en if p))


def events_on(district: District, span: DateRange | None, today: dt.date, lang: str,
              group: str | None = None, query: events.EventQuery | None = None) -> Guidance:
    """Events that meet every filter of the question; when none does, say so and offer the nearest."""
    query = query or events.read_query(district, "", span, today, group)
    found = events.matching(district, query)
    asked = _asked(district, query, lang)
    if found:
        shown = found[:MAX_EVENTS]
        text = pick(lang, f"{asked} 행사예요.", f"Events {asked}:") + "\n" + "\n".join(events.event_line(e, lang) for e in shown)
        if len(found) > len(shown):
            text += pick(lang, f"\n그 밖에 {len(found) - len(shown)}개가 더 있어요. 날짜를 좁혀 물어봐 주세요.",
                         f"\n{len(found) - len(shown)} more; ask about a shorter period to see them.")
        return Guidance(text, citations=event_citations(shown, lang))
    near = events.nearest(district, query, today)
    text = pick(lang, f"{asked} 조건에 맞는 행사는 찾지 못했어요.", f"I found no events {asked}.")
    if near:
        text += pick(lang, "\n대신 가까운 다른 행사예요 (괄호 안은 물어보신 것과 다른 점):",
                     "\nThe nearest other events (in brackets: how each differs from what you asked):")
        text += "\n" + "\n".join(events.labelled_line(e, missed, lang) for e, missed in near)
    return Guidance(text, citations=event_citations([e for e, _ in near], lang))


def event_card(event: Event, lang: str, lead: str = "") -> Guidance:
    """Everything the row says about one event, with an answer to the question first when there is one."""
    rows = [("일시", "When", f"{events.when_text(event, lang)} {event.time}".strip()),
            ("장소", "Where", pick(lang, event.place, event.place_en or event.place)),
            ("대상", "Who", pick(lang, event.audience, event.audience_en or event.audience)),
            ("참가비", "Fee", pick(lang, event.fee, event.fee_en or event.fee)),
            ("신청", "Sign-up", pick(lang, event.signup_how, event.signup_how_en or event.signup_how)),
            ("안내", "About", pick(lang, event.description, event.description_en or event.description))]
    lines = [f"• {pick(lang, ko, en)}: {value}" for ko, en, value in rows if value]
    text = (lead + "\n\n" if lead else "") + pick(lang, event.title, event.title_en) + "\n" + "\n".join(lines)
    return Guidance(text, citations=event_citations([event], lang))


def ask_group(district: District, lang: str, intent: str, relative: str = "") -> Guidance:
    """Who the support is for; ``relative``: the person the resident named without an age ("아버지"), whose age and
    situation are asked for instead."""
    text = pick(lang, "어떤 분을 위한 지원을 찾으세요? 아래에서 골라 주세요.",
                "Who is the support for? Please choose below.")
    if relative:
        text = pick(lang, f"{relative}의 연세가 어떻게 되세요? 나이나 사정(혼자 사시는지, 편찮으신지 등)을 말씀해 주시거나 "
                          f"아래에서 골라 주세요.",
                    f"How old is your {relative}, and what is their situation (living alone, unwell…)? Tell me, or "
                    f"choose below.")
    buttons = [Button(pick(lang, g.label, g.label_en), payload(intent, target_group=g.group))
               for g in district.groups if g.group in ASKABLE_GROUPS]
    return Guidance(text, buttons)


def group_examples(district: District, lang: str, intent: str) -> Guidance:
    """"잘 모르겠어요" to "어떤 분을 위한 지원을 찾으세요?": who is helped, each group with a programme of its own as
    an example, and that describing the person is answer enough — the buttons again, never the bare question."""
    lines = []
    for group in (g for g in district.groups if g.group in ASKABLE_GROUPS):
        example = next((p for p in district.welfare if p.target_group == group.group), None)
        shown = pick(lang, group.label, group.label_en)
        lines.append(f"• {shown}" + (f" ({pick(lang, '예: ', 'e.g. ')}{pick(lang, example.name, example.name_en)})"
                                     if example else ""))
    text = pick(lang, "괜찮아요. 예를 들어 이런 분들을 도와드려요.\n" + "\n".join(lines)
                + "\n도움을 받으실 분의 나이나 사정을 말씀해 주셔도 돼요. (예: '혼자 사시는 일흔 살 어머니', '대학생 자취생')",
                "No problem. For example, there is help for:\n" + "\n".join(lines)
                + "\nYou can also just tell me about the person (e.g. 'my mother, 72, lives alone' or 'a student "
                  "living alone').")
    return Guidance(text, ask_group(district, lang, intent).buttons)


def programme_citations(programmes: list[WelfareProgramme], lang: str) -> list[Citation]:
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
    return Guidance(text, buttons, programme_citations(programmes, lang))


def how_to_apply(programme: WelfareProgramme, lang: str, lead: str = "") -> Guidance:
    """The programme's card: who, what, how to apply, documents, applying for someone else, contact."""
    documents = pick(lang, ", ".join(programme.documents), ", ".join(programme.documents_en))
    department = pick(lang, programme.department, programme.department_en or programme.department)
    proxy = pick(lang, programme.proxy_application, programme.proxy_application_en or programme.proxy_application)
    if lang == "en":
        text = (f"{programme.name_en}\n• Who: {programme.eligibility_en}\n• Support: {programme.benefit_en}\n"
                f"• How to apply: {programme.how_to_apply_en}\n• Documents: {documents or '-'}\n"
                + (f"• Applying for someone else: {proxy}\n" if proxy else "")
                + f"• Contact: {department}, {programme.phone}")
    else:
        text = (f"{programme.name}\n• 대상: {programme.eligibility}\n• 지원 내용: {programme.benefit}\n"
                f"• 신청 방법: {programme.how_to_apply}\n• 준비 서류: {documents or '-'}\n"
                + (f"• 대신 신청: {proxy}\n" if proxy else "")
                + f"• 문의: {department} {programme.phone}")
    return Guidance((lead + "\n\n" if lead else "") + text, citations=programme_citations([programme], lang))
