"""A resident checks a complaint: who may see what, and how guessing is stopped.

- Status, department and staff reply need proof of ownership: the phone's last four digits when
  the resident left a phone number, else the full ticket number with its code (2026-000123-K7MQ).
- The short form (2026-000123) alone only says that such a complaint was received.
- Every wrong code or wrong four digits counts against the complaint; after ``TRIES`` in a row the
  lookup is locked for an hour, then two, four … up to a day. A right answer resets the count.
  Staff see the count and the lock on the complaint.
"""
from __future__ import annotations

import datetime as dt
import hmac
import re
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.complaints.models import Complaint, now
from bot.complaints.store import ComplaintStore, DatabaseUnavailable
from bot.complaints.tickets import read_ticket

TRIES = 5
FIRST_LOCK = dt.timedelta(hours=1)
LONGEST_LOCK = dt.timedelta(days=1)
FOUR_DIGITS = re.compile(r"[0-9]{4}")


@dataclass(frozen=True)
class Lookup:
    # found | needs_phone (from find); report | received | typo | not_found | wrong_code | wrong_phone | locked
    outcome: str
    complaint: Complaint | None = None
    locked_until: dt.datetime | None = None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def lock_for(failures: int) -> dt.timedelta:
    """How long the lookup stays locked after the ``failures``-th failure in a row (0: not locked)."""
    if failures < TRIES or failures % TRIES:
        return dt.timedelta(0)
    return min(FIRST_LOCK * 2 ** (failures // TRIES - 1), LONGEST_LOCK)


def phone_digits_match(phone: str, given: str | None) -> bool:
    """Exactly four digits, compared in constant time with the phone's last four."""
    if not given or not FOUR_DIGITS.fullmatch(given):
        return False
    digits = re.sub(r"[^0-9]", "", phone)
    return len(digits) >= 4 and hmac.compare_digest(digits[-4:].encode(), given.encode())


class StatusLookups:
    def __init__(self, store: ComplaintStore) -> None:
        self.store = store

    def find(self, typed: str) -> Lookup:
        """What the ticket number alone gets: the complaint, or why not."""
        ticket = read_ticket(typed)
        if ticket is None:
            return Lookup("not_found")
        if ticket.typo:
            return Lookup("typo")
        complaint = self.store.by_ticket(ticket.short)
        if complaint is None:
            return Lookup("not_found")
        locked = _aware(complaint.lookup_locked_until)
        if locked and locked > now():
            return Lookup("locked", complaint, locked)
        return Lookup("needs_phone" if complaint.phone else "found", complaint)

    def check(self, typed: str, last4: str | None) -> Lookup:
        """The answer for a ticket number and (when the complaint has a phone) four digits."""
        found = self.find(typed)
        if found.outcome not in ("needs_phone", "found"):
            return found
        complaint, ticket = found.complaint, read_ticket(typed)
        if ticket.code is not None and not ticket.code_matches(complaint.ticket_code):
            return self._failed(complaint, "wrong_code")
        if complaint.phone:
            if not phone_digits_match(complaint.phone, last4):
                return self._failed(complaint, "wrong_phone")
        elif ticket.code is None:
            return Lookup("received", complaint)     # the short form: no more than "received"
        self._succeeded(complaint)
        return Lookup("report", complaint)

    def _failed(self, complaint: Complaint, outcome: str) -> Lookup:
        at = now()
        try:
            with self.store._session() as session, session.begin():
                failures = session.execute(
                    update(Complaint).where(Complaint.id == complaint.id)
                    .values(lookup_failures=Complaint.lookup_failures + 1, last_failed_lookup_at=at)
                    .returning(Complaint.lookup_failures)).scalar_one()
                locked_until = at + lock_for(failures) if lock_for(failures) else None
                if locked_until:
                    session.execute(update(Complaint).where(Complaint.id == complaint.id)
                                    .values(lookup_locked_until=locked_until))
        except (OperationalError, DBAPIError) as exc:
            raise DatabaseUnavailable(str(exc)) from exc
        if locked_until:
            self.store.audit("", "lookup_locked", complaint.ticket,
                             f"상태 조회 {failures}번 연속 실패: {locked_until.isoformat(timespec='minutes')}까지 잠금")
            return Lookup("locked", complaint, locked_until)
        return Lookup(outcome, complaint)

    def _succeeded(self, complaint: Complaint) -> None:
        if complaint.lookup_failures:
            with self.store._session() as session, session.begin():
                session.execute(update(Complaint).where(Complaint.id == complaint.id).values(lookup_failures=0))
