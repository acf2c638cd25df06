"""Write notifications into the outbox (inside the caller's transaction) and deliver them: at
least once, with retries and exponential backoff, each carrying its message id so the receiver
can drop a repeat. Web widget notices wait in the outbox until the widget next opens; a KakaoTalk
resident's staff lines wait until the resident next writes (or a provider can reach their phone)."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Protocol

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from bot.notify.models import NotificationOptOut, OutboxMessage, now
from bot.storage import engine_for, migrate

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8
CLAIM_SECONDS = 60.0   # a sender that dies mid-send frees its rows after this


class ProviderError(Exception):
    """The provider refused or did not answer; the outbox retries later."""


class Unreachable(Exception):
    """A provider has no way to the resident now (a KakaoTalk resident who left no phone): the row is
    parked, not failed, and waits for another way (the resident's next message)."""


class Provider(Protocol):
    channel: str

    def send(self, recipient: str, text: str, message_id: str) -> None:
        """Deliver or raise; the message id lets the receiver drop a repeat."""


def queue_message(session: Session, channel: str, recipient: str, text: str, reason: str,
                  message_id: str) -> OutboxMessage | None:
    """Add a notification to the caller's transaction (nothing if the resident opted out)."""
    if session.get(NotificationOptOut, (channel, recipient)) is not None:
        return None
    row = OutboxMessage(message_id=message_id, channel=channel, recipient=recipient, text=text[:2000], reason=reason,
                        created_at=now(), next_attempt_at=now(), attempts=0, last_error="")
    session.add(row)
    return row


def backoff(attempts: int) -> dt.timedelta:
    """5 s, 10 s, 20 s … up to an hour."""
    return dt.timedelta(seconds=min(3600, 5 * 2 ** max(0, attempts - 1)))


class Outbox:
    def __init__(self, database_url: str, claim_seconds: float = CLAIM_SECONDS) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)
        self.claim_lasts = dt.timedelta(seconds=claim_seconds)

    def _session(self) -> Session:
        migrate(self.url)
        return Session(self.engine, expire_on_commit=False)

    def opt_out(self, channel: str, recipient: str) -> None:
        with self._session() as session, session.begin():
            if session.get(NotificationOptOut, (channel, recipient)) is None:
                session.add(NotificationOptOut(channel=channel, recipient=recipient, at=now()))
            session.execute(update(OutboxMessage).where(OutboxMessage.channel == channel,
                                                        OutboxMessage.recipient == recipient,
                                                        OutboxMessage.sent_at.is_(None))
                            .values(sent_at=now(), last_error="opted out"))

    def claim(self, channels: tuple[str, ...], limit: int = 20,
              hold: dict[str, float] | None = None) -> list[OutboxMessage]:
        """Due rows, each claimed for a while by a conditional update: two senders never both take one.
        ``hold``: seconds a channel's rows wait before a provider may take them (a KakaoTalk staff line
        is first left for the chat itself)."""
        at = now()
        hold = hold or {}
        per_channel = [and_(OutboxMessage.channel == channel,
                            OutboxMessage.created_at <= at - dt.timedelta(seconds=hold.get(channel, 0)))
                       for channel in channels]
        with self._session() as session:
            due = list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None), or_(*per_channel),
                OutboxMessage.next_attempt_at <= at, OutboxMessage.attempts < MAX_ATTEMPTS,
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < at))
                .order_by(OutboxMessage.id).limit(limit)))
        return self._claimed(due, at)

    def claim_for(self, channel: str, recipient: str) -> list[OutboxMessage]:
        """Everything not yet delivered to one recipient, oldest first, claimed (parked rows too): the
        KakaoTalk skill hands a resident's waiting staff lines over in its answer."""
        at = now()
        with self._session() as session:
            waiting = list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.channel == channel, OutboxMessage.recipient == recipient,
                OutboxMessage.sent_at.is_(None),
                or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < at))
                .order_by(OutboxMessage.id).limit(20)))
        return self._claimed(waiting, at)

    def _claimed(self, rows: list[OutboxMessage], at: dt.datetime) -> list[OutboxMessage]:
        claimed = []
        for row in rows:
            with self._session() as session, session.begin():
                won = session.execute(update(OutboxMessage).where(
                    OutboxMessage.id == row.id, OutboxMessage.sent_at.is_(None),
                    or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < at))
                    .values(claimed_until=at + self.claim_lasts)).rowcount
            if won:
                claimed.append(row)
        return claimed

    def release(self, rows: list[OutboxMessage]) -> None:
        """Claimed but not delivered (a callback Kakao refused): free for the next way, no attempt counted."""
        with self._session() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows]),
                                                        OutboxMessage.sent_at.is_(None)).values(claimed_until=None))

    def sent(self, *row_ids: int) -> None:
        with self._session() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(row_ids))
                            .values(sent_at=now(), claimed_until=None, attempts=OutboxMessage.attempts + 1))

    def park(self, row: OutboxMessage, reason: str) -> None:
        """No provider can reach the resident: no more tries by the sender; the row stays undelivered for
        another way (claim_for)."""
        with self._session() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
                attempts=MAX_ATTEMPTS, claimed_until=None, last_error=reason[:300]))

    def failed(self, row: OutboxMessage, error: str) -> None:
        attempts = row.attempts + 1
        with self._session() as session, session.begin():
            session.execute(update(OutboxMessage).where(OutboxMessage.id == row.id).values(
                attempts=attempts, claimed_until=None, last_error=error[:300],
                next_attempt_at=now() + backoff(attempts)))

    def deliver_due(self, providers: dict[str, Provider], hold: dict[str, float] | None = None) -> int:
        """One pass: send what is due through its channel's provider. Returns how many were sent."""
        count = 0
        for row in self.claim(tuple(providers), hold=hold):
            try:
                providers[row.channel].send(row.recipient, row.text, row.message_id)
            except Unreachable as exc:
                self.park(row, str(exc))
                continue
            except Exception as exc:   # any provider failure: retry later, never lose the row
                logger.warning("notification %s to %s failed (attempt %d): %s", row.message_id, row.channel,
                               row.attempts + 1, exc)
                self.failed(row, str(exc))
                continue
            self.sent(row.id)
            count += 1
        return count

    def web_notices(self, session_id: str) -> list[OutboxMessage]:
        """The widget's notices not yet acknowledged: shown the next time it opens (a widget that
        loses the answer gets them again; it drops ids it has already shown)."""
        with self._session() as session:
            return list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.channel == "web", OutboxMessage.recipient == session_id,
                OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id).limit(20)))

    def acknowledge_web(self, session_id: str, message_ids: list[str]) -> int:
        """The widget showed these: they are delivered."""
        with self._session() as session, session.begin():
            return session.execute(update(OutboxMessage).where(
                OutboxMessage.channel == "web", OutboxMessage.recipient == session_id,
                OutboxMessage.message_id.in_(message_ids), OutboxMessage.sent_at.is_(None))
                .values(sent_at=now(), attempts=OutboxMessage.attempts + 1)).rowcount
