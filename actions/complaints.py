"""Filing a complaint (after the form) and checking one by its ticket number."""
from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import DistrictAction, DistrictFormValidation
from actions.complaint_form import is_cancel, reset_events
from actions.phones import forget, resolve_phone
from actions.turn import Turn, send, settings
from bot.complaints.models import STATUSES
from bot.complaints.store import ComplaintStore, DatabaseUnavailable, NewComplaint
from bot.guidance import Button, Guidance, pick
from bot.texts import text

logger = logging.getLogger(__name__)
TICKET = re.compile(r"20\d{2}-\d{6}")


@lru_cache(maxsize=1)
def complaint_store() -> ComplaintStore:
    return ComplaintStore(settings().database)


class ActionSubmitComplaint(DistrictAction):
    """Write first, then give the ticket number; a database outage keeps the answers for a retry."""

    def name(self) -> str:
        return "action_submit_complaint"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        if tracker.get_slot("complaint_cancelled"):
            forget(tracker.get_slot("complaint_phone"))
            send(dispatcher, Guidance(text("complaint_cancelled", turn.lang)))
            return reset_events()
        category = turn.district.complaint_category(tracker.get_slot("complaint_category"))
        new = NewComplaint(
            submission_key=tracker.get_slot("complaint_key") or tracker.sender_id,
            category=tracker.get_slot("complaint_category") or "other", dong=tracker.get_slot("complaint_dong") or "",
            location=tracker.get_slot("complaint_location") or "",
            description=tracker.get_slot("complaint_description") or "",
            phone=resolve_phone(tracker.get_slot("complaint_phone") or "")
            if tracker.get_slot("complaint_consent") == "yes" else None,
            channel=(tracker.get_latest_input_channel() or "web")[:16], lang=turn.lang)
        try:
            complaint = complaint_store().file(new, category)
        except DatabaseUnavailable as exc:
            logger.error("complaint not filed, database unavailable: %s", exc)
            retry = Button(pick(turn.lang, "다시 접수", "Submit again"), "/file_complaint")
            send(dispatcher, Guidance(text("complaint_db_down", turn.lang), [retry], source="fallback"))
            return [SlotSet("complaint_pending", True)]
        forget(tracker.get_slot("complaint_phone"))
        send(dispatcher, Guidance(text(
            "complaint_filed", turn.lang, ticket=complaint.ticket,
            department=pick(turn.lang, category.department, category.department_en or category.department)
            if category else complaint.department, days=str(category.handling_days if category else 7),
            phone=category.phone if category else "120")))
        return reset_events() + [SlotSet("ticket_number", None)]


class ValidateComplaintStatusForm(DistrictFormValidation):
    def name(self) -> str:
        return "validate_complaint_status_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("status_cancelled"):
            return []
        ticket = tracker.get_slot("ticket_number")
        try:
            complaint = complaint_store().by_ticket(ticket) if ticket else None
        except DatabaseUnavailable:
            return ["ticket_number"]
        return ["ticket_number", "phone_last4"] if complaint and complaint.phone else ["ticket_number"]

    def validate_ticket_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        if is_cancel(value):
            return {"status_cancelled": True, "requested_slot": None}
        found = TICKET.search(str(value or ""))
        lang = Turn.of(tracker).lang
        try:
            if found and complaint_store().by_ticket(found.group(0)):
                return {"ticket_number": found.group(0)}
        except DatabaseUnavailable:
            send(dispatcher, Guidance(text("unavailable", lang), source="fallback"))
            return {"status_cancelled": True, "requested_slot": None}
        dispatcher.utter_message(text=text("status_not_found", lang, ticket=str(value or "")[:20]))
        return {"ticket_number": None}

    def validate_phone_last4(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        if is_cancel(value):
            return {"status_cancelled": True, "requested_slot": None}
        digits = re.sub(r"\D", "", str(value or ""))
        return {"phone_last4": digits[-4:] if len(digits) >= 4 else None}


class ActionComplaintStatus(DistrictAction):
    """Status, department and reply, only for the ticket's owner (last 4 phone digits when one was given)."""

    def name(self) -> str:
        return "action_complaint_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        reset = [SlotSet("ticket_number", None), SlotSet("phone_last4", None), SlotSet("status_cancelled", None)]
        if tracker.get_slot("status_cancelled"):
            send(dispatcher, Guidance(text("status_cancelled", turn.lang)))
            return reset
        try:
            complaint = complaint_store().by_ticket(tracker.get_slot("ticket_number") or "")
        except DatabaseUnavailable:
            send(dispatcher, Guidance(text("unavailable", turn.lang), source="fallback"))
            return reset
        if complaint is None:
            send(dispatcher, Guidance(text("status_not_found", turn.lang, ticket=tracker.get_slot("ticket_number") or "")))
            return reset
        if complaint.phone and not complaint.phone.endswith(tracker.get_slot("phone_last4") or "x"):
            send(dispatcher, Guidance(text("status_wrong_phone", turn.lang)))
            return reset
        ko, en = STATUSES.get(complaint.status, (complaint.status, complaint.status))
        send(dispatcher, Guidance(text("status_report", turn.lang, ticket=complaint.ticket, status=pick(turn.lang, ko, en),
                                       department=complaint.department or "-",
                                       reply=complaint.reply or text("status_no_reply", turn.lang))))
        return reset
