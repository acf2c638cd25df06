"""The outbox: every notification to a resident is a row, written in the same transaction as
the change it reports (a status change, a staff reply), and sent afterwards at least once."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "next_attempt_at"),
                      Index("ix_outbox_recipient", "channel", "recipient"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # The receiver's idempotency key: the same id delivered twice is shown once
    message_id: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(16))       # telegram | web | sms
    recipient: Mapped[str] = mapped_column(String(160))    # chat id, widget session, phone number
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64), default="")   # "ticket:2026-000123", "handoff:12"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(String(300), default="")


class NotificationOptOut(Base):
    """A resident who said "no more notices" on a channel."""
    __tablename__ = "notification_optouts"
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(160), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
