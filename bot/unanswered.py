"""Questions the bot could not answer, kept (masked) for staff to turn into FAQ rows; and which of
them (and of the thumbs-down questions) staff have since attached to a FAQ row."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.storage import Base, engine_for, migrate

KINDS = ("unanswered", "down")   # a question the bot did not answer; an answer a resident found unhelpful


class UnansweredQuestion(Base):
    __tablename__ = "unanswered_questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    reason: Mapped[str] = mapped_column(String(32), default="out_of_scope")
    channel: Mapped[str] = mapped_column(String(16), default="web")


class QuestionResolution(Base):
    """A queue item staff attached to a FAQ row: ``teaching`` names the attachment (or the FAQ draft)
    that took it, so detaching it puts the item back in the queue."""
    __tablename__ = "question_resolutions"
    __table_args__ = (UniqueConstraint("kind", "item_id", name="uq_question_resolutions_item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(12))
    item_id: Mapped[int] = mapped_column(Integer)
    faq_id: Mapped[str] = mapped_column(String(64))
    teaching: Mapped[str] = mapped_column(String(80), index=True)
    resolved_by: Mapped[str] = mapped_column(String(64))
    resolved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


ItemRef = tuple[str, int]   # (kind, id): ("unanswered", 12) or ("down", 3)


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

    def resolve(self, items: Iterable[ItemRef], faq_id: str, teaching: str, by: str) -> None:
        """Mark queue items as answered by ``faq_id`` (an item already marked moves to this one)."""
        migrate(self.url)
        items = sorted(set(items))
        now = dt.datetime.now(dt.timezone.utc)
        with Session(self.engine) as session, session.begin():
            for kind, item_id in items:
                session.execute(delete(QuestionResolution).where(QuestionResolution.kind == kind,
                                                                 QuestionResolution.item_id == item_id))
                session.add(QuestionResolution(kind=kind, item_id=item_id, faq_id=faq_id[:64], teaching=teaching[:80],
                                               resolved_by=by[:64], resolved_at=now))

    def unresolve(self, teaching: str) -> int:
        """Put the items ``teaching`` took back in the queue; how many."""
        migrate(self.url)
        with Session(self.engine) as session, session.begin():
            return session.execute(delete(QuestionResolution).where(QuestionResolution.teaching == teaching)).rowcount

    def retarget(self, teaching: str, new_teaching: str, faq_id: str) -> None:
        """The items ``teaching`` took now belong to ``new_teaching`` and row ``faq_id`` (a draft renamed)."""
        migrate(self.url)
        with Session(self.engine) as session, session.begin():
            session.execute(update(QuestionResolution).where(QuestionResolution.teaching == teaching)
                            .values(teaching=new_teaching[:80], faq_id=faq_id[:64]))

    def resolutions(self) -> dict[ItemRef, QuestionResolution]:
        migrate(self.url)
        with Session(self.engine) as session:
            return {(r.kind, r.item_id): r for r in session.scalars(select(QuestionResolution))}
