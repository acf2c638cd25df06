"""Residents' thumbs up/down on bot answers, and what was wrong.

Thumbs-down answers feed the staff's "unanswered questions" list.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.storage import Base, engine_for, migrate


class FeedbackRow(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    session_id: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(16), default="web")
    rating: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16), default="")
    citation_ids: Mapped[str] = mapped_column(Text, default="")


@dataclass(frozen=True)
class Feedback:
    session_id: str
    rating: str                  # "up" | "down"
    question: str = ""
    answer: str = ""
    comment: str = ""
    source: str = ""
    citation_ids: str = ""
    channel: str = "web"


class FeedbackStore:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)

    def add(self, item: Feedback) -> int:
        migrate(self.url)
        with Session(self.engine) as session, session.begin():
            row = FeedbackRow(created_at=dt.datetime.now(dt.timezone.utc), **item.__dict__)
            session.add(row)
            session.flush()
            return row.id

    def recent(self, limit: int = 100) -> list[FeedbackRow]:
        migrate(self.url)
        with Session(self.engine) as session:
            return list(session.scalars(select(FeedbackRow).order_by(FeedbackRow.id.desc()).limit(limit)))
