"""What a team lead asks of the inbox (waiting time, handled, abandoned by department and day)
and the canned replies staff keep for it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from bot.handoff.inbox import Inbox
from bot.handoff.models import CannedReply, Handoff, now


@dataclass
class DayFigures:
    day: dt.date
    department: str
    requests: int = 0
    handled: int = 0          # a member of staff took it
    abandoned: int = 0        # nobody took it in time, or the resident left first
    callbacks: int = 0        # callback requests left
    wait_seconds: list[float] | None = None

    @property
    def median_wait_minutes(self) -> float | None:
        waits = sorted(self.wait_seconds or [])
        return round(waits[len(waits) // 2] / 60, 1) if waits else None


def figures(inbox: Inbox, since: dt.date, seoul: dt.timezone) -> list[DayFigures]:
    start = dt.datetime.combine(since, dt.time(), seoul).astimezone(dt.timezone.utc)
    with inbox._session() as session:
        rows = list(session.scalars(select(Handoff).where(Handoff.requested_at >= start)))
    table: dict[tuple[dt.date, str], DayFigures] = {}
    for h in rows:
        asked = _aware(h.requested_at).astimezone(seoul)
        day = table.setdefault((asked.date(), h.department), DayFigures(asked.date(), h.department, wait_seconds=[]))
        day.requests += 1
        if h.kind == "callback":
            day.callbacks += 1
        if h.taken_at is not None:
            day.handled += 1
            day.wait_seconds.append((_aware(h.taken_at) - _aware(h.requested_at)).total_seconds())
        elif h.state == "abandoned" or (h.kind == "live" and h.state in ("returned", "closed")):
            day.abandoned += 1
    return sorted(table.values(), key=lambda d: (d.day, d.department), reverse=True)


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def canned_replies(inbox: Inbox, department: str | None = None) -> list[CannedReply]:
    query = select(CannedReply).order_by(CannedReply.department, CannedReply.title)
    if department:
        query = query.where(CannedReply.department.in_(("", department)))
    with inbox._session() as session:
        return list(session.scalars(query))


def save_canned(inbox: Inbox, reply_id: int | None, department: str, title: str, text: str) -> CannedReply:
    with inbox._session() as session, session.begin():
        reply = session.get(CannedReply, reply_id) if reply_id else None
        if reply is None:
            reply = CannedReply(updated_at=now())
            session.add(reply)
        reply.department, reply.title, reply.text, reply.updated_at = department, title, text, now()
        return reply


def delete_canned(inbox: Inbox, reply_id: int) -> None:
    with inbox._session() as session, session.begin():
        session.execute(delete(CannedReply).where(CannedReply.id == reply_id))
