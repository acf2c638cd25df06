"""Failed console logins slow down the one who fails, not the account's owner.

Failures are counted per (account name, address) and per address, whether the account exists
or not, so the answer never tells which names exist. Past a few free tries each further attempt
from there waits twice as long as the last (2 s, 4 s, 8 s … up to 15 minutes); the password is
not even checked while waiting. An hour without failures forgets them. Nobody elsewhere can lock
an account: its owner, from another address, logs in as usual.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math

from sqlalchemy import select

from bot.complaints.models import LoginFailure, now

FREE_PER_ACCOUNT = 3       # failed tries for one name from one address before the delays start
FREE_PER_ADDRESS = 10      # failed tries from one address, all names together
LONGEST_WAIT = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def wait_after(failures: int, free: int) -> dt.timedelta:
    if failures < free:
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=2 ** (failures - free + 1)), LONGEST_WAIT)


def keys(username: str, address: str) -> list[tuple[str, int]]:
    """The counters one attempt touches, with their free tries."""
    name = username.strip().lower()
    hashed = [hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()
              for kind, value in (("account", f"{name}\0{address}"), ("address", address))]
    return [(hashed[0], FREE_PER_ACCOUNT), (hashed[1], FREE_PER_ADDRESS)]


class LoginThrottle:
    def __init__(self, session_factory) -> None:
        self._session = session_factory

    def seconds_to_wait(self, username: str, address: str, at: dt.datetime | None = None) -> int:
        at = at or now()
        longest = 0.0
        with self._session() as session:
            for key, free in keys(username, address):
                row = session.get(LoginFailure, key)
                if row is None or at - _aware(row.last_failure_at) > FORGET_AFTER:
                    continue
                ready = _aware(row.last_failure_at) + wait_after(row.failures, free)
                longest = max(longest, (ready - at).total_seconds())
        return math.ceil(longest) if longest > 0 else 0

    def failed(self, username: str, address: str, at: dt.datetime | None = None) -> None:
        at = at or now()
        with self._session() as session, session.begin():
            for key, _ in keys(username, address):
                row = session.get(LoginFailure, key)
                if row is None:
                    session.add(LoginFailure(key_hash=key, failures=1, last_failure_at=at))
                    continue
                fresh = at - _aware(row.last_failure_at) > FORGET_AFTER
                row.failures, row.last_failure_at = (1 if fresh else row.failures + 1), at

    def succeeded(self, username: str, address: str) -> None:
        """The right password from here: this name's count from this address starts again."""
        account_key = keys(username, address)[0][0]
        with self._session() as session, session.begin():
            row = session.scalar(select(LoginFailure).where(LoginFailure.key_hash == account_key))
            if row is not None:
                session.delete(row)
