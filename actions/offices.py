"""Office hours, address and phone; a person to call."""
from __future__ import annotations

import dataclasses
import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import DistrictAction
from actions.topics import TopicAction, answers
from actions import turn as turns
from actions.turn import Turn, send
from actions.waste import dong_or_question
from bot import handoff
from bot.complaints.store import DatabaseUnavailable
from bot.guidance import Guidance, offices, pick, waste
from bot.guidance.asks import asks
from bot.knowledge.files import KnowledgeError
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)

OFFICE_WORDS = re.compile(r"구청|몇\s*시|시간|영업|문\s*(열|닫)|주소|위치|어디|전화|번호|연락처|"
                          r"hours|open|close|address|where|phone|number", re.I)
CENTRE_WORDS = re.compile(r"(주민\s*센터|주민센타|행정\s*복지\s*센터|동\s*사무소|동사무실|동\s*주민|동\s*센터|community cent|dong office|"
                          r"dong\s+cent(re|er))", re.I)


NOW_WORDS = re.compile(r"지금|오늘|아직|이\s*시간|now|today|yet|right now", re.I)


@answers("office_info")
def office_info(turn: Turn) -> Guidance:
    """The office's card; "지금 문 열었어요?" / "오늘 가도 돼요?" first says whether it is open now."""
    guidance = _office_card(turn)
    office_id = next((c.id.split(":", 1)[1] for c in guidance.citations if c.id.startswith("offices:")), None)
    office = next((o for o in turn.district.offices if o.id == office_id), None)
    if office and NOW_WORDS.search(turn.text):
        guidance.text = offices.open_now_line(office, turn.now, turn.lang, offices.holidays_of(turn.district)) \
            + "\n" + guidance.text
    return guidance


def _office_card(turn: Turn) -> Guidance:
    district = turn.district
    asks_centre = bool(CENTRE_WORDS.search(turn.text)) or turn.is_follow_up()
    if asks_centre and not turn.entity("dong") and turn.text and not turn.is_payload:
        from actions.places import dong_in     # "is the Seongsu 1-ga 1-dong centre open now?": the 동 the NLU did not mark

        asks_centre_of = dong_in(turn, turn.text)
    else:
        asks_centre_of = []
    if turn.entity("dong") or (asks_centre and (turn.slot("dong") or len(asks_centre_of) == 1)):
        def centre(schedule):
            office = district.office_of("community_centre", schedule.dong)
            return offices.office_card(office, turn.lang) if office else offices.person_to_call(district, turn.lang)
        return dong_or_question(turn, "office_info", centre)
    if asks_centre:
        return _centres_hours(turn) or waste.ask_dong(district, turn.lang, "office_info")
    office = district.office_of("district_office")
    guidance = offices.office_card(office, turn.lang) if office else offices.person_to_call(district, turn.lang)
    guidance.specific = bool(OFFICE_WORDS.search(turn.text))
    return guidance


def _centres_hours(turn: Turn) -> Guidance | None:
    """"주민센터는 몇 시까지 해요?" without a 동: when every centre keeps the same hours, say them,
    then ask the 동 for its phone and address."""
    question = asks(turn.text)
    every = offices.every_centre(turn.district)
    now = bool(NOW_WORDS.search(turn.text))
    # "지금 주민센터에 전화하면 받아요?" at night: whether they are open now is the answer, the number comes with the 동
    if every is None or not (question.time or now and question.phone) or question.phone and not now or question.place:
        return None
    hours = pick(turn.lang, every.hours, every.hours_en)
    which = waste.ask_dong(turn.district, turn.lang, "office_info")
    lead = pick(turn.lang, f"동 주민센터는 모두 {hours}에 열어요.", f"All community centres are open {hours}.")
    if now:     # "오늘 주민센터 문 열어요?" on a holiday: closed today, first
        lead = offices.open_now_line(every, turn.now, turn.lang, offices.holidays_of(turn.district)) + "\n" + lead
    return Guidance(f"{lead}\n{which.text}", which.buttons)


class ActionOfficeInfo(TopicAction):
    intent, action_name = "office_info", "action_office_info"


def person_for(turn: Turn, topic: str = "") -> Guidance:
    """A person: in office hours the staff inbox queue of the topic's department, after hours a callback
    request (bot.handoff); the phone numbers when the inbox cannot be reached. ``topic`` is the intent
    the bot last answered, when the tracker's ``topic`` slot does not say it (the dialogue manager)."""
    try:
        request = handoff.asked_in(turn.tracker, turn.lang)
        if topic and not request.topic:
            request = dataclasses.replace(request, topic=topic)
        return handoff.request(turns.settings(), turn.district, request, turn.now)
    except (SQLAlchemyError, DatabaseUnavailable, KnowledgeError):
        logger.exception("the staff inbox is unavailable: giving phone numbers instead")
        return offices.person_to_call(turn.district, turn.lang)


class ActionRequestHuman(DistrictAction):
    """A person: in office hours the staff inbox queue, after hours a callback request (bot.handoff);
    the phone numbers when the inbox cannot be reached."""

    def name(self) -> str:
        return "action_request_human"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        if offices.asks_if_anyone_there(turn.text):   # "지금 누구 있어요?": open now or not, and what the bot does meanwhile
            send(dispatcher, offices.anyone_there(turn.district, turn.now, turn.lang))
            return []
        guidance = person_for(turn)
        send(dispatcher, guidance)
        return []
