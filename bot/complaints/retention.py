"""`minwon purge`: what the district stated it keeps for one year is deleted after it.

For every complaint filed more than ``retention_days`` ago (default 365): its photos (from the
photo storage and the database) and the resident's phone number; so too the phone left with a request
for a person (a callback request, or a KakaoTalk resident's number for staff replies). The complaint itself (category,
dong, place, description, status, reply) stays for the district's records. Photos and positions
sent during a form that was never filed are deleted after two hours. Run it daily (docs/deploy.md).
"""
from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, or_, select, update

from bot.complaints.attachments import PENDING_LIFETIME, ComplaintPhoto, PendingAttachment
from bot.complaints.models import AuditEntry, Complaint, now
from bot.complaints.photo_storage import PhotoStorage, photo_storage
from bot.complaints.store import ComplaintStore
from bot.handoff.models import Handoff
from bot.settings import Settings


@dataclass(frozen=True)
class Purged:
    complaints: int
    photos: int
    phones: int
    pending: int


def purge(settings: Settings, days: int | None = None, storage: PhotoStorage | None = None,
          at: dt.datetime | None = None) -> Purged:
    storage = storage or photo_storage(settings)
    at = at or now()
    cutoff = at - dt.timedelta(days=settings.retention_days if days is None else days)
    store = ComplaintStore(settings.database)
    with store._session() as session, session.begin():
        old = select(Complaint.id).where(Complaint.created_at < cutoff)
        due = list(session.scalars(select(Complaint).where(
            Complaint.created_at < cutoff, or_(Complaint.phone.is_not(None),
                                               Complaint.id.in_(select(ComplaintPhoto.complaint_id))))))
        photos = list(session.scalars(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id.in_(old))))
        stale = list(session.scalars(select(PendingAttachment).where(
            PendingAttachment.created_at < at - PENDING_LIFETIME)))
        for key in [p.storage_key for p in photos] + [p.storage_key for p in stale if p.storage_key]:
            storage.delete(key)       # a file already gone is fine: deleting twice is safe
        phones = sum(1 for c in due if c.phone) + session.execute(update(Handoff).where(
            Handoff.requested_at < cutoff, Handoff.phone.is_not(None)).values(phone=None)).rowcount
        session.execute(delete(ComplaintPhoto).where(ComplaintPhoto.id.in_([p.id for p in photos] or [0])))
        session.execute(delete(PendingAttachment).where(PendingAttachment.id.in_([p.id for p in stale] or [0])))
        session.execute(update(Complaint).where(Complaint.id.in_([c.id for c in due] or [0]))
                        .values(phone=None, purged_at=at))
        result = Purged(len(due), len(photos), phones, len(stale))
        if due or stale or phones:
            session.add(AuditEntry(at=at, username="minwon purge", action="purge", target=f"before {cutoff.date()}",
                                   detail=f"민원 {result.complaints}건: 사진 {result.photos}장, 전화번호 {result.phones}개; "
                                          f"접수되지 않은 첨부 {result.pending}건"))
    return result


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    """Delete photos and phone numbers of complaints past the retention period (default 365 days), and
    photos and positions of forms never filed; run daily."""
    result = purge(settings, args.days)
    print(f"purged {result.complaints} complaint(s): {result.photos} photo(s), {result.phones} phone number(s); "
          f"{result.pending} unfiled attachment(s)")
    return 0


def add_parser(commands) -> None:
    parser = commands.add_parser("purge", help=cmd_purge.__doc__, description=cmd_purge.__doc__)
    parser.add_argument("--days", type=int, default=None, help="retention in days (default: the retention_days setting)")
    parser.set_defaults(run=cmd_purge)
