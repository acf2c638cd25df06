"""The staff inbox in the database: a resident's request for a person, the conversation with the
staff member who takes it, and how it ends. SQLite or PostgreSQL through SQLAlchemy 2.

Every change that the resident must hear about on Telegram writes its outbox row in the same
transaction (bot.notify.outbox), so a crash after the commit loses nothing.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.handoff.models import HELD, Handoff, HandoffMessage, now
from bot.notify.outbox import queue_message
from bot.storage import engine_for, migrated, migrated_session

TO_RESIDENT = ("staff", "system")   # authors whose lines the resident sees
DEFAULT_WAIT_MINUTES = 3
_HANDOFFS = Handoff.__table__.c
_ANY_HELD = select(_HANDOFFS.id).where(_HANDOFFS.conversation_id == bindparam("conversation_id"),
                                       _HANDOFFS.state.in_(HELD)).limit(1)


def utc(moment: dt.datetime) -> dt.datetime:
    """Every time is stored in UTC: SQLite keeps no offset, so a Seoul time stored as such would
    read back nine hours off."""
    return moment.astimezone(dt.timezone.utc) if moment.tzinfo else moment


@dataclass(frozen=True)
class Place:
    position: int          # 1 = next to be taken
    wait_minutes: int      # rough: position × the department's recent median wait


class Inbox:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)

    def _session(self) -> Session:
        return migrated_session(self.url, self.engine)

    # ---- the resident's side ----
    def held(self, conversation_id: str) -> Handoff | None:
        """The request that holds this conversation away from the bot, if any."""
        # The gateway asks this for every message, and nearly every conversation has no such request: an indexed
        # look-up of one id on a plain connection tells (≈ 55 µs of CPU against ≈ 280 for the ORM query, a tenth of
        # the gateway's CPU per message); only a conversation that has one loads it through the ORM.
        migrated(self.url)
        with self.engine.connect() as connection:
            if connection.execute(_ANY_HELD, {"conversation_id": conversation_id}).first() is None:
                return None
        with self._session() as session:
            return session.scalar(select(Handoff).where(Handoff.conversation_id == conversation_id,
                                                        Handoff.state.in_(HELD)).order_by(Handoff.id.desc()))

    def open_request(self, conversation_id: str, channel: str, lang: str, department: str, topic: str = "",
                     transcript: list[tuple[str, str]] = (), kind: str = "live",
                     visible_from: dt.datetime | None = None) -> Handoff:
        """A new request (live: waiting; callback: collecting its message). Asking again while one
        is open returns that one."""
        existing = self.held(conversation_id)
        if existing is not None:
            return existing
        at = now()
        with self._session() as session, session.begin():
            handoff = Handoff(conversation_id=conversation_id, channel=channel, lang=lang, kind=kind, topic=topic,
                              department=department, state="waiting" if kind == "live" else "collecting",
                              requested_at=at, visible_from=utc(visible_from or at), staff_name="", question="")
            session.add(handoff)
            session.flush()
            for author, text in transcript:
                session.add(HandoffMessage(handoff_id=handoff.id, at=at, author=author, text=text[:4000]))
            return handoff

    def add(self, handoff_id: int, author: str, text: str, staff_name: str = "") -> HandoffMessage:
        with self._session() as session, session.begin():
            return self._add(session, handoff_id, author, text, staff_name)

    def _add(self, session: Session, handoff_id: int, author: str, text: str, staff_name: str = "") -> HandoffMessage:
        message = HandoffMessage(handoff_id=handoff_id, at=now(), author=author, staff_name=staff_name,
                                 text=text[:4000])
        session.add(message)
        session.flush()
        if author in TO_RESIDENT:
            handoff = session.get(Handoff, handoff_id)
            if handoff.channel != "web":   # the widget reads its lines itself (server-sent events)
                queue_message(session, handoff.channel, handoff.conversation_id.split(":", 1)[1], text,
                              f"handoff:{handoff_id}", f"handoff-message-{message.id}")
        return message

    def place(self, handoff: Handoff) -> Place:
        with self._session() as session:
            ahead = session.scalar(select(func.count()).select_from(Handoff).where(
                Handoff.department == handoff.department, Handoff.state == "waiting",
                Handoff.requested_at <= handoff.requested_at, Handoff.id <= handoff.id)) or 1
            recent = session.execute(select(Handoff.requested_at, Handoff.taken_at).where(
                Handoff.department == handoff.department, Handoff.taken_at.is_not(None))
                .order_by(Handoff.id.desc()).limit(20)).all()
        waits = sorted((taken - asked).total_seconds() / 60 for asked, taken in recent)
        typical = waits[len(waits) // 2] if waits else DEFAULT_WAIT_MINUTES
        return Place(ahead, max(1, round(ahead * max(typical, 1))))

    def finish(self, handoff_id: int, state: str, note: str = "", by: str = "system") -> bool:
        """Hand back to the bot (returned), close, or give up waiting (abandoned). False when it
        had already ended (two staff pressing at once: one wins)."""
        with self._session() as session, session.begin():
            done = session.execute(update(Handoff).where(Handoff.id == handoff_id, Handoff.state.in_(HELD + ("open",)))
                                   .values(state=state, ended_at=now())).rowcount
            if done and note:
                self._add(session, handoff_id, by, note)
            return bool(done)

    def keep_question(self, handoff_id: int, question: str) -> None:
        with self._session() as session, session.begin():
            session.execute(update(Handoff).where(Handoff.id == handoff_id).values(question=question[:4000]))
            self._add(session, handoff_id, "resident", question)

    def file_callback(self, handoff_id: int, phone: str | None) -> Handoff:
        with self._session() as session, session.begin():
            handoff = session.get(Handoff, handoff_id)
            handoff.state, handoff.phone = "open", phone
            handoff.consent_at = now() if phone else None
            return handoff

    def keep_phone(self, handoff_id: int, phone: str) -> None:
        """A phone the resident wrote in a live conversation after being asked (their consent): staff lines
        they miss in KakaoTalk go there (bot.notify.alimtalk.KakaoStaffLines)."""
        with self._session() as session, session.begin():
            session.execute(update(Handoff).where(Handoff.id == handoff_id).values(phone=phone, consent_at=now()))

    def consented_phone(self, conversation_id: str) -> str | None:
        """The phone left with consent in this conversation's latest request that has one."""
        with self._session() as session:
            return session.scalar(select(Handoff.phone).where(
                Handoff.conversation_id == conversation_id, Handoff.phone.is_not(None),
                Handoff.consent_at.is_not(None)).order_by(Handoff.id.desc()).limit(1))

    def lines_for_resident(self, conversation_id: str, after_id: int = 0) -> list[HandoffMessage]:
        """Staff and system lines of this conversation's handoffs newer than ``after_id``."""
        with self._session() as session:
            return list(session.scalars(select(HandoffMessage).join(Handoff).where(
                Handoff.conversation_id == conversation_id, HandoffMessage.id > after_id,
                HandoffMessage.author.in_(TO_RESIDENT)).order_by(HandoffMessage.id)))

    def last_resident_line(self, conversation_id: str) -> int:
        """The id of the resident's latest line in this conversation's requests (0: none)."""
        with self._session() as session:
            return session.scalar(select(func.max(HandoffMessage.id)).join(Handoff).where(
                Handoff.conversation_id == conversation_id, HandoffMessage.author == "resident")) or 0

    def latest(self, conversation_id: str) -> Handoff | None:
        with self._session() as session:
            return session.scalar(select(Handoff).where(Handoff.conversation_id == conversation_id)
                                  .order_by(Handoff.id.desc()).limit(1))

    # ---- the staff side ----
    def get(self, handoff_id: int) -> Handoff | None:
        with self._session() as session:
            return session.get(Handoff, handoff_id)

    def messages(self, handoff_id: int) -> list[HandoffMessage]:
        with self._session() as session:
            return list(session.scalars(select(HandoffMessage).where(HandoffMessage.handoff_id == handoff_id)
                                        .order_by(HandoffMessage.id)))

    def take(self, handoff_id: int, staff_id: int, staff_name: str, greeting: str) -> bool:
        """Waiting → talking, for one staff member only; a callback request is taken the same way."""
        with self._session() as session, session.begin():
            taken = session.execute(update(Handoff).where(Handoff.id == handoff_id,
                                                          Handoff.state.in_(("waiting", "open")))
                                    .values(state="talking", taken_at=now(), staff_id=staff_id,
                                            staff_name=staff_name)).rowcount
            if taken and greeting:
                self._add(session, handoff_id, "system", greeting)
            return bool(taken)

    def queue(self, departments: list[str] | None, at: dt.datetime) -> list[Handoff]:
        """What staff see: waiting and talking conversations, and callback requests whose office
        has opened; oldest first. ``departments`` None: all."""
        query = select(Handoff).where(Handoff.state.in_(("waiting", "talking", "open")),
                                      Handoff.visible_from <= utc(at))
        if departments is not None:
            query = query.where(Handoff.department.in_(departments))
        with self._session() as session:
            return list(session.scalars(query.order_by(Handoff.requested_at)))

    def expire_waiting(self, older_than: dt.datetime) -> list[Handoff]:
        """Live requests nobody took in time: abandoned (the gateway then offers a callback request)."""
        with self._session() as session, session.begin():
            stale = list(session.scalars(select(Handoff).where(Handoff.state == "waiting", Handoff.kind == "live",
                                                               Handoff.requested_at < utc(older_than))))
            for handoff in stale:
                handoff.state, handoff.ended_at = "abandoned", now()
            return stale
