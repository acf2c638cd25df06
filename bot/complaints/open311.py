"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) over the complaint store: the
services (complaint categories), service requests as the spec names their fields, and the
filters of GET requests. channels/web/open311.py serves it over HTTP.

Read answers never carry personal data: no phone, no name, no e-mail, no ticket code, no photo,
and the description is masked again (bot.privacy) on the way out.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from bot.complaints.models import STATUSES, Complaint
from bot.complaints.store import ComplaintStore
from bot.complaints.triage import ComplaintCategory
from bot.privacy import masked

OPEN = ("received", "in_progress")
CLOSED = ("done", "transferred")
DEFAULT_DAYS = 90        # the spec: without dates, the last 90 days
MAX_RESULTS = 1000       # the spec: at most 1000 requests per answer
CONSENT_ATTRIBUTE = "consent"


class Open311Error(Exception):
    """An error the spec's way: an HTTP status and a description."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code, self.description = code, description


def service(category: ComplaintCategory) -> dict:
    return {"service_code": category.category, "service_name": category.label,
            "description": f"{category.label_en} — {category.department}", "metadata": True, "type": "realtime",
            "keywords": ",".join(category.keywords), "group": category.group}


def definition(category: ComplaintCategory) -> dict:
    """The service definition: one optional attribute, the resident's consent to keep contact details."""
    return {"service_code": category.category, "attributes": [{
        "variable": True, "code": CONSENT_ATTRIBUTE, "datatype": "singlevaluelist", "required": False,
        "datatype_description": "yes: the resident agreed that the district keeps the phone number given "
                                "to reply about this request (one year at most); anything else: it is not kept.",
        "order": 1, "description": "연락처 보관 동의 (Consent to keep the phone number for a reply)",
        "values": [{"key": "yes", "name": "동의 (I agree)"}, {"key": "no", "name": "동의하지 않음 (I do not agree)"}]}]}


def status_of(complaint: Complaint) -> str:
    return "closed" if complaint.status in CLOSED else "open"


def _stamp(value: dt.datetime | None, seoul: dt.timezone) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(seoul).isoformat(timespec="seconds")


def as_request(complaint: Complaint, category: ComplaintCategory | None, seoul: dt.timezone) -> dict:
    ko, en = STATUSES.get(complaint.status, (complaint.status, complaint.status))
    created = complaint.created_at
    days = category.handling_days if category else 7
    return {
        "service_request_id": complaint.ticket, "status": status_of(complaint), "status_notes": f"{ko} ({en})",
        "service_name": category.label if category else complaint.category, "service_code": complaint.category,
        "description": masked(complaint.description), "agency_responsible": complaint.department,
        "service_notice": f"처리 기간 약 {days}일 (about {days} days)", "requested_datetime": _stamp(created, seoul),
        "updated_datetime": _stamp(complaint.updated_at, seoul),
        "expected_datetime": _stamp(created + dt.timedelta(days=days) if created else None, seoul),
        "address": masked(complaint.location), "address_id": None, "zipcode": None,
        "lat": complaint.latitude, "long": complaint.longitude, "media_url": None}


@dataclass(frozen=True)
class RequestFilters:
    ids: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _when(name: str, value: str | None, seoul: dt.timezone) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace(" ", "+"))   # a '+' sent unencoded reads as ' '
    except ValueError:
        raise Open311Error(400, f"{name} must be a W3C date and time, e.g. 2026-11-25T09:00:00+09:00") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=seoul)


def read_filters(args, seoul: dt.timezone) -> RequestFilters:
    statuses = _list(args.get("status"))
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status must be open, closed, or both separated by a comma")
    return RequestFilters(ids=_list(args.get("service_request_id"))[:MAX_RESULTS], codes=_list(args.get("service_code")),
                          statuses=statuses, start=_when("start_date", args.get("start_date"), seoul),
                          end=_when("end_date", args.get("end_date"), seoul))


def find(store: ComplaintStore, filters: RequestFilters, today: dt.datetime) -> list[Complaint]:
    """Newest first. Without ids or dates: the last 90 days, as the spec says."""
    query = select(Complaint)
    if filters.ids:
        query = query.where(Complaint.ticket.in_(filters.ids))
    if filters.codes:
        query = query.where(Complaint.category.in_(filters.codes))
    if len(set(filters.statuses)) == 1:
        query = query.where(Complaint.status.in_(OPEN if filters.statuses[0] == "open" else CLOSED))
    start = filters.start or (None if filters.ids or filters.end else today - dt.timedelta(days=DEFAULT_DAYS))
    if start:
        query = query.where(Complaint.created_at >= start)
    if filters.end:
        query = query.where(Complaint.created_at <= filters.end)
    with store._session() as session:
        return list(session.scalars(query.order_by(Complaint.created_at.desc()).limit(MAX_RESULTS)))
