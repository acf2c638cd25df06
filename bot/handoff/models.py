"""Tables of the staff inbox: conversations handed to a person, their messages, canned replies.

A ``Handoff`` is one resident's request for a person: ``live`` (in office hours, a staff member
takes it and chats) or ``callback`` (a message or callback request left after hours or after
waiting too long; staff see it in the inbox from ``visible_from``, the office's next opening).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage import Base

STATES = {"waiting": "대기", "talking": "상담 중", "collecting": "메시지 받는 중", "open": "접수",
          "returned": "챗봇으로", "closed": "종료", "abandoned": "포기"}
HELD = ("waiting", "talking", "collecting")   # the gateway keeps the resident's messages from Rasa
KINDS = {"live": "실시간 상담", "callback": "상담 요청"}


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Handoff(Base):
    __tablename__ = "handoffs"
    __table_args__ = (Index("ix_handoffs_conversation_state", "conversation_id", "state"),
                      Index("ix_handoffs_queue", "department", "state", "requested_at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(160))   # "web:<session>", "telegram:<chat>"
    channel: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    kind: Mapped[str] = mapped_column(String(16), default="live")
    topic: Mapped[str] = mapped_column(String(64), default="")
    department: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    visible_from: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    taken_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), nullable=True)
    staff_name: Mapped[str] = mapped_column(String(64), default="")
    # The question left with a callback request (masked by the gateway) and, with consent, a phone
    question: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    @property
    def reference(self) -> str:
        """What the resident is given for a callback request: 상담-000123."""
        return f"상담-{self.id:06d}"


class HandoffMessage(Base):
    """One line of the conversation: resident, bot (the transcript before the handoff), staff,
    system (queue notices) or note (internal, never sent to the resident)."""
    __tablename__ = "handoff_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(ForeignKey("handoffs.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    author: Mapped[str] = mapped_column(String(16))
    staff_name: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)


class CannedReply(Base):
    __tablename__ = "canned_replies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    department: Mapped[str] = mapped_column(String(64), default="")   # empty: every department
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now, onupdate=now)
