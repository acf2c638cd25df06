"""Issue 27, item 2: ticket numbers were sequential, and a complaint filed without a phone showed its
status, department and staff reply to anyone who typed its number."""
from __future__ import annotations

import re

import pytest

from channels.web import create_app
from tests.security.conftest import REPLY, file_complaint, status_lookup, status_answer


def test_a_stranger_with_the_short_number_learns_no_more_than_received(store):
    complaint = file_complaint(store, "no-phone", None)
    for typed in (complaint.ticket, f"민원번호 {complaint.ticket} 어떻게 됐어요"):
        answer = status_answer(typed)
        assert REPLY not in answer and "교통행정과" not in answer and "처리중" not in answer
        assert "접수된 민원이에요" in answer


def test_guessing_the_next_numbers_reveals_nothing(store):
    first = file_complaint(store, "first", None)
    later = [file_complaint(store, f"later-{n}", None) for n in range(3)]
    year, number = first.ticket.split("-")
    for step in range(1, 4):
        guess = f"{year}-{int(number) + step:06d}"
        assert guess in {c.ticket for c in later}        # the short numbers are sequential …
        assert REPLY not in status_answer(guess)          # … and give nothing away


def test_the_resident_is_given_a_code_nobody_can_derive_from_the_number(store):
    complaints = [file_complaint(store, f"code-{n}", None) for n in range(30)]
    full = [c.full_ticket for c in complaints]
    assert all(re.fullmatch(r"20\d{2}-\d{6}-[0-9A-Z]{4}", t) for t in full)
    assert len({t.rsplit("-", 1)[1][:3] for t in full}) >= 25    # random, not a function of the number
    answer = status_answer(full[0].lower(), sender="owner")       # typed in lower case: read as meant
    assert REPLY in answer and full[0] in answer


def test_a_typo_is_caught_by_the_check_character_and_not_counted(store):
    from bot.complaints.tickets import check_character

    complaint = file_complaint(store, "typo", None)
    short, code = complaint.ticket, complaint.ticket_code
    swapped = code[:2] + ("A" if code[2] != "A" else "B") + code[3]
    assert check_character(short, swapped[:3]) != swapped[3]
    answer = status_answer(f"{short}-{swapped}")
    assert "잘못 적힌 글자" in answer and REPLY not in answer
    assert "ticket" not in status_lookup(f"{short}-{swapped}")[1]
    assert store.by_ticket(short).lookup_failures == 0


def test_wrong_codes_are_counted_and_lock_the_ticket(store):
    from bot.complaints.tickets import check_character

    complaint = file_complaint(store, "wrong-codes", None)
    wrong = [c for c in ("AAA", "BBB", "CCC", "DDD", "EEE", "FFF")
             if c != complaint.ticket_code[:3]][:5]
    for random_part in wrong:
        answer = status_answer(f"{complaint.ticket}-{random_part}{check_character(complaint.ticket, random_part)}")
        assert REPLY not in answer
    assert "조회를 멈췄어요" in status_answer(complaint.full_ticket)
    assert store.by_ticket(complaint.ticket).lookup_failures == 5


def test_read_ticket_accepts_what_residents_type():
    from bot.complaints.tickets import read_ticket

    assert str(read_ticket("접수번호 2026-000123-k7mq 조회")) == "2026-000123-K7MQ"
    assert str(read_ticket("2026-000123-K7MO")) == "2026-000123-K7M0"      # O read as zero
    assert str(read_ticket("2026-000123인데요")) == "2026-000123"
    assert read_ticket("20260001234") is None


@pytest.fixture()
def gateway(tmp_path):
    return create_app({"rasa_url": "http://127.0.0.1:9", "rasa_timeout": 0.5, "data_dir": str(tmp_path)}).test_client()


def test_status_lookups_are_limited_per_address(gateway):
    """Walking ticket numbers from one address stops after a few lookups, whatever the session."""
    statuses = [gateway.post("/api/chat", json={"session_id": f"walker-{n}", "message": f"2026-{n:06d} 조회"}).status_code
                for n in range(15)]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429] * 5
    assert gateway.post("/api/chat", json={"session_id": "walker-x", "message": "쓰레기 언제 버려요?"}).status_code == 200


def test_a_ticket_number_alone_keeps_the_residents_language():
    from bot.language import detect_language

    assert detect_language("2026-000001-FBK1", "ko") == "ko"
    assert detect_language("2026-000001-fbk1", "en") == "en"
    assert detect_language("status of 2026-000001-FBK1", "ko") == "en"
