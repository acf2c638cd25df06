"""Events by date and group; welfare programmes and how to apply."""
from __future__ import annotations

import datetime as dt
import re

from actions.topics import TopicAction, answers
from actions.turn import Turn
from bot.dates import find_date
from bot.guidance import Guidance, community, joined, pick
from bot.guidance import events as events_filter
from bot.guidance.asks import asks
from bot.guidance.followups import event_lead, welfare_lead
from bot.guidance.naming import named_rows
from bot.particles import particle


def _group(turn: Turn) -> str | None:
    named = turn.entity("target_group")
    return turn.district.group_named(named or turn.text)


_NOT_THIS = re.compile(r"말고|아니고|instead of|rather than|not this", re.I)


def _span(turn: Turn):
    """The date asked about; "이번 주 말고 다음 주 토요일": the one after "말고"."""
    negated = _NOT_THIS.search(turn.text)
    if negated:
        later = find_date(turn.text[negated.end():], turn.today)
        if later:
            return later
    if events_filter.NOT_WEEKEND.search(turn.text):     # "주말엔 못 가요": not the weekend's dates
        return find_date(events_filter.NOT_WEEKEND.sub(" ", turn.text), turn.today)
    return turn.date_range()


def without_dongs(turn: Turn, text: str) -> str:
    """The text without the 동 names it holds: "성수2가3동 살아요" names no "성수 겨울 마켓"."""
    for schedule in turn.district.schedules:
        for name in (schedule.dong, schedule.dong_en):
            if name:
                text = re.sub(re.escape(name), " ", text, flags=re.I)
    return text


def _event_named(turn: Turn):
    """An upcoming event the message names ("숲 산책", "송년 음악회"), or None."""
    named = named_rows(without_dongs(turn, turn.text), turn.district.events, lambda e: (e.title, e.title_en))
    return next((e for e in named if e.end_date >= turn.today), None)


@answers("events_search")
def events(turn: Turn) -> Guidance:
    """A named event ("송년 음악회 입장료 있어요?") gets its card; otherwise the events meeting every filter."""
    district, span = turn.district, _span(turn)
    event = _event_named(turn)
    if event:
        lead = event_lead(event, asks(turn.text), turn.lang)
        if span and not any(event.runs_on(span.start + dt.timedelta(days=n))
                            for n in range((span.end - span.start).days + 1)):
            lead = pick(turn.lang, f"{span.phrase}에는 열리지 않아요.", f"It does not run {span.phrase}.")
        return community.event_card(event, turn.lang, lead)
    query = events_filter.read_query(district, turn.text, span, turn.today, _group(turn))
    return community.events_on(district, span, turn.today, turn.lang, query.group, query)


@answers("welfare_programs")
def welfare_programs(turn: Turn) -> Guidance:
    group = _group(turn) or turn.slot("target_group") and turn.district.group_named(turn.slot("target_group"))
    if not group:
        named = [p for p in turn.district.welfare_named(turn.text) if not already_gets(turn.text, p)]
        if len(named) == 1 and not turn.is_payload:   # "아동수당 얼마 나와요?": the programme asked, not "who is it for?"
            return community.how_to_apply(named[0], turn.lang, welfare_lead(named[0], asks(turn.text), turn.lang))
        return community.ask_group(turn.district, turn.lang, "welfare_programs",
                                   turn.text if not turn.is_payload else "")
    asked = asks(turn.text) if turn.text and not turn.is_payload else None
    named = [p for p in turn.district.welfare_named(turn.text) or _starts_its_name(turn.text, turn.district.welfare)
             if p.target_group in (group, "all") and not already_gets(turn.text, p)] \
        if asked is not None and asked.any() else []
    if len(named) == 1:     # "우리 영감이 … 노인일자리 그거 언제 뽑는대유": the programme named, and what is asked of it
        mentioned = named_rows(turn.text, turn.district.welfare, lambda p: (p.name, p.name_en), in_text_order=True)
        mentioned = [p for p in mentioned if p.target_group in (group, "all") and not already_gets(turn.text, p)]
        if len(mentioned) > 1:     # "부모급여 얼마고 아동수당은 얼마에요": each one asked of
            return joined([community.how_to_apply(p, turn.lang, welfare_lead(p, asked, turn.lang)) for p in mentioned])
        return community.how_to_apply(named[0], turn.lang, welfare_lead(named[0], asked, turn.lang))
    named = [p for p in turn.district.welfare_for(group) if _ends_its_name(turn.text, p) and not already_gets(turn.text, p)]
    if len(named) == 1 and not turn.is_payload:   # "… 탈 수 있는 택시 같은 게 있나요": that programme, in full
        lead = pick(turn.lang, f"네, {named[0].name}{particle(named[0].name, '이')} 있어요.",
                    f"Yes: {named[0].name_en}.")
        return community.how_to_apply(named[0], turn.lang, lead)
    return community.programmes_for(turn.district, group, turn.lang)


def already_gets(text: str, programme) -> bool:
    """"기초연금은 받고 계시는데 …", "already gets the basic pension": the programme the person has is not the one
    asked for (the others of their group are)."""
    from bot.knowledge.matching import squash

    said = squash(text)
    for name in (programme.name, programme.name_en):
        if not name or squash(name) not in said:
            continue
        start = said.index(squash(name))
        # gets it now ("받고 계시는데", "받는데", "타시는데", "나오고 있어요"), or already: not a wish to get it
        # ("받으려면", "받는 방법", "받고 싶어요" ask for the programme itself)
        if re.match(r"(은|는|을|를|도|이|가)?((이미|벌써)(받|타|나오)|(받|타)(고(있|계)|는데(?!필요|드는|걸리)|으시는데|"
                    r"시는데|으시고(있|계))|나오(고있|는데))", said[start + len(squash(name)):]) or \
                re.search(r"(이미|벌써)$", said[:start]) or \
                re.search(r"(already|now)(gets?|receives?|has|have|on)(the)?$", said[:start]) or \
                re.search(r"(gets|receives|ison|isgetting|isreceiving)(the)?$", said[:start]):
            # "lives alone and gets the basic pension": has it now ("can he get …" asks for it)
            return True
    return False


def _starts_its_name(text: str, programmes) -> list:
    """The one programme whose name a word of the text begins ("노인일자리" of 노인일자리 및 사회활동 지원): four
    syllables or more, the particles after it left off, and no other programme's name beginning so."""
    from bot.knowledge.matching import squash

    names = {p.id: squash(p.name) for p in programmes}
    for word in re.findall(r"[가-힣]{4,}", text):
        for size in range(len(word), 3, -1):
            found = [p for p in programmes if names[p.id].startswith(word[:size])]
            if len(found) == 1:
                return found
            if found:
                break
    return []


def _ends_its_name(text: str, programme) -> bool:
    """A word of the text is the last part of the programme's name, the thing it is ("택시" of 서울시
    장애인콜택시, "바우처" of 에너지바우처), not merely a word it starts with ("기초" of 기초생활보장 생계급여)."""
    from bot.knowledge.matching import squash

    names = [squash(n) for n in (programme.name, programme.name_en) if n]
    for word in re.findall(r"[가-힣]{2,}", text):
        for size in range(len(word), 1, -1):
            if any(name.endswith(word[:size]) for name in names) and word[:size] not in ("지원", "서비스"):
                return True
    last_en = (programme.name_en or "").lower().split()[-1:]
    return bool(last_en) and last_en[0] not in _GENERAL_EN and \
        re.search(rf"\b{re.escape(last_en[0])}s?\b", text.lower()) is not None


_GENERAL_EN = frozenset({"people", "person", "support", "service", "services", "programme", "program", "account",
                         "benefit", "allowance"})


@answers("welfare_apply")
def welfare_apply(turn: Turn) -> Guidance:
    named = turn.entity("welfare_programme") or turn.text
    mentioned = named_rows(turn.text, turn.district.welfare, lambda p: (p.name, p.name_en), in_text_order=True)
    programmes = mentioned if len(mentioned) > 1 else (turn.district.welfare_named(named) or mentioned)[:1]
    if programmes:   # "기초연금이랑 노인일자리 각각 어디서": one card each
        question = asks(turn.text) if len(programmes) == 1 else asks("")
        return joined([community.how_to_apply(p, turn.lang, welfare_lead(p, question, turn.lang)) for p in programmes])
    event = _event_named(turn)
    if event:   # "숲 산책은 미리 신청해야 돼요?": signing up for an event, not a welfare application
        return community.event_card(event, turn.lang, event_lead(event, asks(turn.text), turn.lang))
    group = _group(turn)
    guidance = (community.programmes_for(turn.district, group, turn.lang) if group
                else community.ask_group(turn.district, turn.lang, "welfare_programs"))
    guidance.specific = False
    return guidance


class ActionEvents(TopicAction):
    intent, action_name = "events_search", "action_events"


class ActionWelfarePrograms(TopicAction):
    intent, action_name = "welfare_programs", "action_welfare_programs"


class ActionWelfareApply(TopicAction):
    intent, action_name = "welfare_apply", "action_welfare_apply"
