"""The complaint list (urgent first, then oldest), groups, one complaint, and updates."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from urllib.parse import quote

from flask import Response, flash, redirect, render_template, request, url_for

from bot.complaints.models import Complaint
from bot.complaints.photo_storage import photo_storage
from console.access import current_user, fail
from bot.staff import may_see_contact
from console.common import (STATUS_LABELS, audit, complaints as store, contact_for, district_labels, local_date, mask_phone,
                            settings)
from console.complaints import bp

MAX_REPLY = 2000


@dataclass(frozen=True)
class Filters:
    status: str = ""
    category: str = ""
    dong: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    group_id: int | None = None

    def as_args(self) -> dict[str, str]:
        args = {"status": self.status, "category": self.category, "dong": self.dong,
                "from": self.since.isoformat() if self.since else "", "to": self.until.isoformat() if self.until else "",
                "group": str(self.group_id) if self.group_id else ""}
        return {k: v for k, v in args.items() if v}

    def describe(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.as_args().items()) or "전체"


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def read_filters() -> Filters:
    args = request.args
    status = args.get("status", "")
    group = args.get("group", "")
    return Filters(status=status if status in STATUS_LABELS else "", category=args.get("category", "")[:32],
                   dong=args.get("dong", "")[:32], since=_date(args.get("from", "")), until=_date(args.get("to", "")),
                   group_id=int(group) if group.isdigit() else None)


def filtered(filters: Filters) -> list[Complaint]:
    """The store's order (urgent first, then oldest); dates are days in Seoul."""
    one_day = dt.timedelta(days=1)
    found = store().listing(status=filters.status or None, category=filters.category or None,
                            dong=filters.dong or None, group_id=filters.group_id,
                            since=filters.since - one_day if filters.since else None,
                            until=filters.until + one_day if filters.until else None, limit=5000)
    return [c for c in found if (not filters.since or local_date(c.created_at) >= filters.since)
            and (not filters.until or local_date(c.created_at) <= filters.until)]


@bp.get("/")
@bp.get("/complaints")
def complaints():
    filters = read_filters()
    found = filtered(filters)
    photo_counts = {i: len(p) for i, p in store().photos([c.id for c in found]).items() if p}
    return render_template("staff/complaints.html", complaints=found, filters=filters, labels=district_labels(),
                           contact_for=contact_for, export_args=filters.as_args(), photo_counts=photo_counts)


@bp.get("/complaints/groups")
def groups():
    labels = district_labels()
    return render_template("staff/groups.html", groups=store().groups(), labels=labels)


def _found(ticket: str) -> Complaint:
    found = store().by_ticket(ticket.strip()[:11])       # the short form, or the resident's full number
    if found is None:
        fail(404, f"접수번호 {ticket} 민원을 찾을 수 없어요.")
    return found


@bp.get("/complaints/<ticket>")
def complaint(ticket: str):
    found = _found(ticket)
    allowed = found.phone is not None and may_see_contact(current_user(), found)
    return render_template("staff/complaint.html", c=found, labels=district_labels(), may_see_contact=allowed,
                           phone=mask_phone(found.phone) if allowed else None, **place_and_photos(found))


def place_and_photos(found: Complaint) -> dict:
    """The complaint's photos and map links (the browser opens the map service; the server loads no tiles)."""
    return {"photos": store().photos([found.id])[found.id], "map_links": map_links(found)}


def map_links(found: Complaint) -> list[tuple[str, str]]:
    if found.latitude is None or found.longitude is None:
        return []
    lat, lon = f"{found.latitude:.6f}", f"{found.longitude:.6f}"
    label = quote(f"민원 {found.ticket}")
    return [("카카오맵", f"https://map.kakao.com/link/map/{label},{lat},{lon}"),
            ("OpenStreetMap", f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}")]


@bp.get("/complaints/<ticket>/photos/<int:photo_id>.jpg")
def photo(ticket: str, photo_id: int):
    """A complaint's photo, read through the storage interface (local files or S3): never a public URL."""
    found = _found(ticket)
    wanted = next((p for p in store().photos([found.id])[found.id] if p.id == photo_id), None)
    data = photo_storage(settings()).get(wanted.storage_key) if wanted else None
    if data is None:
        fail(404, "이 사진이 없어요. 보관 기간이 지나 지워졌을 수 있어요.")
    return Response(data, mimetype=wanted.content_type,
                    headers={"Content-Disposition": f"inline; filename={found.ticket}-{photo_id}.jpg"})


@bp.post("/complaints/<ticket>/phone")
def show_phone(ticket: str):
    """The whole number, for the member who will call back: each view is written to the audit log."""
    found = _found(ticket)
    if not found.phone or not may_see_contact(current_user(), found):
        fail(403, "이 민원의 연락처는 담당 부서 직원과 관리자만 볼 수 있어요.")
    audit("phone_view", found.ticket, f"담당 부서: {found.department or '-'}")
    return render_template("staff/complaint.html", c=found, labels=district_labels(), may_see_contact=True,
                           phone=found.phone, phone_shown=True, **place_and_photos(found))


@bp.post("/complaints/<ticket>")
def update_complaint(ticket: str):
    found = _found(ticket)
    ticket = found.ticket
    status = request.form.get("status", found.status)
    department = request.form.get("department", found.department).strip()
    reply = request.form.get("reply", found.reply).strip().replace("\r\n", "\n")
    if status not in STATUS_LABELS:
        fail(400, "처리 상태는 접수, 처리중, 완료, 이관 중에서 골라 주세요.")
    if len(department) > 64 or len(reply) > MAX_REPLY:
        fail(400, f"담당 부서는 64자, 답변은 {MAX_REPLY}자까지 쓸 수 있어요.")
    wanted = {"status": status, "department": department, "reply": reply}
    changes = {k: v for k, v in wanted.items() if v != (getattr(found, k) or "")}
    if not changes:
        flash("바뀐 내용이 없어요.", "info")
    else:
        user = current_user()
        store().update(ticket, user.username, user.id, **changes)
        flash("저장했어요. 주민이 민원 상태를 조회하면 바뀐 내용이 보여요.", "ok")
    return redirect(url_for("staff.complaints.complaint", ticket=ticket))
