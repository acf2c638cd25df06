"""SQLAlchemy 2 models: complaints, the per-year ticket counter, staff and the audit log."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base

STATUSES = {"received": ("접수", "Received"), "in_progress": ("처리중", "In progress"),
            "done": ("완료", "Done"), "transferred": ("이관", "Transferred")}
PRIORITIES = ("urgent", "normal")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class TicketCounter(Base):
    __tablename__ = "ticket_counters"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_triage", "status", "priority", "created_at"),
                      Index("ix_complaints_group", "category", "dong", "created_at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The short form (2026-000123): staff use it. Residents are given it with ticket_code (2026-000123-K7MQ).
    ticket: Mapped[str] = mapped_column(String(16), unique=True)
    ticket_code: Mapped[str] = mapped_column(String(8), default="")
    # The same submission retried after an outage files once.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
    channel: Mapped[str] = mapped_column(String(16), default="web")
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    category: Mapped[str] = mapped_column(String(32))
    dong: Mapped[str] = mapped_column(String(32))
    location: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    # Kept only when the resident consented; used only to reply about this complaint.
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    status: Mapped[str] = mapped_column(String(16), default="received")
    department: Mapped[str] = mapped_column(String(64), default="")
    reply: Mapped[str] = mapped_column(Text, default="")
    group_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # Status lookups that gave a wrong code or wrong phone digits; staff see them on the complaint.
    lookup_failures: Mapped[int] = mapped_column(Integer, default=0)
    lookup_locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_failed_lookup_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Where to tell the resident about a status change or reply, if they agreed when filing:
    # the Telegram chat id or the widget session on ``channel`` (bot/notify)
    notify_to: Mapped[str | None] = mapped_column(String(160), nullable=True)
    # Where the problem is, when the resident sent a position (WGS84); the dong is found from it when not given
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    # When `minwon purge` removed its photos and phone number (the retention period had ended)
    purged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @property
    def full_ticket(self) -> str:
        """What the resident was given: 2026-000123-K7MQ."""
        return f"{self.ticket}-{self.ticket_code}" if self.ticket_code else self.ticket


class StaffUser(Base):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default="staff")        # admin | staff
    # The department whose complaints' contact details this member may see (admins see all)
    department: Mapped[str] = mapped_column(String(64), default="")
    # Not used since logins are slowed down per address instead (bot/login_throttle.py): kept in the schema
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class StaffSession(Base):
    """A console login: the cookie holds the token, the database its hash. Logging out deletes
    the row; a password, role or department change deletes all of that member's rows."""
    __tablename__ = "staff_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """Failed console logins counted per (account name, address) and per address (hashed keys)."""
    __tablename__ = "login_failures"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str] = mapped_column(String(128), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
