"""Issue 27, item 7: every staff account saw every resident's phone number. Staff belong to
departments and see contact details only for their department's complaints (admins see all);
every view of a whole number is audited."""
from __future__ import annotations

import pytest

from bot.complaints.store import ComplaintStore, NewComplaint
from bot.staff import StaffAccounts
from tests.security.conftest import csrf, log_in

PHONE = "010-2468-1357"


@pytest.fixture()
def setup(console_app):
    database = console_app.extensions["minwon.settings"].database
    store = ComplaintStore(database)
    filed = store.file(NewComplaint("c-1", "e_scooter", "성수1가1동", "성수역 3번 출구", "킥보드", PHONE), None)
    store.update(filed.ticket, "system", department="교통행정과")
    return console_app, store, StaffAccounts(database), filed.ticket


def visible(client, ticket: str) -> str:
    return " ".join([client.get("/staff/complaints").text, client.get(f"/staff/complaints/{ticket}").text,
                     client.get("/staff/complaints.csv").get_data(as_text=True)])


def test_a_staff_account_without_a_department_sees_no_phone_number(setup):
    app, _, accounts, ticket = setup
    accounts.create("clerk", "clerks-password-1", "staff")
    client, _ = log_in(app, "clerk", "clerks-password-1")
    seen = visible(client, ticket)
    assert PHONE not in seen and "1357" not in seen and "비공개" in seen


def test_another_department_sees_no_phone_and_cannot_ask_for_it(setup):
    app, store, accounts, ticket = setup
    accounts.create("cleaner", "cleaners-password-1", "staff", department="청소행정과")
    client, _ = log_in(app, "cleaner", "cleaners-password-1")
    assert "1357" not in visible(client, ticket)
    refused = client.post(f"/staff/complaints/{ticket}/phone", data={"csrf_token": csrf(client, "/staff/complaints")})
    assert refused.status_code == 403 and PHONE not in refused.text
    assert "phone_view" not in [e.action for e in store.audit_log()]


def test_the_department_sees_it_masked_and_each_full_view_is_audited(setup):
    app, store, accounts, ticket = setup
    accounts.create("traffic", "traffic-password-1", "staff", department="교통행정과")
    client, _ = log_in(app, "traffic", "traffic-password-1")
    page = client.get(f"/staff/complaints/{ticket}").text
    assert "***-****-1357" in page and PHONE not in page
    for _ in range(2):
        shown = client.post(f"/staff/complaints/{ticket}/phone", data={"csrf_token": csrf(client, "/staff/complaints")})
        assert PHONE in shown.text
    views = [e for e in store.audit_log() if e.action == "phone_view"]
    assert len(views) == 2 and all(e.username == "traffic" and e.target == ticket for e in views)


def test_admins_see_every_department(setup):
    app, store, _, ticket = setup
    client, _ = log_in(app)
    assert PHONE in client.post(f"/staff/complaints/{ticket}/phone",
                                data={"csrf_token": csrf(client, "/staff/complaints")}).text


def test_one_function_decides(setup):
    from bot.staff import StaffIdentity, may_see_contact

    _, store, _, ticket = setup
    complaint = store.by_ticket(ticket)
    assert may_see_contact(StaffIdentity(1, "a", "admin"), complaint)
    assert may_see_contact(StaffIdentity(2, "t", "staff", "교통행정과"), complaint)
    assert not may_see_contact(StaffIdentity(3, "c", "staff", "청소행정과"), complaint)
    assert not may_see_contact(StaffIdentity(4, "n", "staff", ""), complaint)
