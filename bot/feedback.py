"""Residents' thumbs up/down on bot answers, and what was wrong.

Thumbs-down answers feed the staff's "unanswered questions" list.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, insert, select

from bot.storage import engine_for

metadata = MetaData()
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("session_id", String(128), nullable=False),
    Column("channel", String(16), nullable=False, default="web"),
    Column("rating", String(8), nullable=False),
    Column("question", Text, nullable=False, default=""),
    Column("answer", Text, nullable=False, default=""),
    Column("comment", Text, nullable=False, default=""),
    Column("source", String(16), nullable=False, default=""),
    Column("citation_ids", Text, nullable=False, default=""),
)


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
        self.engine = engine_for(database_url)
        metadata.create_all(self.engine)

    def add(self, item: Feedback) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(insert(feedback).values(created_at=dt.datetime.now(dt.timezone.utc),
                                                          **item.__dict__))
            return int(result.inserted_primary_key[0])

    def recent(self, limit: int = 100) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).order_by(feedback.c.id.desc()).limit(limit))
            return [dict(r._mapping) for r in rows]
