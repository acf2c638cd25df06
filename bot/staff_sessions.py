"""Console sessions kept on the server: the cookie holds a random token, the database its hash
and expiry. Logging out deletes it at once; a password, role or department change deletes every
session of that member, so the change applies to the next request."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select

from bot.complaints.models import StaffSession, StaffUser, now
from bot.complaints.store import ComplaintStore

LIFETIME = dt.timedelta(hours=8)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


class StaffSessions:
    def __init__(self, database_url: str) -> None:
        self.store = ComplaintStore(database_url)

    def start(self, staff_id: int) -> str:
        token = secrets.token_urlsafe(32)
        at = now()
        with self.store._session() as session, session.begin():
            session.execute(delete(StaffSession).where(StaffSession.expires_at < at))
            session.add(StaffSession(token_hash=_hash(token), staff_id=staff_id, created_at=at, expires_at=at + LIFETIME))
        return token

    def member(self, token: str) -> StaffUser | None:
        """The member a live session token belongs to (as stored now: role and department included)."""
        if not token:
            return None
        with self.store._session() as session:
            row = session.execute(select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.staff_id)
                                  .where(StaffSession.token_hash == _hash(token))).first()
            if row is None or _aware(row[0].expires_at) <= now():
                return None
            return row[1]

    def end(self, token: str) -> None:
        with self.store._session() as session, session.begin():
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))

    def end_all(self, staff_id: int) -> None:
        with self.store._session() as session, session.begin():
            session.execute(delete(StaffSession).where(StaffSession.staff_id == staff_id))
