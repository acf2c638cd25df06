"""The complaint store: file a complaint (ticket number only once it is stored), look
it up, list and update it for staff. SQLite or PostgreSQL through SQLAlchemy 2."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.complaints.attachments import ComplaintPhoto, attach_pending, photos_of
from bot.complaints.models import AuditEntry, Complaint, TicketCounter, now
from bot.complaints.tickets import new_code
from bot.complaints.triage import ComplaintCategory, priority_of
from bot.notify import complaint_notice
from bot.storage import DatabaseUnavailable, engine_for, migrated_session

GROUP_WINDOW = dt.timedelta(days=3)


@dataclass(frozen=True)
class NewComplaint:
    submission_key: str
    category: str
    dong: str
    location: str
    description: str
    phone: str | None = None
    channel: str = "web"
    lang: str = "ko"
    # The resident agreed to be told about this complaint on this channel: its chat id or widget session
    notify_to: str | None = None
    # The conversation (Rasa's sender id, e.g. "web:web-…"): its pending photos and position are attached
    conversation: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Group:
    group_id: int
    count: int
    category: str
    dong: str
    location: str
    priority: str
    first_at: dt.datetime
    last_at: dt.datetime


def _told_here(new: NewComplaint) -> str | None:
    """The consent a resident gives with their number is "to be told how this complaint was handled":
    they are told in the conversation they filed from (its chat id or widget session) too."""
    if not new.phone or not new.conversation or ":" not in new.conversation:
        return None
    return new.conversation.split(":", 1)[1]


class ComplaintStore:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)

    def _session(self) -> Session:
        return migrated_session(self.url, self.engine)

    def file(self, new: NewComplaint, category: ComplaintCategory | None) -> Complaint:
        """Store the complaint and return it with its ticket number. Filing the same
        submission again returns the stored one (no duplicate)."""
        same = select(Complaint).where(Complaint.submission_key == new.submission_key)
        try:
            with self._session() as session, session.begin():
                return session.scalar(same) or self._insert(session, new, category)
        except IntegrityError:  # the same submission won a race: return that one
            with self._session() as session:
                return session.scalars(same).one()
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseUnavailable(str(exc)) from exc

    def _insert(self, session: Session, new: NewComplaint, category: ComplaintCategory | None) -> Complaint:
        created = now()
        year = created.astimezone(dt.timezone(dt.timedelta(hours=9))).year
        # An atomic increment: the first statement writes, so concurrent filers queue on the row.
        session.execute(text("INSERT INTO ticket_counters (year, last) VALUES (:y, 0) ON CONFLICT (year) DO NOTHING"),
                        {"y": year})
        number = session.execute(update(TicketCounter).where(TicketCounter.year == year)
                                 .values(last=TicketCounter.last + 1).returning(TicketCounter.last)).scalar_one()
        short = f"{year}-{number:06d}"
        complaint = Complaint(
            ticket=short, ticket_code=new_code(short), submission_key=new.submission_key, created_at=created, updated_at=created,
            channel=new.channel, lang=new.lang, category=new.category, dong=new.dong, location=new.location,
            description=new.description, phone=new.phone, consent_at=created if new.phone else None,
            notify_to=new.notify_to or _told_here(new),
            priority=priority_of(category, new.location, new.description),
            department=category.department if category else "", latitude=new.latitude, longitude=new.longitude)
        session.add(complaint)
        session.flush()
        if new.conversation:
            attach_pending(session, complaint, new.conversation)
        earlier = session.scalar(select(Complaint.group_id).where(
            Complaint.category == new.category, Complaint.dong == complaint.dong, Complaint.id != complaint.id,
            Complaint.created_at >= created - GROUP_WINDOW, Complaint.status.in_(("received", "in_progress")))
            .order_by(Complaint.created_at.desc()).limit(1))
        complaint.group_id = earlier or complaint.id
        return complaint

    def by_ticket(self, ticket: str) -> Complaint | None:
        try:
            with self._session() as session:
                return session.scalar(select(Complaint).where(Complaint.ticket == ticket))
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseUnavailable(str(exc)) from exc

    def listing(self, status: str | None = None, category: str | None = None, dong: str | None = None,
                since: dt.date | None = None, until: dt.date | None = None, group_id: int | None = None,
                limit: int = 1000) -> list[Complaint]:
        """Urgent first, then oldest first: what staff should work on next is on top."""
        query = select(Complaint)
        for column_, value in ((Complaint.status, status), (Complaint.category, category),
                               (Complaint.dong, dong), (Complaint.group_id, group_id)):
            if value:
                query = query.where(column_ == value)
        if since:
            query = query.where(Complaint.created_at >= dt.datetime.combine(since, dt.time(), dt.timezone.utc))
        if until:
            query = query.where(Complaint.created_at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time(),
                                                                           dt.timezone.utc))
        urgent_first = case((Complaint.priority == "urgent", 0), else_=1)
        with self._session() as session:
            return list(session.scalars(query.order_by(urgent_first, Complaint.created_at).limit(limit)))

    def groups(self, min_count: int = 2) -> list[Group]:
        """Open complaints that are likely the same problem, biggest group first."""
        with self._session() as session:
            rows = session.execute(
                select(Complaint.group_id, func.count(), func.min(Complaint.created_at), func.max(Complaint.created_at),
                       func.min(case((Complaint.priority == "urgent", 0), else_=1)))
                .where(Complaint.status.in_(("received", "in_progress")))
                .group_by(Complaint.group_id).having(func.count() >= min_count).order_by(func.count().desc()))
            found = []
            for group_id, count, first_at, last_at, urgent in rows:
                first = session.get(Complaint, group_id)
                found.append(Group(group_id, count, first.category, first.dong, first.location,
                                   "urgent" if urgent == 0 else "normal", first_at, last_at))
            return found

    def update(self, ticket: str, username: str, staff_id: int | None = None, **changes: str) -> Complaint:
        """Change status, department or reply; every change is written to the audit log, and a new
        status or reply queues the resident's notification in the same transaction (bot.notify)."""
        allowed = {k: v for k, v in changes.items() if k in ("status", "department", "reply") and v is not None}
        with self._session() as session, session.begin():
            complaint = session.scalars(select(Complaint).where(Complaint.ticket == ticket)).one()
            changed = {name for name, value in allowed.items() if getattr(complaint, name) != value}
            for name, value in allowed.items():
                setattr(complaint, name, value)
            complaint_notice(session, complaint, changed)
            session.add(AuditEntry(staff_id=staff_id, username=username, action="complaint_update", target=ticket,
                                   detail=", ".join(f"{k}={v[:80]}" for k, v in allowed.items())))
            return complaint

    def photos(self, complaint_ids: list[int]) -> dict[int, list[ComplaintPhoto]]:
        """The photos of each complaint, in the order they were sent."""
        found: dict[int, list[ComplaintPhoto]] = {i: [] for i in complaint_ids}
        with self._session() as session:
            for start in range(0, len(complaint_ids), 500):     # one query per 500 complaints (an export has thousands)
                for photo in photos_of(session, complaint_ids[start:start + 500]):
                    found[photo.complaint_id].append(photo)
        return found

    def audit(self, username: str, action: str, target: str = "", detail: str = "",
              staff_id: int | None = None) -> None:
        with self._session() as session, session.begin():
            session.execute(insert(AuditEntry).values(at=now(), staff_id=staff_id, username=username,
                                                      action=action, target=target, detail=detail))

    def audit_log(self, limit: int = 500) -> list[AuditEntry]:
        with self._session() as session:
            return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
