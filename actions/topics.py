"""Topic actions share one shape: answer the topic, remember it for follow-ups.

A bare follow-up such as "행당2동은요?" keeps the topic of the previous question
(office hours stay office hours), whatever intent the NLU gave it.
"""
from __future__ import annotations

from typing import Any, Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import Turn, send
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


class TopicAction(Action):
    intent = ""
    action_name = ""

    def name(self) -> str:
        return self.action_name

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        topic = topic_for(turn, self.intent)
        send(dispatcher, HANDLERS[topic](turn))
        return [SlotSet("topic", topic)]
