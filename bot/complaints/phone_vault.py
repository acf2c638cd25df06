"""Phone numbers residents give for a complaint reply, held under a reference so that
only the complaint store ever sees the number; Rasa, its tracker store and the logs
see the reference. The gateway vaults a number only when the complaint form has just
asked for it (after consent); any other phone number is masked for good.
References and expectations expire after an hour."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import DateTime, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.storage import Base, engine_for, migrate

LIFETIME = dt.timedelta(hours=1)


class PhoneReference(Base):
    __tablename__ = "phone_references"
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class PhoneExpected(Base):
    """The complaint form asked this conversation for a phone number (sender stored hashed)."""
    __tablename__ = "phone_expected"
    sender_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


def _sender_hash(sender: str) -> str:
    return hashlib.sha256(sender.encode()).hexdigest()


class PhoneVault:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)

    def keep(self, phone: str) -> str:
        migrate(self.url)
        ref = secrets.token_hex(8)
        now = dt.datetime.now(dt.timezone.utc)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(PhoneReference).where(PhoneReference.created_at < now - LIFETIME))
            session.add(PhoneReference(ref=ref, phone=phone, created_at=now))
        return ref

    def expect(self, sender: str) -> None:
        migrate(self.url)
        with Session(self.engine) as session, session.begin():
            session.merge(PhoneExpected(sender_hash=_sender_hash(sender), created_at=dt.datetime.now(dt.timezone.utc)))

    def expecting(self, sender: str) -> bool:
        """True (once) when the form asked this sender for a phone within the hour."""
        migrate(self.url)
        since = dt.datetime.now(dt.timezone.utc) - LIFETIME
        with Session(self.engine) as session, session.begin():
            row = session.get(PhoneExpected, _sender_hash(sender))
            if row is None:
                return False
            session.delete(row)
            created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.timezone.utc)
            return created >= since

    def look_up(self, ref: str) -> str | None:
        migrate(self.url)
        with Session(self.engine) as session:
            return session.scalar(select(PhoneReference.phone).where(PhoneReference.ref == ref))

    def forget(self, ref: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(delete(PhoneReference).where(PhoneReference.ref == ref))
