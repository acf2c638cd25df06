"""Issue 27, item 1: a complaint's phone number could be walked out one digit at a time, because the
status check was ``phone.endswith(slot)`` on any slot value ("8", then "78", then "678" …)."""
from __future__ import annotations

import pytest

from tests.security.conftest import REPLY, file_complaint, forged_answer, status_answer, status_lookup

PHONE = "010-2468-1357"


def revealed(ticket: str, guess: str) -> bool:
    return REPLY in status_answer(ticket, guess)


def revealed_to_a_forged_state(ticket: str, guess: str) -> bool:
    return REPLY in forged_answer(ticket, guess)


@pytest.mark.parametrize("revealed", [revealed, revealed_to_a_forged_state])
def test_the_walk_out_attack_learns_nothing(store, revealed):
    """The pen test's attack: grow a suffix digit by digit while the status is shown; typed in the
    conversation, and written straight into a forged dialogue state (so the lookup's own check is tried)."""
    ticket = file_complaint(store, "walk-out", PHONE).ticket
    learned = ""
    for _ in range(8):
        step = next((digit + learned for digit in "0123456789" if revealed(ticket, digit + learned)), None)
        if step is None:
            break
        learned = step
    assert learned == ""


def test_a_forged_state_holding_part_of_the_number_learns_nothing(store):
    """The lookup's own check (exactly four digits, constant-time compare), past the dialogue's reading."""
    for guess in ("7", "57", "357", "01357", "1357 ", " 1357", "１３５７", "13a7"):
        ticket = file_complaint(store, f"forged-{guess}", PHONE).ticket   # a fresh ticket: the lockout is not it
        assert REPLY not in forged_answer(ticket, guess), guess
    assert REPLY in forged_answer(file_complaint(store, "forged-right", PHONE).ticket, "1357", sender="owner")


def test_only_exactly_four_digits_are_accepted(store):
    ticket = file_complaint(store, "four", PHONE).ticket
    for guess in ("１３５７", "7", "57", "357", "01357", "13570", "13a7", "1 357", ""):
        assert REPLY not in status_answer(ticket, guess), guess
    assert REPLY in status_answer(ticket, " 1357 ", sender="owner")       # the spaces around it are not a guess
    for typed in ("7", "357", "12345", "13a7", "１３５７"):     # what the dialogue keeps: never a part of a number
        assert "last4" not in status_lookup(ticket, typed)[1], typed
        assert status_lookup(ticket, typed)[1]["ticket"] == ticket          # … and the lookup still waits for them
    assert REPLY in status_answer(ticket, "끝번호 1357이요", sender="owner")     # four digits in words are read


def test_five_failures_lock_the_lookup_even_for_the_right_digits(store):
    ticket = file_complaint(store, "lock", PHONE).ticket
    for wrong in ("0000", "1111", "2222", "3333", "4444"):
        assert REPLY not in status_answer(ticket, wrong)
    locked = status_answer(ticket, "1357")
    assert REPLY not in locked and "조회를 멈췄어요" in locked and "120" in locked
    row = store.by_ticket(ticket)
    assert row.lookup_failures == 5 and row.lookup_locked_until is not None     # staff see the attempts
    assert any(e.action == "lookup_locked" and e.target == ticket for e in store.audit_log())


def test_the_owner_still_gets_the_status_and_a_success_resets_the_count(store):
    ticket = file_complaint(store, "owner", PHONE).ticket
    assert REPLY not in status_answer(ticket, "9999")
    answer = status_answer(ticket, "1357", sender="owner")
    assert REPLY in answer and "• 담당: 교통행정과" in answer
    assert store.by_ticket(ticket).lookup_failures == 0


def test_staff_see_the_failed_attempts_and_the_lock(console_app):
    from bot.complaints.lookups import StatusLookups
    from bot.complaints.store import ComplaintStore, NewComplaint
    from tests.security.conftest import log_in

    store = ComplaintStore(console_app.extensions["minwon.settings"].database)
    ticket = store.file(NewComplaint("seen", "e_scooter", "성수1가1동", "역 앞", "킥보드", PHONE), None).ticket
    for wrong in ("0000", "1111", "2222", "3333", "4444"):
        StatusLookups(store).check(ticket, wrong)
    client, _ = log_in(console_app)
    page = client.get(f"/staff/complaints/{ticket}").text
    assert "주민 조회 실패" in page and "5번 연속" in page and "조회 잠금" in page
    assert "주민 조회 잠금" in client.get("/staff/audit").text
