"""A turn outside any task: repeat, the answer to a topic's own question, feelings first, "is anyone
there?", a follow-up about the last answer, then the intent. A low-confidence intent never starts a form:
the resident is asked, with buttons, whether to file a complaint."""
from __future__ import annotations

import re

from actions import complaint_task, status_task
from actions.talk import (COMPLAINT_INTENTS, SMALL_TALK, TOPIC_INTENTS, Talk, acknowledgement, anyone_there,
                          asks_for_a_person, confident, follow_up, knowledge_answer, person_to_call, start_offers,
                          topic_answer)
from bot.dialogue.categories import category_named as category_in
from bot.dialogue import reading
from bot.dialogue.people import group_in
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
                         r"(call|ask)|anyone (i|to) call|number i can call|can i call|call right now", re.I)
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
    found = anyone_there(talk) if words else None
    if found:
        talk.topic = "request_human"       # "그럼 지금 급한 건 어디다 물어봐요?" next: the person to call
        return talk.say(found)
    if words and state.last_intent == "feelings" and NIGHT_OR_CALL.search(words):
        talk.topic = "feelings"
        return talk.say(Guidance(said("sad_night", talk.lang)))
    phone = department_phone(talk) if words else None
    if phone:
        return talk.say(phone)
    route_intent(talk, intent, upset)


def route_intent(talk: Talk, intent: str, upset: bool) -> None:
    words = talk.text
    if upset and intent not in (*COMPLAINT_INTENTS, "complaint_status") and words and \
            not STATUS_WORDS.search(words) and category_in(words, talk.turn.district.complaint_categories):
        intent = "file_complaint"      # an angry report of a problem: acknowledged above, then the report
    if intent in COMPLAINT_INTENTS and words and reading.is_question(words) and not REPORT_WORDS.search(words) \
            and not upset:
        found = knowledge_answer(talk, remember=False, strict=True)   # "층간소음 어디다 말해야 돼요?"
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
        talk.topic = "request_human"
        return talk.say(person_to_call(talk, hand_over=False))   # "그럼 지금 급한 건 어디다 물어봐요?"
    found = follow_up(talk) if words and not (intent == "request_human" and confident(talk, 0.6)) else None
    if found:
        talk.topic = talk.state.last_intent
        return talk.say(found)
    if intent == "request_human":
        talk.topic = "request_human"
        return talk.say(person_to_call(talk, hand_over=asks_for_a_person(talk)))
    found = faq_follow_up(talk, intent) if words else None
    if found:
        talk.followed_up = True
        return talk.say(found)
    if intent in ("welfare_programs", "welfare_apply") and words and group_in(words):
        return talk.say(topic_answer(talk, intent, talk.turn.telling(target_group=group_in(words))))
    if intent in TOPIC_INTENTS:
        if words and not confident(talk, 0.5) and not talk.turn.is_follow_up():
            found = knowledge_answer(talk, remember=False, strict=False)   # a weak topic guess: a FAQ row first
            if found:
                return talk.say(found)
        answer = topic_answer(talk, intent)
        if intent == "office_info" and talk.state.asked == "topic" and OFFICE_HOURS.search(words):
            hours = centre_hours(talk)         # "주민센터 몇 시까지 해요?": the hours every centre shares first
            if hours:
                talk.say(hours)
        return talk.say(answer)
    if intent in ("affirm", "deny") and words and reading.is_question(words):
        return talk.say(knowledge_answer(talk))      # "그거 어떻게 해요?" is no "yes"
    if intent in SMALL_TALK and (confident(talk, 0.5) or talk.turn.is_payload):
        talk.responses.append(SMALL_TALK[intent])
        return
    talk.say(knowledge_answer(talk))


def start_or_offer(talk: Talk, intent: str, upset: bool = False) -> None:
    kind = "cleaning" if intent == "report_cleaning_issue" else "general"
    named = category_in(talk.text, talk.turn.district.complaint_categories) if talk.text else None
    if talk.text and reading.thanks(talk.text) and not named and not REPORT_WORDS.search(talk.text):
        talk.responses.append("utter_thanks")     # "알겠어요 월요일에 갈게요 고마워요" is no report
        return
    if talk.text and STATUS_WORDS.search(talk.text) and not named and not reading.is_upset(talk.text):
        return status_task.start(talk)         # "민원 확인하려고요": a lookup, whatever the NLU says
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
    from actions.knowledge import answer_service, from_faq

    turn = talk.turn
    answer = answer_service().answer(f"{state.last_question} {words}", turn.lang, today=turn.today,
                                     checked=turn.meta.checked)
    if answer.status != "answered":
        return None
    found = from_faq(answer)
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
