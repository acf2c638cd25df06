"""Questions with no rule: answer from the district's knowledge, or refuse kindly with a contact."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import Turn, send
from bot.guidance import Button, Guidance, payload, pick
from bot.guidance.offices import department_for
from bot.texts import text


def refusal(turn: Turn) -> Guidance:
    message = text("out_of_scope", turn.lang)
    departments = department_for(turn.district, turn.text)
    contact = departments[0] if departments else turn.district.office_of("call_centre")
    if contact:
        message += "\n" + text("who_to_call", turn.lang, name=pick(turn.lang, contact.name, contact.name_en),
                               phone=contact.phone)
    buttons = [Button(pick(turn.lang, "쓰레기 배출 요일", "Collection days"), payload("waste_collection_schedule")),
               Button(pick(turn.lang, "복지", "Welfare"), payload("welfare_programs")),
               Button(pick(turn.lang, "행사", "Events"), payload("events_search"))]
    return Guidance(message, buttons, source="fallback")


class ActionAnswerFromKnowledge(Action):
    def name(self) -> str:
        return "action_answer_from_knowledge"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        send(dispatcher, refusal(turn))
        return []
