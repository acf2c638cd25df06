"""Questions with no rule: answer from the district's FAQ, or refuse kindly with a contact."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from sqlalchemy.exc import SQLAlchemyError
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.base import DistrictAction
from actions.turn import Turn, live_district, send, settings
from bot.answer.pipeline import Answer, AnswerService
from bot.guidance import Button, Citation, Guidance, payload, pick
from bot.guidance.referral import referral
from bot.texts import text
from bot.unanswered import UnansweredStore

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def answer_service() -> AnswerService:
    """The tables the turns read (one LiveDistrict per process) give English answers their contact."""
    return AnswerService(settings(), districts=live_district())


@lru_cache(maxsize=1)
def unanswered_store() -> UnansweredStore:
    return UnansweredStore(settings().database)


def remember_unanswered(turn: Turn, reason: str, channel: str) -> None:
    """For staff's "unanswered questions" list; never at the cost of the resident's answer."""
    try:
        unanswered_store().add(turn.text, turn.lang, reason, channel)
    except SQLAlchemyError as exc:
        logger.warning("could not record an unanswered question: %s", type(exc).__name__)


def refusal(turn: Turn, answer: Answer | None = None) -> Guidance:
    names = settings().district_names
    if answer is not None and answer.refusal not in (None, "out_of_scope"):
        return Guidance(text(answer.refusal, turn.lang, turn.district, **names), source="fallback")
    message = text("out_of_scope", turn.lang)
    contact = referral(turn.district, turn.text, turn.lang, settings().home_place_names, names)
    if contact:
        message += "\n" + contact
    buttons = [Button(pick(turn.lang, "쓰레기 배출 요일", "Collection days"), payload("waste_collection_schedule")),
               Button(pick(turn.lang, "복지", "Welfare"), payload("welfare_programs")),
               Button(pick(turn.lang, "행사", "Events"), payload("events_search"))]
    return Guidance(message, buttons, source="fallback")


def from_faq(answer: Answer) -> Guidance:
    """The pipeline's answer as it is: an English question about a Korean row already has its English
    frame or translation (bot/answer/korean_only.py), the same for every channel."""
    return Guidance(answer.text or "", citations=[Citation(**c) for c in answer.citations], source=answer.source)


class ActionAnswerFromKnowledge(DistrictAction):
    def name(self) -> str:
        return "action_answer_from_knowledge"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        answer = answer_service().answer(turn.text, turn.lang, today=turn.today, checked=turn.meta.checked) \
            if not turn.is_payload else None
        if answer is not None and answer.status == "answered":
            send(dispatcher, from_faq(answer))
        else:
            send(dispatcher, refusal(turn, answer))
            if answer is not None and answer.refusal in ("out_of_scope", "unclear"):
                remember_unanswered(turn, answer.refusal, tracker.get_latest_input_channel() or "web")
        # Also the core fallback: wait for the resident instead of predicting again.
        return [FollowupAction("action_listen")]
