"""Photos and a position that come with a complaint.

A resident sends them while the complaint form runs (the widget's photo button and "현재 위치 보내기",
a Telegram photo or location, a KakaoTalk image): the gateway stores each as a *pending attachment*
of that conversation (sender hashed, as in the phone vault). When the form files the complaint with
the conversation's id (``NewComplaint.conversation``), the store moves them onto the complaint in the
same transaction. Pending attachments nobody filed are deleted after ``PENDING_LIFETIME``.
"""
from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.complaints.models import Complaint, now
from bot.storage import Base

MAX_PHOTOS = 3
PENDING_LIFETIME = dt.timedelta(hours=2)


class ComplaintPhoto(Base):
    __tablename__ = "complaint_photos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(128), unique=True)
    content_type: Mapped[str] = mapped_column(String(32), default="image/jpeg")
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class PendingAttachment(Base):
    """A photo (``storage_key``) or a position (``latitude``/``longitude``) sent during the form."""
    __tablename__ = "pending_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sender_hash: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(8))          # photo | location
    storage_key: Mapped[str | None] = mapped_column(String(128), nullable=True)
    content_type: Mapped[str] = mapped_column(String(32), default="")
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    dong: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


def sender_hash(sender: str) -> str:
    return hashlib.sha256(sender.encode()).hexdigest()


def pending_photo_count(session: Session, sender: str) -> int:
    since = now() - PENDING_LIFETIME
    return session.scalar(select(func.count()).select_from(PendingAttachment).where(
        PendingAttachment.sender_hash == sender_hash(sender), PendingAttachment.kind == "photo",
        PendingAttachment.created_at >= since)) or 0


def attach_pending(session: Session, complaint: Complaint, sender: str) -> None:
    """Move the conversation's pending photos (up to MAX_PHOTOS) and its latest position onto the
    complaint, in the caller's transaction. The dong comes from the position when the form had none."""
    since = now() - PENDING_LIFETIME
    rows = list(session.scalars(select(PendingAttachment).where(
        PendingAttachment.sender_hash == sender_hash(sender), PendingAttachment.created_at >= since)
        .order_by(PendingAttachment.id)))
    photos = [r for r in rows if r.kind == "photo"][:MAX_PHOTOS]
    for photo in photos:
        session.add(ComplaintPhoto(complaint_id=complaint.id, storage_key=photo.storage_key,
                                   content_type=photo.content_type, width=photo.width, height=photo.height,
                                   size_bytes=photo.size_bytes, created_at=photo.created_at))
    places = [r for r in rows if r.kind == "location"]
    if places:
        place = places[-1]
        complaint.latitude, complaint.longitude = place.latitude, place.longitude
        if not complaint.dong and place.dong:
            complaint.dong = place.dong
    # The upload refuses a fourth photo, so nothing with a stored file is dropped here; expired rows
    # (and their files) are `minwon purge`'s.
    session.execute(delete(PendingAttachment).where(PendingAttachment.id.in_([r.id for r in rows] or [0])))


def photos_of(session: Session, complaint_ids: list[int]) -> list[ComplaintPhoto]:
    return list(session.scalars(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id.in_(complaint_ids))
                                .order_by(ComplaintPhoto.id)))
