"""Reading a turn in the context of the conversation: whether the words bear out the NLU's topic, the
person described earlier, a follow-up that would only repeat the last reply, the contact of the last topic,
a short question right after a FAQ answer. Used by actions/outside.py; plain functions over a Talk."""
from __future__ import annotations

import re

from actions.talk import Talk, confident, faq_each, knowledge_answer
from bot.dialogue import reading
from bot.dialogue.cues import INTENT_OF_TOPIC, TOPIC_OF_INTENT, supports, topics_in
from bot.dialogue.people import group_in
from bot.dialogue.several import BOTH, each_of, split_pair
from bot.texts import contacts
from bot.guidance import Guidance, pick
from bot.guidance.waste import waste_types_in

WELFARE_INTENTS = ("welfare_programs", "welfare_apply")
# When a kind of waste goes out: its days or its hours ("재활용 버리는 날", "일반쓰레기 언제 버려요")
DAYS_OR_HOURS = re.compile(r"언제|요일|무슨\s*날|(버리|내놓|내놔|배출하)\S{0,2}\s*날|몇\s*시|배출\s*(일|시간)|수거\s*(일|날)|"
                           r"\bwhen\b|what day|which day|what time|collection day", re.I)


def reread_topic(talk: Talk, intent: str) -> tuple[str, bool]:
    """(the topic intent to answer, whether the message's words bear it out). A guess below 0.8 whose
    words name nothing of its topic but name exactly one other topic is read as that one."""
    words = talk.text
    if not words or talk.turn.is_follow_up():
        return intent, True
    named = topics_in(words)
    own = TOPIC_OF_INTENT.get(intent)
    if own != "waste" and not confident(talk, 0.8) and waste_types_in(words) and DAYS_OR_HOURS.search(words) and \
            not supports(own, words):
        return "waste_collection_schedule", True   # "한대앞 사는데 일반쓰레기 언제 버려요?" at 0.56 bulky: its days
    if own in named or supports(own, words) or names_a_row(talk, own):
        return intent, True
    others = [t for t in named if t in INTENT_OF_TOPIC and t != own]
    if len(others) == 1 and not confident(talk, 0.8):
        return INTENT_OF_TOPIC[others[0]], True
    return intent, False


def names_a_row(talk: Talk, topic: str | None) -> bool:
    """The message names something of the topic's own table: a 동, an item, a programme, a group, a date."""
    from actions.places import dong_in
    from bot.dates import find_date

    turn, words = talk.turn, talk.text
    district = turn.district
    if topic in ("waste", "offices"):
        if dong_in(turn, words):
            return True
        if topic == "waste":
            return any(district.items_named(words))
        from actions.offices import OFFICE_WORDS
        return bool(OFFICE_WORDS.search(words))
    if topic == "bulky":
        return bool(district.bulky_items_named(words))
    if topic == "welfare":
        return bool(district.welfare_named(words) or district.group_named(words) or group_in(words))
    if topic == "events":
        from actions.community import _event_named
        return bool(_event_named(turn) or find_date(words, turn.today) or district.group_named(words))
    return False


def named_topic(talk: Talk) -> str | None:
    """The topic a message names by one of its rows: a welfare programme, an upcoming event."""
    from actions.community import _event_named

    if not talk.text:
        return None
    if talk.turn.district.welfare_named(talk.text):
        return "welfare_apply"
    if _event_named(talk.turn):
        return "events_search"
    return None


def with_person(talk: Talk, intent: str):
    """The turn, with the person the resident described earlier ("스물여섯 살 자취생") when a welfare
    question names nobody else."""
    person, words = talk.state.person, talk.text
    if intent not in WELFARE_INTENTS or not person or not words or talk.turn.district.group_named(words):
        return talk.turn
    return talk.turn.knowing(target_group=person)


def describes_someone(talk: Talk) -> bool:
    """"my father is 72 and lives alone": a person described, in a conversation about welfare, naming no
    other topic."""
    words, state = talk.text, talk.state
    if not group_in(words) or topics_in(words) - {"welfare"}:
        return False
    return state.last_intent in (*WELFARE_INTENTS, "feelings") or "welfare" in topics_in(state.last_question) \
        or "welfare" in topics_in(words)


def row_names(district, cited: list[str]) -> str:
    """The names of the table rows an answer came from ("냉장고", "서울시 장애인콜택시"), for asking the FAQ
    about them."""
    names = []
    for ref in cited:
        table, _, key = ref.partition(":")
        if table in ("bulky_fees", "recycling", "waste_collection"):
            names.append(key)
        elif table == "welfare":
            names += [p.name for p in district.welfare if p.id == key]
        elif table == "events":
            names += [e.title for e in district.events if e.id == key]
        elif table == "offices":
            names += [o.name for o in district.offices if o.id == key]
    return " ".join(dict.fromkeys(names))


def asks_something_new(words: str, last_text: str) -> bool:
    """The question names something the last reply did not mention ("공짜로 가져가는 데" after a fee list;
    "address?" after a card with the address is no such question)."""
    from bot.search.lexical import ENGLISH_STOP_WORDS, nouns

    from bot.guidance.asks import asks

    said = last_text.lower()
    english = [w for w in re.findall(r"[a-z]{4,}", words.lower()) if w not in ENGLISH_STOP_WORDS and not asks(w).any()
               and w not in ("what", "when", "where", "which", "there", "then", "just", "also")]
    return any(n not in said and n not in _WHEN_NOUNS for n in nouns(words)) or any(w not in said for w in english)


# Time words name no new subject: "올해 신청은 언제까지 받아요?" asks the same thing again
_WHEN_NOUNS = frozenset({"올해", "작년", "내년", "이번", "다음", "지금", "오늘", "내일", "어제", "요즘", "이달", "다음달", "평일",
                         "주말", "아침", "저녁"})


def said_already(found: Guidance, last_text: str) -> bool:
    """The answer starts as the reply just given did, and says nothing that reply did not (a follow-up whose
    own first line answers the question is not this, even when the card after it is the same)."""
    parts = [p.strip() for p in found.text.split("\n\n") if p.strip()]
    return bool(parts) and last_text.strip().startswith(parts[0]) and all(p in last_text for p in parts)


def topic_contact(talk: Talk) -> Guidance | None:
    """"어디로 전화하면 돼요?" right after a topic's answer: that topic's department, and 120."""
    from bot.handoff.queues import TOPIC_WORDS, department_for

    topic = talk.state.last_intent
    if topic not in TOPIC_WORDS:
        return None
    district = talk.turn.district
    name = department_for(topic, district)
    department = next((d for d in district.departments if d.name == name), None)
    if department is None:
        return None
    shown, hours = pick(talk.lang, department.name, department.name_en), _office_hours(talk)
    return Guidance(pick(talk.lang, f"{shown}({department.phone})로 전화해 주세요. {hours}에 받아요. {_after_hours(talk)}",
                         f"Please call the {shown} ({department.phone}), {hours}. {_after_hours(talk)}"))


def _after_hours(talk: Talk) -> str:
    """What the two contact answers add for the hours the office is closed: the district's call centre."""
    call = contacts(talk.turn.district)
    return pick(talk.lang, f"그 밖의 시간에는 {call['call_centre']}에서 안내해 드려요.",
                f"At other times, call {call['call_centre_en']}.")


def _office_hours(talk: Talk) -> str:
    """The district office's hours in the resident's language ("" when the tables have no office)."""
    office = talk.turn.district.office_of("district_office")
    return pick(talk.lang, office.hours, office.hours_en) if office else ""


ANSWER_CONTACT = re.compile(r"^(?:문의|Contact):\s*(?P<who>.+?)\s*$", re.M)


def answer_contact(talk: Talk) -> Guidance | None:
    """"그럼 전화로 물어볼게요. 어디로 하면 돼요?" right after a FAQ answer that ends with its contact
    ("문의: 청소행정과 02-2286-5525"): that contact, the one the resident just read — never another row."""
    found = ANSWER_CONTACT.findall(talk.state.last_text or "")
    if len(set(found)) != 1 or not re.search(r"\d", found[0]):
        return None
    who, hours = found[0], _office_hours(talk)
    return Guidance(pick(talk.lang, f"방금 안내한 곳, {who}로 전화해 주세요." + (f" {hours}에 받아요." if hours else "")
                         + f" {_after_hours(talk)}",
                         f"Please call the contact of the answer above: {who}." + (f" ({hours})" if hours else "")
                         + f" {_after_hours(talk)}"))


def faq_follow_up(talk: Talk, intent: str) -> Guidance | None:
    """"늦게 하면 어떻게 돼요?" right after a FAQ answer on 전입신고: asked again with that question before
    it, so the row about 전입신고 late fees ranks first. Only short questions, only after a FAQ answer."""
    state, words = talk.state, talk.text
    faq_rows = [c for c in state.last_citations if ":" not in c]
    named = [e for e in talk.turn.tracker.latest_message.get("entities") or [] if e.get("entity") != "lang"]
    # a FAQ row given beside a topic's answer (the centre is closed today: 등본 online) has no question of its own:
    # its row's question stands for it ("그럼 지금 등본 뗄 방법은 없어요?")
    asked_before = state.last_question or state.last_row
    if not faq_rows or not asked_before or len(words.split()) > 8 or not reading.is_question(words) or named:
        return None     # a question naming a 동, an item, a programme is a new question
    topic = TOPIC_OF_INTENT.get(intent)
    if topic and confident(talk, 0.9) and (topic in topics_in(words) or supports(topic, words)):
        return None     # "구청 아직 안 열었죠? 몇 시에 열어요" after a FAQ answer: the office's own question
    pair = split_pair(state.last_question)
    if pair and len(faq_rows) > 1 and BOTH.search(words):     # "둘 다 카드로 내도 돼요?" after two answers
        found = faq_each(talk, each_of(pair, words))
        if found:
            return found
    from actions.knowledge import answer_service, from_faq

    turn = talk.turn
    # the row's own question names what "it" is when the resident's words did not ("can I get it online instead?")
    from bot.guidance.followups import points_back

    # "그럼 오늘은 등본 못 떼요?" names nothing the last question did not: it is asked of that answer's own row first
    same_subject = names_nothing_new(words, f"{state.last_question} {state.last_row}")
    context = f"{state.last_row} {state.last_question}" if state.last_row and (points_back(words) or same_subject) and \
        state.last_row not in state.last_question else asked_before
    answer = answer_service().answer(f"{context} {words}", turn.lang, today=turn.today,
                                     checked=turn.meta.checked)
    if answer.status != "answered":
        return None
    found = from_faq(answer)
    if [c.id for c in found.citations] == faq_rows:
        # the same row again ("자동차세는요?" after 재산세): the question alone may name another row of the
        # same area (tax-…, cert-…); a row of another area ("늦으면요?" → a library's late returns) is no follow-up
        alone = knowledge_answer(talk, remember=False, strict=True)
        alone_rows = [c.id for c in alone.citations] if alone is not None else []
        if alone_rows and alone_rows != faq_rows and _area(alone_rows[0]) == _area(faq_rows[0]) and not same_subject:
            state.last_question = words[:300]      # the next follow-up is about this row
            return alone
        from actions.talk import own_subjects

        # "얼마나 걸려요?" after where to get a passport, naming no thing of its own: the same row again would repeat
        # it; what the last question was about ("여권") with the new question may be a row of its own, of the same area
        # (how long it takes). "그럼 오늘은 등본 못 떼요?" names its subject and stays with the row.
        subject = " ".join(own_subjects(state.last_question or "")) if not own_subjects(words) else ""
        again = knowledge_answer(talk, remember=False, strict=False, question=f"{subject} {words}") if subject else None
        again_rows = [c.id for c in again.citations] if again is not None else []
        if again_rows and again_rows[0] not in faq_rows and _area(again_rows[0]) == _area(faq_rows[0]):
            return again
    from actions.talk import about_something_else

    # "유리컵이 깨졌는데 이거 유리병이랑 같이 내면 돼요?" after a FAQ answer on withdrawing a complaint: its own question
    return None if about_something_else(talk, found) else found


def names_nothing_new(words: str, asked_before: str) -> bool:
    """The message names no thing of its own beyond what was asked before ("그럼 오늘은 등본 못 떼요?" after "등본
    인터넷으로 뗄 수 있어요?"; "자동차세는요?" after 재산세 names 자동차세)."""
    from actions.talk import own_subjects
    from bot.knowledge.matching import squash

    before = squash(asked_before).casefold()
    return bool(before) and all(squash(w).casefold() in before for w in own_subjects(words))


def _area(faq_id: str) -> str:
    """A FAQ row's area: "tax-004" and "tax-004-en" → "tax"."""
    return faq_id.split("-", 1)[0]
