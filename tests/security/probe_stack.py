"""Re-run the penetration test's probes (issue 27) over loopback HTTP against a real stack: Rasa,
the action server and the gateway started as the end-to-end tests start them (tests/e2e/stack.py),
with a Kakao skill key and one trusted proxy (so each probe can speak from its own address, as
behind nginx). Prints one line per probe: "nothing" or "FOUND …".

    .venv/bin/python -m tests.security.probe_stack        # about 3 minutes; exit 1 when a probe finds something
"""
from __future__ import annotations

import io
import re
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bot.complaints.store import ComplaintStore
from bot.settings import ROOT
from tests.e2e.stack import Stack
from tests.fakes.callback_receiver import CallbackReceiver
from tests.security.test_action_server import forged_call, listening_addresses
from tests.security.test_excel_bombs import merge, workbook

PHONE, REPLY, KEY = "010-2468-1357", "현장을 확인하고 킥보드를 옮겼어요.", "probe-skill-key"
found: list[str] = []


def report(name: str, problem: str | None) -> None:
    print(f"{'FOUND  ' if problem else 'nothing'} {name}{': ' + problem if problem else ''}", flush=True)
    if problem:
        found.append(name)


def chat(stack: Stack, session: str, message: str, address: str = "198.51.100.1") -> tuple[int, str]:
    response = requests.post(stack.web_url + "/api/chat", json={"session_id": session, "message": message},
                             headers={"X-Forwarded-For": address}, timeout=60)
    text = "\n".join(m["text"] for m in response.json().get("messages", [])) if response.ok else response.text
    return response.status_code, text


def file_complaint(stack: Stack, session: str, phone: str | None) -> str:
    for message in ("횡단보도를 막은 킥보드 신고하려고요", "성수1가1동", "성수역 3번 출구 앞",
                    "동의해요" if phone else "동의하지 않아요", *([phone] if phone else [])):
        chat(stack, session, message)
    filed = chat(stack, session, "접수")[1]
    return re.search(r"(20\d\d-\d{6})-[0-9A-Z]{4}", filed).group(1)


def probe_rasa_and_actions(stack: Stack) -> None:
    for method, path in (("GET", "/conversations/web:x/tracker"), ("PUT", "/model"),
                         ("POST", "/conversations/web:x/tracker/events"), ("POST", "/model/parse")):
        status = requests.request(method, stack.rasa_url + path, json={"text": "x"}, timeout=30).status_code
        report(f"Rasa API {method} {path} without a token", None if status == 401 else f"HTTP {status}")
    addresses = listening_addresses(stack.action_port)
    report("action server listening address", None if addresses == {"127.0.0.1"} else str(addresses))
    forged = requests.post(stack.action_url + "/webhook", json=forged_call(), timeout=30)
    report("action server forged call without the key", None if forged.status_code == 401 else f"HTTP {forged.status_code}")


def probe_lookups(stack: Stack, store: ComplaintStore) -> None:
    with_phone = file_complaint(stack, "probe-owner", PHONE)
    without = file_complaint(stack, "probe-owner-2", None)
    for ticket in (with_phone, without):
        store.update(ticket, "probe", status="in_progress", department="교통행정과", reply=REPLY)
    leaked = []
    # The pen test's walk (a growing suffix), then five wrong four-digit guesses, then the right one:
    # none may show the status (the last because the lookup is locked by then).
    for n, guess in enumerate(["8", "78", "678", "0357", "2357", "3357", "4357", "5357", "1357"]):
        session = f"probe-walk-{n}"
        chat(stack, session, "민원 조회", address=f"203.0.113.{n}")
        chat(stack, session, with_phone, address=f"203.0.113.{n}")
        if REPLY in chat(stack, session, guess, address=f"203.0.113.{n}")[1]:
            leaked.append(guess)
    report("phone digits walked out through the status lookup", f"revealed by {leaked}" if leaked else None)
    chat(stack, "probe-stranger", "민원 조회", address="203.0.113.200")
    answer = chat(stack, "probe-stranger", without, address="203.0.113.200")[1]
    report("short ticket number of a complaint without phone", "status or reply shown" if REPLY in answer
           or "처리중" in answer else None)
    statuses = [chat(stack, f"probe-next-{n}", f"2026-{n:06d}", address="203.0.113.99")[0] for n in range(12)]
    report("ticket numbers walked from one address", None if 429 in statuses else "never limited")


def probe_kakao(stack: Stack) -> None:
    body = {"userRequest": {"utterance": "취소", "user": {"id": "probe-owner"}}}
    status = requests.post(stack.web_url + "/kakao/skill", json=body, timeout=30).status_code
    report("KakaoTalk request without the skill key", None if status == 403 else f"HTTP {status}")
    with CallbackReceiver() as listener:
        port = listener.server.server_address[1]
        body["userRequest"]["callbackUrl"] = f"http://127.0.0.1:{port}\\@bot-api.kakao.com/../x"
        requests.post(stack.web_url + "/kakao/skill", json=body, headers={"X-Minwon-Skill-Key": KEY}, timeout=30)
        time.sleep(3)
        report("SSRF through the Kakao callback URL", f"{len(listener.received)} posts reached 127.0.0.1:{port}"
               if listener.received else None)
    limited = [requests.post(stack.web_url + "/kakao/skill", headers={"X-Minwon-Skill-Key": KEY}, timeout=30,
                             json={"userRequest": {"utterance": "안녕", "user": {"id": "probe-flood"}}})
               for _ in range(22)]
    report("KakaoTalk user never rate-limited", None if limited[-1].headers.get("Retry-After") else "22 answered")


def login(stack: Stack, username: str, password: str, address: str) -> requests.Session:
    client = requests.Session()
    client.headers["X-Forwarded-For"] = address
    form = client.get(stack.web_url + "/staff/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.last = client.post(stack.web_url + "/staff/login", allow_redirects=False, timeout=60,
                              data={"username": username, "password": password, "csrf_token": token})
    return client


def csrf(client: requests.Session, stack: Stack, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(stack.web_url + path, timeout=30).text).group(1)


def probe_console(stack: Stack, store: ComplaintStore) -> None:
    for name, role, department in (("probe-admin", "admin", ""), ("probe-clerk", "staff", "청소행정과")):
        subprocess.run([str(ROOT / ".venv/bin/minwon"), "staff", "add", name, "--role", role, "--password-stdin",
                        *(["--department", department] if department else [])], input="probe-password-1\n",
                       env=stack.env, cwd=ROOT, check=True, capture_output=True, text=True)
    ticket = next(c.ticket for c in store.listing() if c.phone)
    admin = login(stack, "probe-admin", "probe-password-1", "10.0.0.1")
    cookie = admin.cookies.get("session")
    secure = requests.Session()              # the form over http, the login as if through a TLS proxy
    secure.headers["X-Forwarded-For"] = "10.0.0.2"
    token = csrf(secure, stack, "/staff/login")
    again = secure.post(stack.web_url + "/staff/login", allow_redirects=False, timeout=60,
                        headers={"X-Forwarded-Proto": "https"},
                        data={"username": "probe-admin", "password": "probe-password-1", "csrf_token": token})
    report("Secure flag over HTTPS", None if "Secure" in again.headers.get("Set-Cookie", "") else "missing")
    admin.post(stack.web_url + "/staff/logout", data={"csrf_token": csrf(admin, stack, "/staff/complaints")}, timeout=30)
    thief = requests.Session()
    thief.cookies.set("session", cookie, path="/staff")
    reused = thief.get(f"{stack.web_url}/staff/complaints/{ticket}", allow_redirects=False, timeout=30)
    report("cookie saved before logout", f"HTTP {reused.status_code}" if reused.status_code != 302 else None)
    clerk = login(stack, "probe-clerk", "probe-password-1", "10.0.0.3")
    page = clerk.get(f"{stack.web_url}/staff/complaints/{ticket}", timeout=30).text
    report("another department's staff see the phone", "phone visible" if "1357" in page else None)
    frame = re.search(r"frame-ancestors ([^;]*)", clerk.get(stack.web_url + "/staff/login", timeout=30)
                      .headers["Content-Security-Policy"]).group(1)
    report("console framable", None if frame.strip() == "'none'" else frame)
    for _ in range(6):
        login(stack, "probe-admin", "wrong-password", "192.0.2.66")
    owner = login(stack, "probe-admin", "probe-password-1", "10.0.0.4").last
    report("account locked by a stranger", None if owner.status_code == 302 else f"owner got HTTP {owner.status_code}")
    def said(response) -> tuple[int, str]:
        error = re.search(r'id="login-error">(.*?)<', response.text, re.S)
        return response.status_code, re.sub(r"\d+초", "N초", error.group(1) if error else "")

    known = [said(login(stack, "probe-admin", "wrong", "192.0.2.70").last) for _ in range(5)]
    unknown = [said(login(stack, "nobody-probe", "wrong", "192.0.2.71").last) for _ in range(5)]
    same = [k == u for k, u in zip(known, unknown)]
    report("username enumeration at the login", None if all(same) else f"answers differ: {same}")
    probe_upload(stack, login(stack, "probe-admin", "probe-password-1", "10.0.0.5"))


def probe_upload(stack: Stack, admin: requests.Session) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bomb = workbook(Path(folder) / "bomb.xlsx", merge("A1:XFD1048576")).read_bytes()
    start = time.monotonic()
    response = admin.post(stack.web_url + "/staff/knowledge/upload", timeout=300, files={
        "file": ("bomb.xlsx", io.BytesIO(bomb))}, data={"kind": "faq", "faq_new": "bomb",
                                                        "csrf_token": csrf(admin, stack, "/staff/knowledge")})
    took = time.monotonic() - start
    alive = chat(stack, "probe-after-bomb", "안녕")[0]
    problem = None if response.status_code < 500 and took < 30 and alive == 200 else \
        f"HTTP {response.status_code} after {took:.1f} s; residents: HTTP {alive}"
    report(f"a tiny .xlsx bomb ({len(bomb)} bytes) in the console", problem)


def probe_bad_input(stack: Stack) -> None:
    deep = "[" * 30000 + "]" * 30000
    for path in ("/api/chat", "/kakao/skill", "/api/feedback"):
        status = requests.post(stack.web_url + path, data=deep, headers={"Content-Type": "application/json",
                                                                         "X-Minwon-Skill-Key": KEY}, timeout=30).status_code
        report(f"JSON nested 30,000 deep to {path}", None if status == 400 else f"HTTP {status}")
    surrogate = requests.post(stack.web_url + "/api/feedback", timeout=30, headers={"Content-Type": "application/json"},
                              data='{"session_id": "s", "rating": "down", "comment": "\\ud800"}').status_code
    report("lone surrogate in /api/feedback", None if surrogate == 400 else f"HTTP {surrogate}")
    admin = login(stack, "probe-admin", "probe-password-1", "10.0.0.6")
    crlf = admin.get(stack.web_url + "/staff/login", params={"next": "/staff\r\nSet-Cookie: x=1"},
                     allow_redirects=False, timeout=30)
    report("CR/LF in next=", None if crlf.status_code == 302 and "x=1" not in str(crlf.headers) else
           f"HTTP {crlf.status_code}")
    database = Path(stack.env["MINWON_DATA_DIR"]) / "minwon.db"
    mode = stat.S_IMODE(database.stat().st_mode)
    report("SQLite database (and phone vault) readable by others", None if mode == 0o600 else oct(mode))


def main() -> int:
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack(Path(workdir), {"MINWON_KAKAO_SKILL_KEY": KEY, "MINWON_TRUSTED_PROXIES": "1",
                                      "MINWON_KAKAO_WAIT_SECONDS": "0.001"}).start()
        try:
            store = ComplaintStore(f"sqlite:///{Path(stack.env['MINWON_DATA_DIR']) / 'minwon.db'}")
            for step in (probe_rasa_and_actions, lambda s: probe_lookups(s, store), probe_kakao,
                         lambda s: probe_console(s, store), probe_bad_input):
                step(stack)
        finally:
            stack.stop()
    print(f"\n{len(found)} probe(s) found something" + (f": {', '.join(found)}" if found else ""))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
