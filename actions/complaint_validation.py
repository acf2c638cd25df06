"""Validation of each answer in the complaint form; cancel and fix work at every step."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import DistrictFormValidation
from actions.complaint_form import FIXES, NO, SUBMIT, YES, is_cancel
from actions.turn import Turn
from actions.phones import phone_vault, resolve_phone
from bot.complaints.triage import category_in
from bot.privacy import PHONE_REFERENCE
from bot.knowledge.matching import squash
from bot.texts import text

Result = dict[str, Any]


class ValidateComplaintForm(DistrictFormValidation):
    def name(self) -> str:
        return "validate_complaint_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot("complaint_cancelled"):
            return []
        if tracker.get_slot("complaint_consent") == "no":
            return [s for s in domain_slots if s != "complaint_phone"]
        return domain_slots

    def _cancel(self) -> Result:
        return {"complaint_cancelled": True, "requested_slot": None}

    def validate_complaint_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Result:
        if is_cancel(value):
            return self._cancel()
        turn = Turn.of(tracker)
        wanted = squash(str(value))
        for category in turn.district.complaint_categories:
            if wanted in {squash(category.category), squash(category.label), squash(category.label_en)}:
                return {"complaint_category": category.category}
        named = category_in(str(value), turn.district.complaint_categories)
        if named:
            return {"complaint_category": named.category}
        dispatcher.utter_message(text=text("complaint_pick_category", turn.lang))
        return {"complaint_category": None}

    def validate_complaint_dong(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Result:
        if is_cancel(value):
            return self._cancel()
        district = Turn.of(tracker).district
        found = district.dong_index.exact(str(value)) or district.dongs_named(str(value))
        if len(found) == 1:
            return {"complaint_dong": found[0].dong}
        return {"complaint_dong": None, "complaint_dong_choices": [s.dong for s in found] or None}

    def validate_complaint_location(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Result:
        if is_cancel(value):
            return self._cancel()
        return self._free_text("complaint_location", value, 2, 200, dispatcher, tracker)

    def validate_complaint_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> Result:
        if is_cancel(value):
            return self._cancel()
        return self._free_text("complaint_description", value, 4, 1000, dispatcher, tracker)

    def _free_text(self, slot: str, value: Any, shortest: int, longest: int, dispatcher: CollectingDispatcher,
                   tracker: Tracker) -> Result:
        value = str(value or "").strip()
        if len(value) < shortest or value.startswith("/"):
            dispatcher.utter_message(text=text("complaint_too_short", Turn.of(tracker).lang))
            return {slot: None}
        return {slot: value[:longest]}

    def validate_complaint_consent(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Result:
        if is_cancel(value):
            return self._cancel()
        value = str(value or "")
        if NO.search(value):
            return {"complaint_consent": "no", "complaint_phone": None}
        if YES.search(value):
            return {"complaint_consent": "yes"}
        return {"complaint_consent": None}

    def validate_complaint_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Result:
        if is_cancel(value):
            return self._cancel()
        phone = resolve_phone(str(value or ""))
        if phone:  # the slot (and so the tracker store) holds only the reference
            given = PHONE_REFERENCE.search(str(value))
            return {"complaint_phone": given.group(0) if given else f"[전화번호#{phone_vault().keep(phone)}]"}
        if NO.search(str(value or "")):  # "없어요": no contact after all
            return {"complaint_phone": None, "complaint_consent": "no"}
        dispatcher.utter_message(text=text("complaint_bad_phone", Turn.of(tracker).lang))
        return {"complaint_phone": None}

    def validate_complaint_confirm(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Result:
        value = str(value or "")
        if is_cancel(value):
            return self._cancel()
        if SUBMIT.match(value):
            return {"complaint_confirm": "yes"}
        lowered = value.lower()
        for word, slot in FIXES.items():
            if word in lowered:
                extra = {"complaint_phone": None} if slot == "complaint_consent" else {}
                return {"complaint_confirm": None, slot: None, **extra}
        return {"complaint_confirm": None}
