"""Staff accounts for the console: scrypt password hashes, roles, departments, who may see a
resident's contact details, and logins slowed down by address (bot/login_throttle.py). Logins,
logouts and account changes are written to the audit log."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from bot.complaints.models import Complaint, StaffUser
from bot.complaints.store import ComplaintStore
from bot.login_throttle import LoginThrottle
from bot.staff_sessions import StaffSessions

ROLES = ("admin", "staff")
MIN_PASSWORD = 10
# Checked when the username is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password of anyone", method="scrypt")


class AccountError(ValueError):
    """The account could not be created or changed; the message says why (in plain words)."""


@dataclass(frozen=True)
class StaffIdentity:
    id: int
    username: str
    role: str
    department: str = ""

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def identity(user: StaffUser) -> StaffIdentity:
    return StaffIdentity(user.id, user.username, user.role, user.department or "")


def may_see_contact(staff: StaffIdentity, complaint: Complaint) -> bool:
    """May this member see this complaint's contact details (the resident's phone number)?
    Admins: always. Others: only for a complaint of their own department."""
    if staff.is_admin:
        return True
    return bool(staff.department) and staff.department == (complaint.department or "")


@dataclass(frozen=True)
class LoginResult:
    status: str                     # "ok" | "wrong" | "wait"
    user: StaffIdentity | None = None
    wait_seconds: int = 0


class StaffAccounts:
    def __init__(self, database_url: str) -> None:
        self.store = ComplaintStore(database_url)
        self.sessions = StaffSessions(database_url)
        self.throttle = LoginThrottle(self.store._session)

    def create(self, username: str, password: str, role: str = "staff", department: str = "") -> StaffIdentity:
        username = username.strip()
        if not username or len(username) > 64:
            raise AccountError("the username must be 1 to 64 characters")
        _check(role=role, password=password, department=department)
        with self.store._session() as session, session.begin():
            if session.scalar(select(StaffUser).where(StaffUser.username == username)):
                raise AccountError(f"the user '{username}' already exists")
            user = StaffUser(username=username, role=role, department=department.strip(), failed_logins=0,
                             password_hash=generate_password_hash(password, method="scrypt"))
            session.add(user)
            session.flush()
            created = identity(user)
        self.store.audit("system", "staff_add", username, f"role={role}, department={department.strip()}")
        return created

    def change(self, username: str, role: str | None = None, department: str | None = None,
               password: str | None = None) -> StaffIdentity:
        """Change role, department or password; the member's console sessions end at once."""
        _check(role=role, password=password, department=department)
        with self.store._session() as session, session.begin():
            user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
            if user is None:
                raise AccountError(f"there is no user '{username}'")
            if role is not None:
                user.role = role
            if department is not None:
                user.department = department.strip()
            if password is not None:
                user.password_hash = generate_password_hash(password, method="scrypt")
            changed = identity(user)
        self.sessions.end_all(changed.id)
        what = [f"role={role}"] * (role is not None) + [f"department={department}"] * (department is not None) \
            + ["password"] * (password is not None)
        self.store.audit("system", "staff_change", changed.username, ", ".join(what))
        return changed

    def get(self, username: str) -> StaffIdentity | None:
        with self.store._session() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == username))
            return identity(user) if user else None

    def verify(self, username: str, password: str) -> StaffIdentity | None:
        with self.store._session() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
            if user is None:
                check_password_hash(_DUMMY_HASH, password)
                return None
            return identity(user) if check_password_hash(user.password_hash, password) else None

    def login(self, username: str, password: str, address: str = "", at: dt.datetime | None = None) -> LoginResult:
        """Check a password unless this name or address must wait; an audit entry either way."""
        name = username.strip()[:64]
        wait = self.throttle.seconds_to_wait(name, address, at)
        if wait:
            self.store.audit(name, "login_throttled", "", f"from {address}, {wait} s to wait")
            return LoginResult("wait", wait_seconds=wait)
        user = self.verify(name, password)
        if user is None:
            self.throttle.failed(name, address, at)
            self.store.audit(name, "login_failed", "", f"from {address}" if address else "")
            return LoginResult("wrong")
        self.throttle.succeeded(name, address)
        self.store.audit(name, "login", "", f"from {address}" if address else "", staff_id=user.id)
        return LoginResult("ok", user)

    def logout(self, user: StaffIdentity) -> None:
        self.store.audit(user.username, "logout", staff_id=user.id)


def _check(role: str | None, password: str | None, department: str | None) -> None:
    if role is not None and role not in ROLES:
        raise AccountError(f"the role must be one of: {', '.join(ROLES)}")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must be at least {MIN_PASSWORD} characters")
    if department is not None and len(department.strip()) > 64:
        raise AccountError("the department name must be at most 64 characters")
