"""Filing the complaint the form gathered: write first, then give the ticket number; a database outage
keeps every answer, and "접수" again files it once (the same submission key)."""
from __future__ import annotations

import logging

import actions.complaints
from actions.phones import forget, resolve_phone
from actions.talk import Talk
from bot.complaints.store import DatabaseUnavailable, NewComplaint
from bot.dialogue.texts import said
from bot.guidance import Button, Guidance, pick
from bot.texts import text

logger = logging.getLogger(__name__)


def submit(talk: Talk) -> None:
    values, turn, lang = talk.state.values, talk.turn, talk.lang
    category = turn.district.complaint_category(values.get("category"))
    description = values.get("description") or values.get("opening") or ""
    new = NewComplaint(
        submission_key=values.get("key") or turn.tracker.sender_id,
        category=values.get("category") or "other", dong=values.get("dong") or "",
        location=values.get("location") or "", description=description,
        phone=resolve_phone(values.get("phone") or "") if values.get("consent") == "yes" else None,
        channel=(turn.tracker.get_latest_input_channel() or "web")[:16], lang=lang,
        conversation=turn.tracker.sender_id)     # the photos and position sent in this conversation go with it
    try:
        complaint = actions.complaints.complaint_store().file(new, category)
    except DatabaseUnavailable as exc:
        logger.error("complaint not filed, database unavailable: %s", exc)
        retry = Button(pick(lang, "다시 접수", "Submit again"), "/file_complaint")
        talk.say(Guidance(text("complaint_db_down", lang, talk.turn.district), [retry], source="fallback"))
        return
    forget(values.get("phone"))
    also = turn.district.complaint_category(values.get("also")) if values.get("also") else None
    talk.state.finish()
    talk.state.filed = complaint.category or values.get("category")
    talk.state.filed_ticket = complaint.full_ticket
    talk.slot("complaint_phone", None)
    if also is not None:    # the second problem of the same report: offered next, at the same place
        talk.say(Guidance(text("complaint_filed", lang, ticket=complaint.full_ticket, department=pick(
            lang, category.department, category.department_en or category.department) if category else
            complaint.department, days=str(category.handling_days if category else 7),
            phone=category.phone if category else talk.turn.district.phone_for())))
        kept = {k: values[k] for k in ("dong", "location", "consent", "opening") if values.get(k)}
        talk.state.start(None, {"kind": "general", "values": {**kept, "category": also.category,
                                                               "description": values.get("opening") or ""}})
        talk.state.ask("offer")
        what = pick(lang, also.label, also.label_en)
        talk.say(Guidance(said("also_offer", lang, what=what),
                          [Button(pick(lang, "네, 이어서 접수", "Yes, file it too"), "/file_complaint")]))
        return
    talk.say(Guidance(text(
        "complaint_filed", lang, ticket=complaint.full_ticket,
        department=pick(lang, category.department, category.department_en or category.department)
        if category else complaint.department, days=str(category.handling_days if category else 7),
        phone=category.phone if category else talk.turn.district.phone_for()) + "\n" + said("anything_else", lang)))
