"""API keys for outside systems that file complaints through Open311 (channels/web/open311.py).

An admin issues a key in the console and sees it once; the database keeps only its SHA-256 and a
short prefix staff can recognise. Revoked keys stop working at once. Issue, revoke and every
request filed with a key are written to the audit log.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import DateTime, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from bot.complaints.models import AuditEntry, now
from bot.storage import Base, engine_for, migrate

PREFIX = "mw_"


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64))               # who uses it: "서울시 통합민원 연계"
    key_prefix: Mapped[str] = mapped_column(String(16))          # mw_ab12cd: shown in the console
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeys:
    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = engine_for(database_url)

    def _session(self) -> Session:
        migrate(self.url)
        return Session(self.engine, expire_on_commit=False)

    def issue(self, name: str, username: str, staff_id: int | None = None) -> tuple[ApiKey, str]:
        """A new key: the row, and the key itself (shown to the admin once, never stored)."""
        key = PREFIX + secrets.token_urlsafe(30)
        with self._session() as session, session.begin():
            row = ApiKey(name=name[:64], key_prefix=key[:9], key_hash=_hash(key), created_by=username[:64])
            session.add(row)
            session.flush()
            session.add(AuditEntry(staff_id=staff_id, username=username, action="api_key_issue",
                                   target=f"api_key:{row.id}", detail=f"{row.name} ({row.key_prefix}…)"))
        return row, key

    def listing(self) -> list[ApiKey]:
        with self._session() as session:
            return list(session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc())))

    def revoke(self, key_id: int, username: str, staff_id: int | None = None) -> ApiKey | None:
        with self._session() as session, session.begin():
            row = session.get(ApiKey, key_id)
            if row is None or row.revoked_at is not None:
                return row
            row.revoked_at = now()
            session.add(AuditEntry(staff_id=staff_id, username=username, action="api_key_revoke",
                                   target=f"api_key:{row.id}", detail=f"{row.name} ({row.key_prefix}…)"))
            return row

    def check(self, key: str | None) -> ApiKey | None:
        """The live key ``key`` is, counted as used; None when unknown or revoked."""
        if not key or not key.startswith(PREFIX) or len(key) > 128:
            return None
        wanted = _hash(key)
        with self._session() as session, session.begin():
            row = session.scalar(select(ApiKey).where(ApiKey.key_hash == wanted))
            if row is None or row.revoked_at is not None or not hmac.compare_digest(row.key_hash, wanted):
                return None
            session.execute(update(ApiKey).where(ApiKey.id == row.id)
                            .values(uses=ApiKey.uses + 1, last_used_at=now()))
            return row
