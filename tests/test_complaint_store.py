"""The complaint store on real SQLite and real PostgreSQL: tickets, idempotency, triage, groups, audit."""
import datetime as dt
import threading
import uuid

import pytest

from bot.complaints.store import ComplaintStore, DatabaseUnavailable, NewComplaint
from bot.complaints.triage import ComplaintCategory, category_in, normalise_phone, priority_of

SCOOTER = ComplaintCategory(category="e_scooter", label="전동킥보드 방치", label_en="Abandoned e-scooter",
                            keywords=("킥보드", "e-scooter"), urgent_words=("횡단보도",), department="교통행정과",
                            phone="02-2286-5832", handling_days=2)


@pytest.fixture()
def store(database_url):
    return ComplaintStore(database_url)


def new(**overrides) -> NewComplaint:
    values = dict(submission_key=uuid.uuid4().hex, category="e_scooter", dong="성수1가1동",
                  location="성수역 3번 출구 앞", description="킥보드가 인도를 막고 있어요")
    values.update(overrides)
    return NewComplaint(**values)


def test_filing_gives_a_stored_ticket_number(store):
    complaint = store.file(new(), SCOOTER)
    year = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).year
    assert complaint.ticket.startswith(f"{year}-") and len(complaint.ticket) == 11
    stored = store.by_ticket(complaint.ticket)
    assert stored.location == "성수역 3번 출구 앞" and stored.status == "received"
    assert stored.department == "교통행정과" and stored.phone is None and stored.consent_at is None


def test_the_same_submission_files_once(store):
    key = uuid.uuid4().hex
    first = store.file(new(submission_key=key), SCOOTER)
    again = store.file(new(submission_key=key), SCOOTER)
    assert again.ticket == first.ticket


def test_concurrent_filing_gives_unique_ticket_numbers(store):
    tickets, errors = [], []

    def file_some():
        try:
            for _ in range(5):
                tickets.append(store.file(new(), SCOOTER).ticket)
        except Exception as exc:  # noqa: BLE001 — any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=file_some) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(tickets) == 40 and len(set(tickets)) == 40


def test_safety_words_make_it_urgent_and_urgent_comes_first(store):
    calm = store.file(new(dong="송정동", description="킥보드가 세워져 있어요"), SCOOTER)
    urgent = store.file(new(dong="송정동", description="횡단보도를 막은 킥보드 때문에 할머니가 넘어질 뻔했어요"), SCOOTER)
    assert calm.priority == "normal" and urgent.priority == "urgent"
    listing = [c.ticket for c in store.listing(dong="송정동")]
    assert listing.index(urgent.ticket) < listing.index(calm.ticket)


def test_same_category_and_dong_within_days_are_grouped(store):
    first = store.file(new(dong="응봉동", location="응봉역 1번 출구"), SCOOTER)
    second = store.file(new(dong="응봉동", location="응봉역 앞"), SCOOTER)
    elsewhere = store.file(new(dong="용답동"), SCOOTER)
    assert second.group_id == first.group_id != elsewhere.group_id
    group = next(g for g in store.groups() if g.group_id == first.group_id)
    assert group.count == 2 and group.location == "응봉역 1번 출구"


def test_staff_update_is_audited(store):
    complaint = store.file(new(), SCOOTER)
    store.update(complaint.ticket, "kim", status="done", reply="수거했어요.")
    stored = store.by_ticket(complaint.ticket)
    assert (stored.status, stored.reply) == ("done", "수거했어요.")
    entry = store.audit_log()[0]
    assert (entry.username, entry.action, entry.target) == ("kim", "complaint_update", complaint.ticket)


def test_unreachable_database_raises_database_unavailable():
    store = ComplaintStore("postgresql+psycopg://postgres@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable):
        store.file(new(), SCOOTER)


@pytest.mark.parametrize("text, expected", [("010-1234-5678", "010-1234-5678"), ("01012345678", "010-1234-5678"),
                                            ("02-2286-5114", "02-2286-5114"), ("12345", None), ("없어요", None)])
def test_phone_numbers(text, expected):
    assert normalise_phone(text) == expected


def test_category_and_priority_from_words():
    assert category_in("횡단보도를 막은 킥보드", [SCOOTER]) is SCOOTER
    assert priority_of(None, "", "가스 냄새가 나요") == "urgent"
