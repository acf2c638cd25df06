"""Complaints: until the complaint form lands, say where and how to file and check one."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.turn import Turn, send
from bot.guidance import Guidance, cite, pick
from bot.texts import text


class ActionComplaintReferral(Action):
    def name(self) -> str:
        return "action_complaint_referral"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        office = turn.district.office_of("district_office")
        phone = office.phone if office else "120"
        citations = cite("offices", office.id, pick(turn.lang, office.name, office.name_en),
                         office.source_url) if office else []
        send(dispatcher, Guidance(text("complaint_referral", turn.lang, district_phone=phone), citations=citations))
        return []
