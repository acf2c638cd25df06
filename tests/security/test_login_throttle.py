"""Issue 27, item 9: anyone could lock any known staff account for 15 minutes, and only existing
accounts showed the lock message (username enumeration)."""
from __future__ import annotations

import re

from tests.security.conftest import ADMIN, PASSWORD, log_in

ATTACKER, OWNER = "203.0.113.66", "10.20.30.40"


def shown(response) -> tuple[int, str]:
    """What the person at the login form reads (the name they typed aside)."""
    error = re.search(r'id="login-error">(.*?)<', response.text, re.S)
    return response.status_code, (error.group(1).strip() if error else response.text[:200])


def test_a_stranger_cannot_lock_the_owner_out(console_app):
    for _ in range(8):
        log_in(console_app, ADMIN, "wrong-password", address=ATTACKER)
    _, response = log_in(console_app, ADMIN, PASSWORD, address=OWNER)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/complaints"


def test_unknown_and_known_names_get_the_same_answers(console_app):
    known = [shown(log_in(console_app, ADMIN, "wrong-password", address="198.51.100.1")[1]) for _ in range(6)]
    unknown = [shown(log_in(console_app, "no-such-user", "wrong-password", address="198.51.100.2")[1])
               for _ in range(6)]
    strip = [(status, re.sub(r"\d+초", "N초", text)) for status, text in known]
    assert strip == [(status, re.sub(r"\d+초", "N초", text)) for status, text in unknown]
    assert known[0][0] == 401 and known[-1][0] == 429          # wrong, …, then wait (not "locked")
    assert "잠겼" not in " ".join(text for _, text in known)


def test_failures_from_one_address_bring_growing_delays(console_app):
    waits = []
    for _ in range(5):
        status, text = shown(log_in(console_app, ADMIN, "wrong-password", address=ATTACKER)[1])
        if status == 429:
            waits.append(int(re.search(r"(\d+)초", text).group(1)))
    assert waits and waits == sorted(waits)
    _, right = log_in(console_app, ADMIN, PASSWORD, address=ATTACKER)     # not even the right password, now
    assert right.status_code == 429


def test_one_address_trying_many_names_is_slowed_too(console_app):
    statuses = [log_in(console_app, f"name-{n}", "wrong-password", address=ATTACKER)[1].status_code for n in range(12)]
    assert statuses[:10] == [401] * 10 and 429 in statuses[10:]


def test_the_app_limits_login_requests_per_address(console_app):
    statuses = [log_in(console_app, ADMIN, PASSWORD, address="192.0.2.7")[1].status_code for _ in range(23)]
    assert statuses[:20] == [302] * 20 and statuses[-2:] == [429, 429]    # 20 a minute (a sliding window)
