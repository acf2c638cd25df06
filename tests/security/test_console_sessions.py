"""Issue 27, item 6: logging out did not end the session: a cookie saved before logout still opened
complaint pages with full phone numbers for 8 hours."""
from __future__ import annotations

from bot.complaints.store import ComplaintStore, NewComplaint
from bot.staff import StaffAccounts
from tests.security.conftest import ADMIN, csrf, log_in


def complaint_with_phone(app):
    store = ComplaintStore(app.extensions["minwon.settings"].database)
    return store.file(NewComplaint("s-1", "e_scooter", "성수1가1동", "성수역 3번 출구", "킥보드", "010-2468-1357"), None)


def saved_cookie(client) -> str:
    return client.get_cookie("session", path="/staff").value


def replay(app, cookie: str):
    """Another browser holding a copy of the cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie, path="/staff")
    return thief


def test_a_cookie_saved_before_logout_opens_nothing_after_it(console_app):
    ticket = complaint_with_phone(console_app).ticket
    client, _ = log_in(console_app)
    cookie = saved_cookie(client)
    assert "***-****-1357" in client.get("/staff/complaints").text
    client.post("/staff/logout", data={"csrf_token": csrf(client, "/staff/complaints")})
    for path in ("/staff/complaints", f"/staff/complaints/{ticket}", "/staff/complaints.csv"):
        response = replay(console_app, cookie).get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login"), path
        assert "1357" not in response.get_data(as_text=True)


def test_a_password_change_ends_every_session_at_once(console_app):
    client, _ = log_in(console_app)
    assert client.get("/staff/complaints").status_code == 200
    StaffAccounts(console_app.extensions["minwon.settings"].database).change(ADMIN, password="a-new-password-42")
    assert client.get("/staff/complaints").status_code == 302


def test_a_role_change_applies_to_the_next_request(console_app):
    accounts = StaffAccounts(console_app.extensions["minwon.settings"].database)
    accounts.create("kim", "kims-password-1", "admin")
    client, _ = log_in(console_app, "kim", "kims-password-1")
    assert client.get("/staff/audit").status_code == 200
    accounts.change("kim", role="staff")
    assert client.get("/staff/audit").status_code == 302            # logged out: the old admin session is gone
    client, _ = log_in(console_app, "kim", "kims-password-1")
    assert client.get("/staff/audit").status_code == 403
