"""Questions the bot could not answer, kept (masked) for staff to turn into FAQ rows."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.storage import Base, engine_for, migrate


class UnansweredQuestion(Base):
    __tablename__ = "unanswered_questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    reason: Mapped[str] = mapped_column(String(32), default="out_of_scope")
    channel: Mapped[str] = mapped_column(String(16), default="web")


class UnansweredStore:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)

    def add(self, question: str, lang: str, reason: str, channel: str = "web") -> None:
        migrate(self.url)
        with Session(self.engine) as session, session.begin():
            session.add(UnansweredQuestion(created_at=dt.datetime.now(dt.timezone.utc), question=question[:1000],
                                           lang=lang, reason=reason, channel=channel[:16]))

    def recent(self, days: int = 30, limit: int = 2000) -> list[UnansweredQuestion]:
        migrate(self.url)
        since = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
        with Session(self.engine) as session:
            return list(session.scalars(select(UnansweredQuestion).where(UnansweredQuestion.created_at >= since)
                                        .order_by(UnansweredQuestion.id.desc()).limit(limit)))
