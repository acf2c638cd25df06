"""Filing a complaint (after the form) and checking one by its ticket number."""
from __future__ import annotations

import datetime as dt
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
from bot.complaints.lookups import FOUR_DIGITS, Lookup, StatusLookups
from bot.complaints.store import ComplaintStore, DatabaseUnavailable, NewComplaint
from bot.complaints.tickets import read_ticket
from bot.guidance import Button, Guidance, pick
from bot.texts import text

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def complaint_store() -> ComplaintStore:
    return ComplaintStore(settings().database)


def status_lookups() -> StatusLookups:
    return StatusLookups(complaint_store())


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
            "complaint_filed", turn.lang, ticket=complaint.full_ticket,
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
            found = status_lookups().find(ticket) if ticket else None
        except DatabaseUnavailable:
            return ["ticket_number"]
        return ["ticket_number", "phone_last4"] if found and found.outcome == "needs_phone" else ["ticket_number"]

    def validate_ticket_number(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        if is_cancel(value):
            return {"status_cancelled": True, "requested_slot": None}
        lang = Turn.of(tracker).lang
        typed = read_ticket(str(value or ""))
        try:
            found = status_lookups().find(str(typed)) if typed else None
        except DatabaseUnavailable:
            send(dispatcher, Guidance(text("unavailable", lang), source="fallback"))
            return {"status_cancelled": True, "requested_slot": None}
        if found and found.outcome in ("found", "needs_phone", "locked"):
            return {"ticket_number": str(typed)}
        key = "status_typo" if found and found.outcome == "typo" else "status_not_found"
        dispatcher.utter_message(text=text(key, lang, ticket=str(typed) if typed else str(value or "")[:20]))
        return {"ticket_number": None}

    def validate_phone_last4(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> dict[str, Any]:
        if is_cancel(value):
            return {"status_cancelled": True, "requested_slot": None}
        digits = re.sub(r"[\s-]", "", str(value or ""))
        if FOUR_DIGITS.fullmatch(digits):
            return {"phone_last4": digits}
        dispatcher.utter_message(text=text("status_four_digits", Turn.of(tracker).lang))
        return {"phone_last4": None}


class ActionComplaintStatus(DistrictAction):
    """Status, department and reply only for the ticket's owner (bot/complaints/lookups.py says who that is)."""

    def name(self) -> str:
        return "action_complaint_status"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        reset = [SlotSet("ticket_number", None), SlotSet("phone_last4", None), SlotSet("status_cancelled", None)]
        if tracker.get_slot("status_cancelled"):
            send(dispatcher, Guidance(text("status_cancelled", turn.lang)))
            return reset
        typed = tracker.get_slot("ticket_number") or ""
        try:
            found = status_lookups().check(typed, tracker.get_slot("phone_last4"))
        except DatabaseUnavailable:
            send(dispatcher, Guidance(text("unavailable", turn.lang), source="fallback"))
            return reset
        send(dispatcher, Guidance(status_text(found, typed, turn.lang)))
        return reset


def _department(complaint, lang: str) -> str:
    """The department that has the complaint, in the resident's language, with its phone number."""
    from actions.turn import live_district

    category = live_district().current().complaint_category(complaint.category)
    if category is None or category.department != complaint.department:
        return complaint.department or "-"
    name = pick(lang, category.department, category.department_en or category.department)
    return f"{name} ({category.phone})" if category.phone else name


def status_text(found: Lookup, typed: str, lang: str) -> str:
    complaint = found.complaint
    if found.outcome == "report":
        ko, en = STATUSES.get(complaint.status, (complaint.status, complaint.status))
        return text("status_report", lang, ticket=complaint.full_ticket, status=pick(lang, ko, en),
                    department=_department(complaint, lang), reply=complaint.reply or text("status_no_reply", lang))
    if found.outcome == "locked":
        seoul = found.locked_until.astimezone(dt.timezone(dt.timedelta(hours=settings().timezone_hours)))
        return text("status_locked", lang, until=seoul.strftime("%m-%d %H:%M"))
    if found.outcome == "received":
        return text("status_received", lang, ticket=complaint.ticket)
    keys = {"wrong_phone": "status_wrong_phone", "wrong_code": "status_wrong_code", "typo": "status_typo"}
    return text(keys.get(found.outcome, "status_not_found"), lang, ticket=typed[:20])
