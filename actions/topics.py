"""Topic actions share one shape: answer the topic, remember it for follow-ups.

A bare follow-up such as "행당2동은요?" keeps the topic of the previous question
(office hours stay office hours), whatever intent the NLU gave it.
"""
from __future__ import annotations

from typing import Any, Callable

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import DistrictAction
from actions.turn import Turn, send, settings
from bot.guidance import Guidance

Handler = Callable[[Turn], Guidance]
HANDLERS: dict[str, Handler] = {}


def answers(intent: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[intent] = handler
        return handler
    return register


def topic_for(turn: Turn, intent: str) -> str:
    previous = turn.slot("topic")
    if previous in HANDLERS and previous != intent and turn.is_follow_up():
        return previous
    return intent


class TopicAction(DistrictAction):
    intent = ""
    action_name = ""

    def name(self) -> str:
        return self.action_name

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        if turn.names_elsewhere():  # "부산 해운대구 쓰레기 요일": our tables would answer for the wrong place
            from actions.knowledge import refusal

            send(dispatcher, refusal(turn))
            return []
        topic = topic_for(turn, self.intent)
        guidance = HANDLERS[topic](turn)
        send(dispatcher, guidance if guidance.specific else faq_instead(turn) or guidance)
        return [SlotSet("topic", topic)]


def faq_instead(turn: Turn) -> Guidance | None:
    """An open question inside a topic ("음식물 봉투 어디서 사요?") that the table cannot answer
    specifically is better answered by a FAQ row that clearly matches it."""
    from actions.knowledge import answer_service, from_faq

    if turn.is_payload or turn.is_follow_up():
        return None
    answer = answer_service().answer(turn.text, turn.lang, threshold=settings().faq_instead_threshold,
                                     today=turn.today, checked=turn.meta.checked)
    return from_faq(answer) if answer.status == "answered" else None
