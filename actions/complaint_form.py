"""The complaint form: category → dong → place → details → consent → phone → confirm.

The resident can cancel at any step ('취소') and fix any item at the confirmation.
"""
from __future__ import annotations

import re
import uuid
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import DistrictAction
from actions.phones import shown
from actions.turn import Turn, send
from bot.complaints.triage import category_in
from bot.guidance import Button, Guidance, pick
from bot.texts import text

FORM_SLOTS = ("complaint_category", "complaint_dong", "complaint_location", "complaint_description",
              "complaint_consent", "complaint_phone", "complaint_confirm")
CANCEL = re.compile(r"^\s*(취소|그만|그만할래요?|안\s*할래요?|접수\s*안\s*해요?|cancel|stop|never ?mind)\s*[.!]?\s*$", re.I)
NO = re.compile(r"동의\s*(하지|안)|안\s*해|싫|아니|아뇨|없|^no\b|disagree|don't|do not|none", re.I)
YES = re.compile(r"동의|^네|^예|^응|좋아|yes|agree|^ok|sure", re.I)
SUBMIT = re.compile(r"^\s*(접수(하기|해\s*주세요|할게요)?|네|예|맞아요|submit|yes|ok)\s*[.!]?\s*$", re.I)
FIXES = {"분류": "complaint_category", "종류": "complaint_category", "kind": "complaint_category",
         "동": "complaint_dong", "neighbourhood": "complaint_dong", "위치": "complaint_location",
         "place": "complaint_location", "내용": "complaint_description", "details": "complaint_description",
         "연락처": "complaint_consent", "전화": "complaint_consent", "contact": "complaint_consent"}


def is_cancel(value: object) -> bool:
    """'취소', '그만', 'cancel' … typed at any step of a form."""
    return isinstance(value, str) and bool(CANCEL.match(value))


def reset_events() -> list[dict[str, Any]]:
    return [SlotSet(name, None) for name in (*FORM_SLOTS, "complaint_key", "complaint_kind", "complaint_cancelled",
                                             "complaint_dong_choices")] + [SlotSet("complaint_pending", False)]


class ActionStartComplaint(DistrictAction):
    """Before the form: a fresh submission key, and what the first message already said."""

    def name(self) -> str:
        return "action_start_complaint"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        if tracker.get_slot("complaint_pending"):
            # The database was down at "접수": keep every answer; the form completes at once
            # and the submission (same key) is filed now, once.
            return []
        turn = Turn.of(tracker)
        kind = "cleaning" if turn.intent == "report_cleaning_issue" else "general"
        events = reset_events() + [SlotSet("complaint_key", uuid.uuid4().hex), SlotSet("complaint_kind", kind)]
        named = category_in(turn.text, turn.district.complaint_categories) if not turn.is_payload else None
        if named:  # "횡단보도를 막은 킥보드 신고해요": the report itself is the first description
            events += [SlotSet("complaint_category", named.category), SlotSet("complaint_description", turn.text)]
        dong = turn.entity("dong")
        if dong and len(turn.district.dongs_named(dong)) == 1:
            events.append(SlotSet("complaint_dong", turn.district.dongs_named(dong)[0].dong))
        return events


class ActionAskComplaintCategory(DistrictAction):
    def name(self) -> str:
        return "action_ask_complaint_category"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        kind = tracker.get_slot("complaint_kind") or "general"
        options = [c for c in turn.district.complaint_categories if kind == "general" or c.group == kind
                   or c.category == "other"]
        buttons = [Button(pick(turn.lang, c.label, c.label_en), pick(turn.lang, c.label, c.label_en)) for c in options]
        send(dispatcher, Guidance(pick(turn.lang, "어떤 문제를 신고하시나요? 아래에서 골라 주세요. (그만두려면 '취소')",
                                       "What kind of problem is it? Please choose below. (To stop: 'cancel')"), buttons))
        return []


class ActionAskComplaintDong(DistrictAction):
    def name(self) -> str:
        return "action_ask_complaint_dong"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        names = tracker.get_slot("complaint_dong_choices") or [s.dong for s in turn.district.schedules]
        by_name = {s.dong: s for s in turn.district.schedules}
        buttons = [Button(pick(turn.lang, n, by_name[n].dong_en), n) for n in names if n in by_name]
        send(dispatcher, Guidance(pick(turn.lang, "어느 동인가요? 아래에서 골라 주세요.",
                                       "Which neighbourhood (dong) is it in? Please choose below."), buttons))
        return [SlotSet("complaint_dong_choices", None)]


class ActionAskComplaintConfirm(DistrictAction):
    def name(self) -> str:
        return "action_ask_complaint_confirm"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        turn = Turn.of(tracker)
        category = turn.district.complaint_category(tracker.get_slot("complaint_category"))
        summary = text("complaint_summary", turn.lang,
                       category=pick(turn.lang, category.label, category.label_en) if category else "-",
                       dong=tracker.get_slot("complaint_dong") or "-",
                       location=tracker.get_slot("complaint_location") or "-",
                       description=tracker.get_slot("complaint_description") or "-",
                       phone=shown(tracker.get_slot("complaint_phone")) or text("complaint_no_phone", turn.lang))
        labels = [("접수", "Submit"), ("위치 고치기", "Fix place"), ("내용 고치기", "Fix details"),
                  ("연락처 고치기", "Fix contact"), ("취소", "Cancel")]
        send(dispatcher, Guidance(summary, [Button(pick(turn.lang, ko, en), pick(turn.lang, ko, en))
                                            for ko, en in labels]))
        return []
