"""The complaint store the actions share, and what a status lookup shows the resident."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from actions.turn import settings
from bot.complaints.models import STATUSES
from bot.complaints.lookups import Lookup, StatusLookups
from bot.complaints.store import ComplaintStore
from bot.guidance import pick
from bot.texts import text


@lru_cache(maxsize=1)
def complaint_store() -> ComplaintStore:
    return ComplaintStore(settings().database)


def status_lookups() -> StatusLookups:
    return StatusLookups(complaint_store())


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
        from actions.turn import live_district

        return text("status_locked", lang, live_district().current(), until=seoul.strftime("%m-%d %H:%M"))
    if found.outcome == "received":
        return text("status_received", lang, ticket=complaint.ticket)
    keys = {"wrong_phone": "status_wrong_phone", "wrong_code": "status_wrong_code", "typo": "status_typo"}
    return text(keys.get(found.outcome, "status_not_found"), lang, ticket=typed[:20])
