"""Issue 27, item 11: the session cookie was Secure only when a setting said so, not whenever the
request came over HTTPS (behind the proxy); the SQLite database, which also holds the phone vault,
was created readable by every user of the machine."""
from __future__ import annotations

import re
import stat

from bot.complaints.phone_vault import PhoneVault
from bot.staff import StaffAccounts
from channels.web import create_app
from tests.security.conftest import ADMIN, PASSWORD


def login_cookie(app, **request) -> str:
    client = app.test_client()
    form = client.get("/staff/login", **request).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = client.post("/staff/login", data={"username": ADMIN, "password": PASSWORD, "csrf_token": token},
                           **request)
    assert response.status_code == 302
    return response.headers["Set-Cookie"]


def test_the_cookie_is_secure_behind_an_https_proxy(tmp_path):
    app = create_app({"data_dir": str(tmp_path), "trusted_proxies": 1})
    StaffAccounts(app.extensions["minwon.settings"].database).create(ADMIN, PASSWORD, "admin")
    cookie = login_cookie(app, headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert "; Secure" in cookie and "HttpOnly" in cookie


def test_the_cookie_is_secure_over_https(tmp_path):
    app = create_app({"data_dir": str(tmp_path)})
    StaffAccounts(app.extensions["minwon.settings"].database).create(ADMIN, PASSWORD, "admin")
    assert "; Secure" in login_cookie(app, base_url="https://chatbot.example.go.kr")
    assert "; Secure" not in login_cookie(app)          # plain http on loopback (make run) still works


def test_the_database_and_the_phone_vault_are_private_to_their_owner(tmp_path):
    app = create_app({"data_dir": str(tmp_path / "var")})
    database = app.extensions["minwon.settings"].database
    PhoneVault(database).keep("010-2468-1357")
    StaffAccounts(database).create(ADMIN, PASSWORD, "admin")
    files = [p for p in (tmp_path / "var").iterdir() if p.name.startswith("minwon.db")]
    assert files
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_an_older_readable_database_is_made_private(tmp_path):
    (tmp_path / "var").mkdir()
    old = tmp_path / "var" / "minwon.db"
    old.touch(mode=0o644)
    old.chmod(0o644)
    create_app({"data_dir": str(tmp_path / "var")})
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
