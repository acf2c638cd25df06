"""A turn outside any task: repeat, the answer to a topic's own question, feelings first, "is anyone
there?", a follow-up about the last answer, then the intent. A low-confidence intent never starts a form:
the resident is asked, with buttons, whether to file a complaint."""
from __future__ import annotations

import re

from actions import complaint_task, status_task
from actions.talk import (COMPLAINT_INTENTS, SMALL_TALK, TOPIC_INTENTS, Talk, acknowledgement, anyone_there,
                          asks_for_a_person, confident, faq_each, follow_up, knowledge_answer, person_to_call,
                          start_offers, topic_answer)
from bot.dialogue.categories import category_named as category_in
from bot.dialogue import reading
from bot.dialogue.cues import INTENT_OF_TOPIC, TOPIC_OF_INTENT, supports, topics_in
from bot.dialogue.people import group_in
from bot.dialogue.several import BOTH, each_of, split_pair
from bot.dialogue.texts import said
from bot.guidance import Button, Guidance, pick

REPORT_WORDS = re.compile(r"신고|민원|접수|\breport|complain", re.I)
STATUS_WORDS = re.compile(r"조회|확인|어떻게\s*(됐|되)|처리\s*(됐|되|상황)|진행|지난|아직|status|check|progress|update|"
                          r"happen|look up|look into|reported|filed|last (week|month)|still",
                          re.I)
OFFICE_HOURS = re.compile(r"몇\s*시|시간|열어|문\s*(열|닫)|open|close|hours", re.I)
ABOUT_COMPLAINTS = re.compile(r"민원|(?<![가-힣])신고|접수|complaint|report|ticket|case", re.I)
PHONE_ASKED = re.compile(r"번호|전화|연락처|phone|number|call", re.I)
NIGHT_OR_CALL = re.compile(r"밤|새벽|주말|24|전화|연락|night|weekend|call|phone", re.I)
WHO_TO_CALL = re.compile(r"어디(다|에|로)?\s*(물어|전화|연락|문의)|전화할\s*(수|데)|누구(한테|에게)|who (can|do) i|where can i "
                         r"(call|ask)|anyone (i|to) call|number i can call|can i call|call right now|"
                         r"(전화|연락|문의)\S*\s.{0,20}어디(로|에|다)?\s*(하면|해야|걸면|하나|해요)|어디로\s*(하면|걸면|전화)|"
                         r"where (do|should|can) i (call|ring|phone)|who (do|should) i (call|ring|contact)|what number (do|should|can) i",
                         re.I)
WELFARE_INTENTS = ("welfare_programs", "welfare_apply")
ASKS_TO_FILE = re.compile(r"(민원|신고)\S*\s*(지금|이\s*시간에?|밤에|주말에|여기서|여기에|챗봇으로)?\s*"
                          r"(넣어도|해도|넣을\s*수|할\s*수|접수(해도|할\s*수|\s*돼|\s*되|\s*가능))|"
                          r"\bcan i (still |also )?(report|file|lodge|make a complaint)|"
                          r"\bis it (possible|ok|okay) to (report|file|complain)", re.I)
ASKS_WHERE = re.compile(r"어디(다|에|로|에다)?\s*(말|얘기|이야기|신고|연락|문의|알려|해야|가야)|누구(한테|에게)|어느\s*곳|"
                        r"where (do|should|can) i (report|complain|go|turn)|who (do|should|can) i (tell|contact|ask)",
                        re.I)
SAD = re.compile(r"외롭|외로워|우울|사는\s*게\s*힘들|막막|생활비|일을\s*못\s*하|어떻게\s*해야\s*(될|할)지\s*모르|lonely|"
                 r"depressed|stressed|lost my job|can't pay (the )?rent",
                 re.I)


def answer_outside(talk: Talk) -> None:
    state, words, intent = talk.state, talk.text, talk.turn.intent
    if words and reading.wants_repeat(words) and len(words) < 60 and state.last_text and \
            not (intent in TOPIC_INTENTS and confident(talk, 0.6) and reading.is_question(words)):
        talk.say(Guidance(said("again", talk.lang) + "\n" + state.last_text,
                          [Button(b["title"], b["payload"]) for b in state.last_buttons]))
        return
    if state.asked == "offer":
        offered = dict(state.values)
        state.finish()
        if intent in COMPLAINT_INTENTS or (intent == "affirm" or reading.says_yes(talk.turn.text)) \
                and not reading.says_no(talk.turn.text):
            return complaint_task.start(talk, offered.get("kind") or "general", offered.get("values"))
    from actions.privacy_requests import withdraw_after_forgetting

    if words and withdraw_after_forgetting(talk):
        return
    asked_topic = state.asked_for if state.asked == "topic" else None
    state.ask(None)
    if asked_topic and answers_topic_question(talk, asked_topic):
        return
    if words and SAD.search(words) and (intent not in COMPLAINT_INTENTS or not REPORT_WORDS.search(words) and
                                        not category_in(words, talk.turn.district.complaint_categories)):
        talk.say(Guidance(said("sad", talk.lang)))
        talk.say(Guidance(said("route_sad", talk.lang)))
        talk.topic = "feelings"
        return
    upset = bool(words) and _upset(words)
    if upset:
        talk.say(Guidance(acknowledgement(talk)))
    if words and state.last_intent == "feelings" and NIGHT_OR_CALL.search(words):
        talk.topic = "feelings"        # "밤에도 전화 받아요?" after the route for hard times: 129, not office hours
        return talk.say(Guidance(said("sad_night", talk.lang)))
    found = anyone_there(talk) if words else None
    if found:
        talk.topic = "request_human"       # "그럼 지금 급한 건 어디다 물어봐요?" next: the person to call
        return talk.say(found)
    phone = department_phone(talk) if words else None
    if phone:
        return talk.say(phone)
    route_intent(talk, intent, upset)


def route_intent(talk: Talk, intent: str, upset: bool) -> None:
    from actions.converse import OFFICE_ASKED

    words = talk.text
    if words and intent not in ("office_info", "request_human", *COMPLAINT_INTENTS) and OFFICE_ASKED.search(words) \
            and reading.is_question(words) and not confident(talk, 0.95):
        intent = "office_info"     # "Is the community centre open today? I need a …": the centre first
    if words and intent != "request_human" and reading.asks_for_person(words) and not confident(talk, 0.9):
        intent = "request_human"   # "hi po can i talk to a real staff? i have a problem with …", read as bulky waste
    if words and ASKS_TO_FILE.search(words) and not STATUS_WORDS.search(words):
        talk.say(Guidance(said("can_file_now", talk.lang)))     # "그럼 쓰레기 민원 지금 넣어도 돼요?": yes, and how
        kind = "cleaning" if intent == "report_cleaning_issue" else "general"
        return complaint_task.start(talk, kind)
    if upset and intent not in (*COMPLAINT_INTENTS, "complaint_status") and words and \
            not STATUS_WORDS.search(words) and category_in(words, talk.turn.district.complaint_categories):
        intent = "file_complaint"      # an angry report of a problem: acknowledged above, then the report
    if intent in COMPLAINT_INTENTS and words and reading.is_question(words) and not REPORT_WORDS.search(words) \
            and (not upset or ASKS_WHERE.search(words)):
        # "층간소음 어디다 말해야 돼요?" — upset or not, a question where to turn is answered ("몇 번을 말해야
        # 돼요?" is no such question: an angry report goes on to the form)
        found = knowledge_answer(talk, remember=False, strict=True)
        if found:
            return talk.say(found)
    if intent in COMPLAINT_INTENTS or intent == "complaint_status" and _files_rather_than_checks(talk):
        return start_or_offer(talk, "file_complaint" if intent == "complaint_status" else intent, upset)
    if intent == "complaint_status":
        if reading.read_ticket_in(talk.turn.text) or talk.turn.is_payload or \
                (confident(talk, 0.55) or STATUS_WORDS.search(words)) and ABOUT_COMPLAINTS.search(words):
            return status_task.start(talk)
        second = "thanks" if reading.thanks(words) else _second_reading(talk)   # "아이고 고맙습니다 …" at 0.47
        if second in SMALL_TALK:
            talk.responses.append(SMALL_TALK[second])
            return
        intent = second if second in TOPIC_INTENTS else "out_of_scope"
    if upset and intent not in TOPIC_INTENTS and intent != "request_human":
        talk.say(Guidance(said("route_upset", talk.lang), start_offers(talk.lang)))
        return
    answer_intent(talk, intent)


def answer_intent(talk: Talk, intent: str) -> None:
    """The intent's own answer: a person, a follow-up of the last answer, a topic, small talk, the FAQ."""
    words = talk.text
    if talk.state.last_intent == "request_human" and OFFICE_HOURS.search(words) and intent != "request_human":
        return talk.say(topic_answer(talk, "office_info"))   # "when do you open tomorrow?" after the person to call
    if WHO_TO_CALL.search(words) and not confident(talk, 0.85) and not _names_something(talk):
        found = faq_follow_up(talk, intent)      # "안 되면 어디로 전화해요?" right after a FAQ answer: its contact
        if found:
            talk.followed_up = True
            return talk.say(found)
        contact = topic_contact(talk)        # "그럼 전화로 물어볼게요. 어디로 하면 돼요?" after a bulky-waste answer
        if contact:
            return talk.say(contact)
        talk.topic = "request_human"
        return talk.say(person_to_call(talk, hand_over=False))   # "그럼 지금 급한 건 어디다 물어봐요?"
    found = follow_up(talk) if words and not (intent == "request_human" and confident(talk, 0.6)) else None
    if found and reading.is_question(words) and _said_already(found, talk.state.last_text) and \
            _asks_something_new(words, talk.state.last_text):
        # the same words as the answer just given: a FAQ row that answers what is new in the question says
        # more ("냉장고는 공짜로 가져가는 데도 있다던데 그게 맞아요?" right after the fridge's fee)
        from bot.search.lexical import terms

        # the rows' names and the question's content words: "냉장고 공짜 가져가다" finds the free pick-up row
        named = row_names(talk.turn.district, talk.state.last_citations)
        other = knowledge_answer(talk, remember=False, strict=False, question=f"{named} {' '.join(terms(words))}".strip())
        if other is not None and not _said_already(other, talk.state.last_text):
            talk.followed_up = True
            return talk.say(other)
    if found:
        talk.topic = talk.state.last_intent
        return talk.say(found)
    if words and intent not in WELFARE_INTENTS and not confident(talk, 0.6) and _describes_someone(talk):
        intent = "welfare_programs"       # "my father is 72 and lives alone", after asking about welfare
    if intent == "request_human" and not confident(talk, 0.6) and not reading.wants_person(words):
        intent = _named_topic(talk) or intent   # "아동수당 들어오는 계좌를 바꾸고 싶어요" at 0.40: the programme
    if intent == "request_human":
        talk.topic = "request_human"
        return talk.say(person_to_call(talk, hand_over=asks_for_a_person(talk)))
    found = faq_follow_up(talk, intent) if words else None
    if found:
        talk.followed_up = True
        return talk.say(found)
    if intent in WELFARE_INTENTS and words and group_in(words):
        return talk.say(topic_answer(talk, intent, talk.turn.telling(target_group=group_in(words))))
    if intent in TOPIC_INTENTS:
        intent, supported = reread_topic(talk, intent)
        weak = not confident(talk, 0.5) or not supported and not confident(talk, 0.85)
        if words and weak and not talk.turn.is_follow_up():
            # a weak topic guess, or one the words do not bear out: a FAQ row first
            found = knowledge_answer(talk, remember=False, strict=confident(talk, 0.5))
            if found:
                return talk.say(found)
        answer = topic_answer(talk, intent, _with_person(talk, intent))
        if intent == "office_info" and talk.state.asked == "topic" and OFFICE_HOURS.search(words):
            hours = centre_hours(talk)         # "주민센터 몇 시까지 해요?": the hours every centre shares first
            if hours and not any(o.hours in answer.text or o.hours_en in answer.text
                                 for o in talk.turn.district.offices if o.kind == "community_centre"):
                talk.say(hours)
        return talk.say(answer)
    if intent in ("affirm", "deny") and words and reading.is_question(words):
        return talk.say(knowledge_answer(talk))      # "그거 어떻게 해요?" is no "yes"
    if intent in SMALL_TALK and (confident(talk, 0.5) or talk.turn.is_payload):
        talk.responses.append(SMALL_TALK[intent])
        return
    talk.say(knowledge_answer(talk))


def reread_topic(talk: Talk, intent: str) -> tuple[str, bool]:
    """(the topic intent to answer, whether the message's words bear it out). A guess below 0.8 whose
    words name nothing of its topic but name exactly one other topic is read as that one."""
    words = talk.text
    if not words or talk.turn.is_follow_up():
        return intent, True
    named = topics_in(words)
    own = TOPIC_OF_INTENT.get(intent)
    if own in named or supports(own, words) or _names_a_row(talk, own):
        return intent, True
    others = [t for t in named if t in INTENT_OF_TOPIC and t != own]
    if len(others) == 1 and not confident(talk, 0.8):
        return INTENT_OF_TOPIC[others[0]], True
    return intent, False


def _names_a_row(talk: Talk, topic: str | None) -> bool:
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


def _named_topic(talk: Talk) -> str | None:
    """The topic a message names by one of its rows: a welfare programme, an upcoming event."""
    from actions.community import _event_named

    if not talk.text:
        return None
    if talk.turn.district.welfare_named(talk.text):
        return "welfare_apply"
    if _event_named(talk.turn):
        return "events_search"
    return None


def _with_person(talk: Talk, intent: str):
    """The turn, with the person the resident described earlier ("스물여섯 살 자취생") when a welfare
    question names nobody else."""
    person, words = talk.state.person, talk.text
    if intent not in WELFARE_INTENTS or not person or not words or talk.turn.district.group_named(words):
        return talk.turn
    return talk.turn.knowing(target_group=person)


def _describes_someone(talk: Talk) -> bool:
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


def _asks_something_new(words: str, last_text: str) -> bool:
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


def _said_already(found: Guidance, last_text: str) -> bool:
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
    shown = pick(talk.lang, department.name, department.name_en)
    office = district.office_of("district_office")
    hours = pick(talk.lang, office.hours, office.hours_en) if office else ""
    return Guidance(pick(talk.lang, f"{shown}({department.phone})로 전화해 주세요. {hours}에 받아요. 그 밖의 "
                                    f"시간에는 다산콜센터 120에서 안내해 드려요.",
                         f"Please call the {shown} ({department.phone}), {hours}. At other times the "
                         f"Dasan Call Center (120) can help."))


def start_or_offer(talk: Talk, intent: str, upset: bool = False) -> None:
    kind = "cleaning" if intent == "report_cleaning_issue" else "general"
    named = category_in(talk.text, talk.turn.district.complaint_categories) if talk.text else None
    if talk.text and reading.thanks(talk.text) and not named and not REPORT_WORDS.search(talk.text):
        talk.responses.append("utter_thanks")     # "알겠어요 월요일에 갈게요 고마워요" is no report
        return
    if talk.text and STATUS_WORDS.search(talk.text) and not named and not reading.is_upset(talk.text):
        return status_task.start(talk)         # "민원 확인하려고요": a lookup, whatever the NLU says
    if talk.text and not named and not REPORT_WORDS.search(talk.text) and not confident(talk, 0.85) and not upset:
        found = follow_up(talk)                # "sorry not two. three people sofa" after the sofa's fee
        if found:
            talk.topic = talk.state.last_intent
            return talk.say(found)
    if confident(talk) or named or talk.turn.is_payload or REPORT_WORDS.search(talk.text):
        if upset:
            talk.say(Guidance(said("will_file", talk.lang)))   # after the acknowledgement: what happens now
        return complaint_task.start(talk, kind)
    if reading.thanks(talk.text):
        talk.responses.append("utter_thanks")
        return
    second = _second_reading(talk)
    if second in SMALL_TALK:
        talk.responses.append(SMALL_TALK[second])
        return
    found = follow_up(talk)
    if found:
        talk.topic = talk.state.last_intent
        return talk.say(found)
    if talk.state.last_intent in TOPIC_INTENTS and len(talk.text.split()) <= 6:
        return talk.say(topic_answer(talk, talk.state.last_intent))   # "전신거울이라 1미터 넘어요" after a fee
    found = knowledge_answer(talk, remember=False, strict=False)
    if found:
        return talk.say(found)
    # A low-confidence complaint never starts the form: ask, and keep what was said for a "네".
    values: dict = {}
    complaint_task.read_all(talk, values, opening=True)
    talk.state.start(None, {"kind": kind, "values": values})   # type: ignore[arg-type]
    talk.state.ask("offer")
    other = talk.turn.tracker.latest_message.get("intent_ranking") or []
    second = next((r.get("name") for r in other if r.get("name") in TOPIC_INTENTS), None)
    buttons = [Button(pick(talk.lang, "네, 민원 접수", "Yes, file a complaint"), "/file_complaint")]
    if second:
        buttons.append(Button(pick(talk.lang, "아니요, 안내만", "No, just information"), f"/{second}"))
    talk.say(Guidance(said("offer_complaint", talk.lang), buttons))


def faq_follow_up(talk: Talk, intent: str) -> Guidance | None:
    """"늦게 하면 어떻게 돼요?" right after a FAQ answer on 전입신고: asked again with that question before
    it, so the row about 전입신고 late fees ranks first. Only short questions, only after a FAQ answer."""
    state, words = talk.state, talk.text
    faq_rows = [c for c in state.last_citations if ":" not in c]
    named = [e for e in talk.turn.tracker.latest_message.get("entities") or [] if e.get("entity") != "lang"]
    if not faq_rows or not state.last_question or len(words.split()) > 8 or not reading.is_question(words) or named:
        return None     # a question naming a 동, an item, a programme is a new question
    pair = split_pair(state.last_question)
    if pair and len(faq_rows) > 1 and BOTH.search(words):     # "둘 다 카드로 내도 돼요?" after two answers
        found = faq_each(talk, each_of(pair, words))
        if found:
            return found
    from actions.knowledge import answer_service, from_faq

    turn = talk.turn
    answer = answer_service().answer(f"{state.last_question} {words}", turn.lang, today=turn.today,
                                     checked=turn.meta.checked)
    if answer.status != "answered":
        return None
    found = from_faq(answer, turn.lang)
    if [c.id for c in found.citations] == faq_rows:
        # the same row again ("자동차세는요?" after 재산세): the question alone may name another row of the
        # same area (tax-…, cert-…); a row of another area ("늦으면요?" → a library's late returns) is no follow-up
        alone = knowledge_answer(talk, remember=False, strict=True)
        alone_rows = [c.id for c in alone.citations] if alone is not None else []
        if alone_rows and alone_rows != faq_rows and _area(alone_rows[0]) == _area(faq_rows[0]):
            state.last_question = words[:300]      # the next follow-up is about this row
            return alone
    return found


def _area(faq_id: str) -> str:
    """A FAQ row's area: "tax-004" and "tax-004-en" → "tax"."""
    return faq_id.split("-", 1)[0]


def centre_hours(talk: Talk) -> Guidance | None:
    district = talk.turn.district
    hours = {pick(talk.lang, o.hours, o.hours_en) for o in district.offices if o.kind == "community_centre"}
    if len(hours) != 1:
        return None
    return Guidance(said("centre_hours", talk.lang, hours=hours.pop()))


def department_phone(talk: Talk) -> Guidance | None:
    """"청소행정과 번호만 다시 알려 주세요": the department's number from departments.csv."""
    words = talk.text
    if not PHONE_ASKED.search(words):
        return None
    named = [d for d in talk.turn.district.departments
             if d.name and d.name in words or d.name_en and d.name_en.lower() in words.lower()]
    if len(named) != 1:
        return None
    department = named[0]
    name = pick(talk.lang, department.name, department.name_en)
    return Guidance(pick(talk.lang, f"{name} 전화번호는 {department.phone}이에요.",
                         f"The {name}'s phone number is {department.phone}."))


def _names_something(talk: Talk) -> bool:
    return any(e.get("entity") != "lang" for e in talk.turn.tracker.latest_message.get("entities") or [])


def _second_reading(talk: Talk) -> str | None:
    ranking = talk.turn.tracker.latest_message.get("intent_ranking") or []
    return next((r.get("name") for r in ranking[1:2] if float(r.get("confidence") or 0) >= 0.15), None)


def _files_rather_than_checks(talk: Talk) -> bool:
    """"킥보드 방치된 거 신고할게요" read as a status lookup: no ticket, a problem named, no checking words."""
    words = talk.text
    return bool(words) and not confident(talk, 0.7) and not reading.read_ticket_in(words) and \
        not STATUS_WORDS.search(words) and \
        bool(category_in(words, talk.turn.district.complaint_categories)) and bool(REPORT_WORDS.search(words))


def answers_topic_question(talk: Talk, topic: str) -> bool:
    """"행당2동" after "어느 동이세요?": read as the answer to the topic's question, whatever the NLU says."""
    from actions.places import dong_in

    turn, words, intent = talk.turn, talk.text, talk.turn.intent
    if not words or (intent != topic and confident(talk, 0.7) and len(words.split()) > 3):
        return False
    if intent in (*COMPLAINT_INTENTS, "complaint_status", "request_human") and \
            (REPORT_WORDS.search(words) or STATUS_WORDS.search(words) or confident(talk, 0.8)):
        return False           # "네 신고할래요 용답동이요" after "어떤 물건이에요?" is a report
    if intent in SMALL_TALK and confident(talk, 0.6) and not dong_in(turn, words):
        return False           # "아니요", "고마워요": not a 동 or an item
    dongs = dong_in(turn, words) or _offered_dong(talk)
    known = {"dong": dongs[0]} if len(dongs) == 1 else {}
    if not known and intent != topic and len(words.split()) > 3:
        return False
    if not known and not _names_a_row(talk, TOPIC_OF_INTENT.get(topic)) and reading.is_question(words):
        return False           # "언제까지 해요?" after "어떤 분을 위한 지원을 찾으세요?": a question, not the answer
    talk.say(topic_answer(talk, topic, turn.knowing(**known)))
    return True


def _offered_dong(talk: Talk) -> list[str]:
    """"4가동이요" after buttons 금호1가동 / 금호2·3가동 / 금호4가동: the one offered button it names."""
    from bot.knowledge.matching import squash

    said_now = squash(reading.tidy(talk.text))
    names = {s.dong for s in talk.turn.district.schedules}
    offered = [b["title"] for b in talk.state.last_buttons if b.get("title") in names]
    found = [title for title in offered if len(said_now) >= 2 and said_now in squash(title)]
    return found if len(found) == 1 else []


def _upset(words: str) -> bool:
    try:
        from bot.guidance.feelings import is_upset
        return is_upset(words) or reading.is_upset(words)
    except ImportError:
        return reading.is_upset(words)
