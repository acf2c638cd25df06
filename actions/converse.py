"""The dialogue manager: every turn runs ``action_converse`` (data/rules.yml), which reads the message
in the context of the conversation, in this order:

1. the resident's own data ("지워 주세요") — anywhere;
2. inside a task (complaint, status lookup): cancel, repeat, the reply read as an answer to the bot's
   own question, a side question answered before the question is asked again, a clear change of
   topic (left with a one-line confirmation), small talk, else the question again with an example
   (twice at most, then a way out);
3. outside a task: repeat, the answer to a topic's own question ("어느 동?"), feelings first,
   "is anyone there?", a follow-up about the last answer, then the intent — a low-confidence one
   never starts a form.

The state lives in the ``dialogue`` slot (bot/dialogue/state.py). docs/adr/0007-dialogue-manager.md.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import complaint_task, status_task
from actions.base import DistrictAction
from actions.privacy_requests import forget_conversation
from actions.context import WELFARE_INTENTS, with_person
from actions.talk import (COMPLAINT_INTENTS, SMALL_TALK, TOPIC_INTENTS, Talk, anyone_there, asks_for_a_person, confident,
                          knowledge_answer, person_button, person_to_call, topic_answer)
from actions.turn import Turn
from bot.dialogue import reading
from bot.dialogue.people import group_in
from bot.dialogue.state import DialogueState
from bot.dialogue.texts import SAID, said
from bot.guidance import Guidance
from bot.guidance.followups import programmes_named, rows_behind_faq
from bot.texts import text

logger = logging.getLogger(__name__)
TASKS = {"complaint": complaint_task, "status": status_task}
OFFICE_ASKED = re.compile(r"(구청|주민\s*센터|동사무소|동\s*센터|district office|community cent(re|er)|-?dong\s+cent(re|er)|"
                          r"-?dong\s+office).{0,20}"
                          r"(몇\s*시|시간|열어|닫|전화|번호|주소|어디|open|close|hours|phone|number|address|where)", re.I)


class ActionConverse(DistrictAction):
    def name(self) -> str:
        return "action_converse"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        from actions.turn import settings   # at call time, as actions/talk.py does

        talk = Talk(Turn.of(tracker), DialogueState.load(tracker.get_slot("dialogue")))
        try:
            converse(talk)
        except Exception:   # the resident gets words and the conversation a fresh start, never a traceback
            logger.exception("the dialogue manager failed on a turn")
            sorry = Guidance(text("unavailable", talk.lang, talk.turn.district), source="fallback")
            talk.out, talk.responses, talk.events = [sorry], [], []
            talk.state = DialogueState()
        for response in talk.responses:   # domain responses: "{district}" is the configured district's name
            dispatcher.utter_message(response=response, **settings().district_names)
        if not talk.out and not talk.responses:
            talk.say(knowledge_answer(talk))
        drop_repeated_tail(talk)
        never_a_third_time(talk)
        offer_a_person(talk)
        say_all(dispatcher, talk.out)
        return talk.events + remember(talk)


def say_all(dispatcher: CollectingDispatcher, said_now: list[Guidance]) -> None:
    """Every message, and one summary of where the answer came from (the first that is not canned)."""
    for guidance in said_now:
        buttons = [{"title": b.title, "payload": b.payload} for b in guidance.buttons]
        dispatcher.utter_message(text=guidance.text, buttons=buttons)
    if said_now:
        main = next((g for g in said_now if g.source != "intent" or g.citations), said_now[0])
        citations = [c for g in said_now for c in g.citations]
        send_json = Guidance("", citations=list(dict.fromkeys(citations)), source=main.source)
        dispatcher.utter_message(json_message=send_json.as_json())


def drop_repeated_tail(talk: Talk) -> None:
    """The same closing block ("신청 방법: …", an event's card) right after the resident read it: once is
    enough, and the reply then ends with what is new."""
    out = talk.out
    if not out or talk.repeating or not talk.state.last_tail or last_part(out[-1].text) != talk.state.last_tail or \
            talk.state.task or "?" in talk.state.last_tail:      # a form's own question is asked again on purpose
        return
    parts = out[-1].text.strip().split("\n\n")     # Rasa sends each part as its own message
    tables = {c.id.split(":", 1)[0] for c in out[-1].citations}
    # "둘 다 주소도요": the same cards of several rows of one table, asked for again — all of them, not half
    cards_again = len(parts) > 1 and len(tables) == 1 and len(out[-1].citations) == len(parts) and \
        all(part.strip() in talk.state.last_text for part in parts)
    if len(parts) > 1 and not cards_again:
        out[-1].text = "\n\n".join(parts[:-1])
    elif len(out) > 1 and len(parts) == 1:
        dropped = out.pop()
        out[-1].citations.extend(c for c in dropped.citations if c not in out[-1].citations)
    else:   # the same answer fits again: say so, rather than repeat it word for word
        out[0].text = said("as_said", talk.lang) + "\n" + out[0].text


def never_a_third_time(talk: Talk) -> None:
    """The same question twice in a row already (a topic's "어느 동이세요?", a form's question after a side
    answer): the third time it is put another way — the form's question with an example, else a FAQ answer
    to the message, else a way out. The same words three times read as a machine stuck in a loop."""
    state, out = talk.state, talk.out
    if not out or talk.repeating or state.repeats < 1 or not state.last_tail or last_part(out[-1].text) != state.last_tail:
        return
    asked = state.asked if state.task else None
    key = f"ask_{asked}_again"
    if asked and key in SAID and said(key, talk.lang, talk.turn.district) != state.last_tail:
        out[-1].text = out[-1].text.strip()[: -len(state.last_tail)] + said(key, talk.lang, talk.turn.district)
        return
    found = knowledge_answer(talk, remember=False) if talk.text and not state.task else None
    if found is not None and last_part(found.text) != state.last_tail:
        talk.out = [found]
        return
    out[-1] = Guidance(said("way_out_topic", talk.lang, talk.turn.district), [person_button(talk.lang)])


def offer_a_person(talk: Talk) -> None:
    """The second turn in a row the bot could not help (only a refusal to give): a person is offered, with a
    button that hands the conversation to the staff inbox, or after hours to a callback request (issue 23)."""
    failed = bool(talk.out) and all(g.source == "fallback" for g in talk.out) and not talk.state.task
    talk.state.failures = talk.state.failures + 1 if failed else 0
    if talk.state.failures < 2:
        return
    talk.state.failures = 0
    last = talk.out[-1]
    last.text += "\n" + said("offer_person", talk.lang)
    last.buttons = [person_button(talk.lang), *last.buttons]


def named_dong(talk: Talk) -> str | None:
    """The one 동 this message names (its own name or a landmark's), or the one a table answer was about."""
    from actions.places import dong_in

    named = dong_in(talk.turn, talk.text) if talk.text else []
    if len(named) == 1:
        return named[0]
    shown = {c.id.split(":", 1)[1] for g in talk.out for c in g.citations if c.id.startswith("waste_collection:")}
    return shown.pop() if len(shown) == 1 else None


def last_part(text: str) -> str:
    return text.strip().split("\n\n")[-1].strip()[:2000]


def remember(talk: Talk) -> list[dict[str, Any]]:
    state = talk.state
    if talk.out:
        last = talk.out[-1]
        state.repeats = state.repeats + 1 if last_part(last.text) == state.last_tail else 0
        state.last_text = "\n".join(g.text for g in talk.out)[:2000]
        state.last_buttons = [{"title": b.title, "payload": b.payload} for b in last.buttons]
        state.last_tail = last_part(last.text)
        cited = [c.id for g in talk.out for c in g.citations]
        previous = list(state.last_citations)
        if talk.topic and state.last_intent and talk.topic != state.last_intent and state.last_citations:
            state.earlier_intent, state.earlier_citations = state.last_intent, list(state.last_citations)
        if cited or talk.topic:
            state.last_citations = cited
        if talk.topic:
            state.last_intent = talk.topic
        faq_only = bool(cited) and all(":" not in c for c in cited)   # a topic may answer from the FAQ too
        if cited and (not talk.topic or faq_only) and talk.text and not talk.followed_up:   # a FAQ answer's question
            state.last_question = talk.text[:300]
        elif talk.topic == "office_info" and talk.text and all(c.startswith("offices:") for c in cited):
            state.last_question = talk.text[:300]   # "…서류 떼야 되는데" with the office alone: "그럼 온라인으로는요?"
        elif talk.topic == "bulky_waste" and talk.text and sum(c.startswith("bulky_fees:") for c in cited) > 1:
            state.last_question = talk.text[:300]   # the sizes said with several items: "다 합치면요?" next
        rows = [c.title for g in talk.out for c in g.citations if ":" not in c.id]
        if cited:     # "do I pay for it online?": "it" is what the FAQ row just answered is about
            state.last_row = rows[0][:300] if rows else ""
        if talk.topic == "feelings" and not cited:   # the route names programmes: "누가 받을 수 있어요?" is about them
            state.last_citations = programmes_named(talk.turn.district, state.last_text)[:3] or previous
        from bot.dialogue.people import group_in

        state.person = group_in(talk.text) or state.person if talk.text else state.person
        state.dong = named_dong(talk) or state.dong
        behind = rows_behind_faq(talk.turn.district, cited, state.last_text) if cited and not talk.topic else []
        if behind:      # a FAQ answer about a welfare programme: its row answers "대신 신청해도 돼요?"
            state.last_citations, state.last_intent = cited + behind, "welfare_programs"
    # Cleared only when set: an event a turn that changes nothing still costs Rasa on every later turn (stored,
    # sent to this server and read back with the whole conversation).
    if talk.turn.slot("requested_slot") is not None and \
            not any(e.get("name") == "requested_slot" for e in talk.events if isinstance(e, dict)):
        talk.events.append(SlotSet("requested_slot", None))
    return [SlotSet("dialogue", state.dump())]


def converse(talk: Talk) -> None:
    words = talk.text
    if words and reading.wants_forgetting(words):
        return forget_conversation(talk)
    if talk.state.task:
        in_task(talk, TASKS[talk.state.task])
    else:
        outside_task(talk)
        from actions.outside import hold_interrupted

        hold_interrupted(talk)
    emergency_first(talk)


def emergency_first(talk: Talk) -> None:
    """Danger now or someone hurt ("strong smell of gas in our stairwell, what do I do", "애가 벌에 쏘여서 숨쉬기
    힘들어해요"): whatever the turn answered — a FAQ row, a form's question, feelings — 119 comes first."""
    words = talk.text
    if not words or not complaint_task.urgent(words):
        return
    said_at = next((i for i, g in enumerate(talk.out) if "119" in g.text), None)
    if said_at is None:
        talk.out.insert(0, Guidance(said("emergency_now", talk.lang, talk.turn.district)))
    elif said_at > 0:         # said after an acknowledgement of feelings: it comes first
        talk.out.insert(0, talk.out.pop(said_at))


def in_task(talk: Talk, task) -> None:
    words, intent = talk.turn.text, talk.turn.intent
    if talk.turn.is_payload and words.startswith("/"):
        return pressed_in_task(talk, task)
    if words and reading.is_cancel(words):
        own = COMPLAINT_INTENTS if talk.state.task == "complaint" else ("complaint_status",)
        # "아 됐어요 민원은 그냥 취소할게요" read as a status question: a lookup needs a ticket or words of one
        looks_up = intent != "complaint_status" or bool(reading.read_ticket_in(words) or STATUS_ASKED.search(words))
        rest_is_a_question = intent not in own and looks_up and (
            intent in (*TOPIC_INTENTS, "request_human", "complaint_status", *COMPLAINT_INTENTS) and confident(talk, 0.5)
            or reading.is_question(words) and intent not in ("deny", "affirm", "thanks", "goodbye"))
        task.cancel(talk, leaving=rest_is_a_question)
        if rest_is_a_question:
            outside_task(talk)
        return
    if words and reading.wants_repeat(words) and len(words) < 30:
        talk.say(Guidance(said("again", talk.lang) + "\n" + talk.state.last_text if talk.state.last_text
                          else said("resume", talk.lang)))
        talk.repeating = True
        return
    if words and reading.empty_reply(words):
        return task.again(talk)     # "그거요", "어 그거", "?" at the form's question: no yes, no thanks — asked again
    if words and reading.asks_to_wait(words):
        return take_your_time(talk, task)      # "잠깐만요 ㅎㅎ": the question stays open, nothing counted
    if words and reading.asks_what_bot_does(words) and len(words) < 60:
        talk.say(Guidance(said("can_do", talk.lang)))   # "what can you do?" at the contact step: told, then the question
        return resume(talk)
    if words and reading.leaves_topic(words) and intent in TOPIC_INTENTS and confident(talk, 0.9) and \
            not reading.read_ticket_in(words):
        task.cancel(talk, leaving=True)      # "아 그거 말고요 그냥 송정동 쓰레기 요일이나 알려줘요": not a correction
        return outside_task(talk)
    if asks_before_answering(talk):
        return resume(talk)
    if words and task is complaint_task and both_asked(talk):
        return resume(talk)       # "둘 다 접수되는 거죠?", "both can report?": yes, one after the other
    if words and not reading.read_ticket_in(words) and side_contact(talk):
        return resume(talk)       # "그동안 민원여권과 전화번호 좀 알려줘요" while looking for the ticket: that number first
    if task is complaint_task and intent == "complaint_status" and confident(talk, 0.9) and \
            (reading.read_ticket_in(words) or STATUS_ASKED.search(words)) and \
            talk.state.asked not in ("consent", "phone", "confirm") or \
            task is complaint_task and reading.read_ticket_in(words) and STATUS_ASKED.search(words):
        task.cancel(talk, leaving=True)     # "지난주에 낸 민원이 처리가 됐는지 좀 볼라고요" in a new complaint: the lookup
        return outside_task(talk)
    if task.take(talk):
        return
    words = talk.text
    if task is status_task and intent in COMPLAINT_INTENTS and confident(talk, 0.9) and \
            not reading.is_question(words) and not status_task.about_itself(talk):
        task.cancel(talk, leaving=True)     # "Somebody parked illegally right in front of …" at the four digits: a report
        return outside_task(talk)
    if task is status_task and status_task.about_itself(talk) and not asks_its_own(talk) and \
            not (intent in (*TOPIC_INTENTS, "request_human") and confident(talk, 0.8)):
        return task.again(talk)
    if reading.leaves_topic(words) and (intent in TOPIC_INTENTS or reading.is_question(words)):
        task.cancel(talk, leaving=True)
        return outside_task(talk)
    if side_question(talk) or answered_as_outside(talk):
        return resume(talk)
    if reading.hedges(words) and not reading.is_question(words):
        return task.again(talk)       # "글쎄요 그냥 저기요" at "어디에서 생긴 일인가요?": an unusable answer, counted
    if intent in ("greet", "thanks", "bot_challenge") and confident(talk, 0.6):
        talk.responses.append(SMALL_TALK[intent])
        return resume(talk)
    if intent == "request_human" and confident(talk, 0.6) and (reading.wants_person(words) or confident(talk, 0.95)):
        task.cancel(talk, leaving=True)      # a person, not the form: the form stops here
        talk.topic = "request_human"
        # "담당 부서에 직접 전화할래요 번호 알려줘요": the numbers; a plain ask for a person: the staff inbox
        talk.say(person_to_call(talk, hand_over=asks_for_a_person(talk)))
        return
    task.again(talk)


def pressed_in_task(talk: Talk, task) -> None:
    """A button with an intent pressed during a task."""
    if talk.turn.intent in COMPLAINT_INTENTS and talk.state.task == "complaint":
        if talk.state.asked == "confirm":           # "다시 접수" after an outage: the same answers, filed once
            from actions.complaint_filing import submit

            return submit(talk)
        return complaint_task.ask_next(talk)       # the menu's button again: carry on where we were
    task.cancel(talk, leaving=True)                 # a button of another topic: a clear change
    return outside_task(talk)


def take_your_time(talk: Talk, task) -> None:
    """"잠깐만요", "hold on": no answer and no miss — the question once more, in its short form."""
    asked = talk.state.asked or ("confirm" if talk.state.task == "complaint" else "ticket")
    key = f"ask_{asked}_again"
    if task is complaint_task and asked in ("category", "confirm") or key not in SAID:
        return complaint_task.ask_next(talk, prefix=said("take_your_time", talk.lang)) \
            if task is complaint_task else talk.say(Guidance(said("take_your_time", talk.lang)))
    talk.say(Guidance(said("take_your_time", talk.lang) + " " + said(key, talk.lang, talk.turn.district)))
    if asked in ("consent", "phone"):
        talk.slot("requested_slot", "complaint_phone")


def resume(talk: Talk) -> None:
    """After a side answer, the form's question again, introduced so it does not read as a loop."""
    asked = talk.state.asked
    if talk.state.task == "complaint":
        complaint_task.ask_next(talk, prefix=said("resume", talk.lang))
    else:
        talk.say(Guidance(said("resume", talk.lang) + " " + said("ask_ticket" if asked == "ticket" else "ask_last4",
                                                                   talk.lang)))


# "둘 다 접수되는 거죠?", "are both reported separately?": whether the two problems a report named are filed each
BOTH_FILED = re.compile(r"둘\s*다|두\s*(가지|개|건)|각각|따로|하나씩|\bboth\b|\btwo\b|\beach\b|separate", re.I)


def both_asked(talk: Talk) -> bool:
    """A report that named a second problem (``also``), asked whether both are filed: yes — this one, then the other at
    the same place, each a complaint of its own."""
    from bot.guidance import pick

    values, words = talk.state.values, talk.text
    if not values.get("also") or not BOTH_FILED.search(words) or not (reading.asks(words) or re.search(r"거죠|거지|죠\??$", words)):
        return False
    district = talk.turn.district
    first, also = district.complaint_category(values.get("category")), district.complaint_category(values["also"])
    if first is None or also is None:
        return False
    talk.say(Guidance(said("also_both", talk.lang, first=pick(talk.lang, first.label, first.label_en),
                           what=pick(talk.lang, also.label, also.label_en))))
    return True


def side_contact(talk: Talk) -> bool:
    """A department's number asked by its name, at any question of a task: told (departments.csv), never read as
    the answer (a phone number is not the ticket, a department is not the place)."""
    from actions.outside import department_phone

    found = department_phone(talk)
    if found is None or talk.state.asked in ("phone", "consent") and not reading.asks(talk.text):
        return False
    talk.say(found)
    return True


def side_question(talk: Talk) -> bool:
    """Answer a question asked in the middle of a task (a table, the handling time, the FAQ)."""
    words, intent = talk.text, talk.turn.intent
    if not words:
        return False
    there = anyone_there(talk) if not confident(talk, 0.9) or intent in SMALL_TALK else None
    if there:       # "거기 누구 있어요? 이 시간에 물어봐도 되나" read as collection days at 0.42: whether anyone is there
        talk.say(there)
        return True
    if intent in SMALL_TALK and confident(talk, 0.9):
        return False        # "ㅋㅋ 근데 너 사람이야?" at the consent question: small talk, not a FAQ search
    if reading.asks_how_long(words) or reading.asks_department(words) and talk.state.task == "complaint":
        found = complaint_task.how_long(talk)
        if found:
            talk.say(found)
            return True
    dong = talk.state.values.get("dong")
    if OFFICE_ASKED.search(words):
        intent = "office_info"       # "구청은 오늘 몇 시까지 해요?" whatever the NLU guessed
    if intent in TOPIC_INTENTS and confident(talk, 0.35) or intent == "office_info":
        asked, asked_for = talk.state.asked, talk.state.asked_for
        # "여기 일반 쓰레기는 무슨 요일이에요?" in a complaint about 왕십리2동 means 왕십리2동
        known = talk.turn.knowing(dong=dong) if intent == "waste_collection_schedule" else talk.turn
        if intent in WELFARE_INTENTS:    # "어머니가 일흔여덟이시고 …": the person this question describes, else the one before
            group = group_in(words)
            known = known.telling(target_group=group) if group else with_person(talk, intent)
        answer = topic_answer(talk, intent, known)
        talk.state.asked, talk.state.asked_for = asked, asked_for
        if not answer.citations and answered_as_outside(talk):
            return True       # "오락실 게임기 같은 큰 기계 버리려면 얼마예요" at 0.48: the FAQ row, not "어떤 물건이에요?"
        talk.say(answer)
        return True
    if reading.is_question(words):
        found = anyone_there(talk) or knowledge_answer(talk, remember=False)
        if found:
            talk.say(found)
            return True
    return False


STATUS_ASKED = re.compile(r"처리\s*(가\s*)?(됐|되었|된|되고|중|상황)|진행\s*(상황|중|됐)|어떻게\s*(됐|되)|조회|status|progress|"
                          r"what'?s happening with|any update", re.I)
COMPLAINT_WORDS = re.compile(r"신고|민원|접수|report|complain", re.I)


def asks_before_answering(talk: Talk) -> bool:
    """At a free-text question of the complaint form (where, the place, the details) — and at the contact questions a
    question of another topic — a question that names no
    problem and no report, which the NLU does not read as a complaint with confidence, and which gets an answer
    from the tables or the FAQ outside the form: answered, then the form's question ("옆집 할머니가 혼자 사시는데
    도와드릴 방법이 있을까요" at "어디에서 생긴 일인가요?" is not the place)."""
    from bot.dialogue.categories import category_named

    from actions.complaint_views import phone_in

    state, words, intent = talk.state, talk.text, talk.turn.intent
    # at the contact questions only a question of another topic borne out by its words: "응봉동은 재활용 무슨 요일에
    # 내요" begins with a "응" but is no yes to the consent (nor a phone number)
    contact = state.asked in ("consent", "phone") and bool(words) and asks_of_another_topic(talk) and \
        not phone_in(words)
    wants = state.asked in ("location", "description") and wants_from_another_topic(talk)
    if state.task != "complaint" or state.asked not in ("where", "location", "description", "dong", "category") and \
            not contact or \
            not words or not (reading.asks(words) or asks_of_another_topic(talk) or wants) or \
            COMPLAINT_WORDS.search(words) or \
            intent in COMPLAINT_INTENTS and confident(talk) or reading.is_correction(words) and not wants or reading.hedges(words) or \
            category_named(words, talk.turn.district.complaint_categories) or reading.asks_how_long(words):
        return False
    return answered_as_outside(talk)


def asks_of_another_topic(talk: Talk) -> bool:
    """A message the NLU reads with confidence as a topic of its own whose words bear that topic out ("행당2동 쓰레기
    요일이요", "phone number for Yongdap-dong community center pls", "청년월세지원 받을수있나여 저 27살이고"): asked of
    that topic, with or without a question mark — at a form's free-text question it is not the place or the details.
    The topic's words must stand outside the place the message names ("동일로43길 13 주민센터 뒤 골목" is a place)."""
    from bot.dialogue.cues import TOPIC_OF_INTENT, supports, topics_in
    from bot.dialogue.details import location_in

    topic, words = TOPIC_OF_INTENT.get(talk.turn.intent or ""), talk.text
    if not words or topic is None or not confident(talk, 0.9):
        return False
    place = location_in(words, talk.lang)     # "동일로43길 13 주민센터 뒤 골목" is a place with a centre in it: the rest must ask
    rest = words.replace(place, " ") if place else words
    return topic in topics_in(rest) or supports(topic, rest)


# What a resident wants, said without a question mark: "she want some class on weekday", "… 찾고 있어요"
WANTS = re.compile(r"\b(want|wants|wanna|looking for|need|needs|interested in|any)\b|싶어|싶은데|찾고|찾아요|필요해|필요한데|"
                   r"있을까|있나|있으면|좋겠", re.I)
# The topics a report of a cleaning problem may name in its own details (trash, a sofa left in the alley)
_CLEANING_TOPICS = ("waste", "bulky")


def wants_from_another_topic(talk: Talk) -> bool:
    """A wish of another topic than the complaint's, which the NLU reads with some confidence (0.64) and whose words name
    a row of that topic's table ("my grandmother is 70, she want some class on weekday, not weekend" at the details of
    a banner complaint): a side question, not the details. The waste topics stay details of a cleaning complaint
    ("밤마다 쓰레기를 두고 가요")."""
    from actions.context import names_a_row
    from bot.dialogue.cues import TOPIC_OF_INTENT

    words, values = talk.text, talk.state.values
    topic = TOPIC_OF_INTENT.get(talk.turn.intent or "")
    if not words or topic is None or not confident(talk, 0.64) or not WANTS.search(words):
        return False
    category = talk.turn.district.complaint_category(values.get("category")) if values.get("category") else None
    cleaning = values.get("kind") == "cleaning" or category is not None and category.group == "cleaning"
    return not (cleaning and topic in _CLEANING_TOPICS) and names_a_row(talk, topic)


def asks_its_own(talk: Talk) -> bool:
    """A question of the resident's own, which the NLU reads confidently as something other than the task
    ("주민번호로 등본을 인터넷으로 뗄 수 있어요?" in a status lookup: "번호" is not the ticket's)."""
    intent, words = talk.turn.intent, talk.text
    own = COMPLAINT_INTENTS if talk.state.task == "complaint" else ("complaint_status",)
    # in a status lookup nothing but a ticket or four digits is an answer: a sentence the NLU reads as a general
    # question at 0.9 is one, with or without a question mark ("자동차세는 몇 월에 내는 거예요")
    asks = reading.asks(words) or talk.state.task == "status" and intent == "out_of_scope" and \
        confident(talk, 0.9) and len(words) >= 8
    return bool(words) and asks and intent not in (*own, "affirm", "deny") and \
        confident(talk, 0.8) and not reading.read_ticket_in(words)


def answered_as_outside(talk: Talk) -> bool:
    """A question inside a task that the task's own readings did not answer gets what it would get outside
    the task, when that is an answer from the tables or the FAQ (not a refusal, not another task, not a person):
    the context of a form may add to an answer, never take it away (bench/dialogue_fuzz.py's metamorphic
    check). The task, its question and the state stay as they were."""
    words, intent = talk.text, talk.turn.intent
    wants = talk.state.asked in ("location", "description") and wants_from_another_topic(talk)
    if not words or not (reading.asks(words) or asks_its_own(talk) or asks_of_another_topic(talk) or wants) or \
            intent in COMPLAINT_INTENTS and confident(talk, 0.8) or \
            intent in ("complaint_status", "request_human") and confident(talk) or reading.read_ticket_in(words) or \
            reading.wants_person(words) or reading.asks_for_person(words):
        return False
    state = talk.state
    trial = Talk(talk.turn, DialogueState(last_intent=state.last_intent, last_citations=list(state.last_citations),
                                          person=state.person, dong=state.values.get("dong") or state.dong))
    try:
        outside_task(trial)
    except Exception:   # noqa: BLE001 — a trial that fails is no answer
        logger.exception("the outside answer of a side question failed")
        return False
    if trial.state.task or trial.state.asked == "offer" or trial.responses or not trial.out or \
            trial.topic in ("request_human", "feelings") or any(g.source == "fallback" for g in trial.out) or \
            not any(g.citations for g in trial.out):
        return False
    cited = {c.id for g in trial.out for c in g.citations}
    # a question the NLU could at least place in a topic ("오락실 게임기 같은 큰 기계 버리려면 얼마예요" as bulky waste at
    # 0.45) gets the FAQ row it gets alone; a message it cannot place must match a row clearly
    placed = intent in TOPIC_INTENTS and reading.is_question(words)
    if not confident(talk) and not placed and all(":" not in c for c in cited):
        # a FAQ row found for a message the NLU cannot place ("글쎄 그걸 내가 어떻게 알아요" at the place question)
        # must match as clearly as a side question's FAQ answer does, or it is an unusable answer
        clear = knowledge_answer(talk, remember=False)
        if clear is None or not cited & {c.id for c in clear.citations}:
            return False
    talk.out.extend(trial.out)
    talk.topic = trial.topic
    talk.followed_up = trial.followed_up
    talk.events.extend(e for e in trial.events if e.get("name") not in ("requested_slot", "dialogue"))
    return True


def outside_task(talk: Talk) -> None:
    from actions.outside import answer_outside

    answer_outside(talk)

