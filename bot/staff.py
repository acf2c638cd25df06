"""Staff accounts for the console: scrypt password hashes, roles, and a lockout after
repeated failed logins. Logins and logouts are written to the audit log."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from bot.complaints.models import StaffUser, now
from bot.complaints.store import ComplaintStore

ROLES = ("admin", "staff")
MIN_PASSWORD = 10
MAX_FAILURES = 5
LOCK_FOR = dt.timedelta(minutes=15)
# Checked when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone", method="scrypt")


class AccountError(ValueError):
    """The account could not be created; the message says why (in plain words)."""


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    username: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    status: str                     # "ok" | "wrong" | "locked"
    user: StaffIdentity | None = None
    locked_until: dt.datetime | None = None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands datetimes back without a zone; they were stored in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


class StaffAccounts:
    def __init__(self, database_url: str) -> None:
        self.store = ComplaintStore(database_url)

    def create(self, username: str, password: str, role: str = "staff") -> StaffIdentity:
        username = username.strip()
        if not username or len(username) > 64:
            raise AccountError("the username must be 1 to 64 characters")
        if role not in ROLES:
            raise AccountError(f"the role must be one of: {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
        with self.store._session() as session, session.begin():
            if session.scalar(select(StaffUser).where(StaffUser.username == username)):
                raise AccountError(f"the user '{username}' already exists")
            user = StaffUser(username=username, role=role, failed_logins=0,
                             password_hash=generate_password_hash(password, method="scrypt"))
            session.add(user)
            session.flush()
            identity = StaffIdentity(user.id, user.username, user.role)
        self.store.audit("system", "staff_add", username, f"role={role}")
        return identity

    def get(self, username: str) -> StaffIdentity | None:
        with self.store._session() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == username))
            return StaffIdentity(user.id, user.username, user.role) if user else None

    def verify(self, username: str, password: str, at: dt.datetime | None = None) -> LoginResult:
        """Check a password. After MAX_FAILURES wrong ones in a row the account is locked
        for LOCK_FOR, during which even the right password is refused."""
        at = at or now()
        with self.store._session() as session, session.begin():
            user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
            if user is None:
                check_password_hash(_DUMMY_HASH, password)
                return LoginResult("wrong")
            locked_until = _aware(user.locked_until)
            if locked_until and locked_until > at:
                return LoginResult("locked", locked_until=locked_until)
            if check_password_hash(user.password_hash, password):
                user.failed_logins, user.locked_until = 0, None
                return LoginResult("ok", StaffIdentity(user.id, user.username, user.role))
            user.failed_logins = (user.failed_logins or 0) + 1
            if user.failed_logins >= MAX_FAILURES:
                user.failed_logins, user.locked_until = 0, at + LOCK_FOR
                return LoginResult("locked", locked_until=user.locked_until)
            return LoginResult("wrong")

    def login(self, username: str, password: str, address: str = "") -> LoginResult:
        """``verify`` plus an audit entry: login, login_failed or login_locked."""
        result = self.verify(username, password)
        action = {"ok": "login", "wrong": "login_failed", "locked": "login_locked"}[result.status]
        self.store.audit(username.strip()[:64], action, "", f"from {address}" if address else "",
                         staff_id=result.user.id if result.user else None)
        return result

    def logout(self, user: StaffIdentity) -> None:
        self.store.audit(user.username, "logout", staff_id=user.id)
