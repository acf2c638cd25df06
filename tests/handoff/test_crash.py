"""kill -9 of the gateway between a complaint's status change and its notification, then a
restart: the resident gets the notice exactly once. Two moments: after the commit before any
send, and in the middle of the send (the provider has the message, the gateway never heard back:
it sends again with the same message id and the receiver drops the repeat), with NHN's SMS and its
알림톡 (which refuses the repeated idempotency key: the provider finds the first one in NHN's list)."""
from __future__ import annotations

import re
import signal
import time

import pytest
import requests
from sqlalchemy import select

from bot.complaints.store import ComplaintStore, NewComplaint
from bot.notify.models import OutboxMessage
from bot.notify.outbox import Outbox
from bot.staff import StaffAccounts
from tests.databases import postgres_database
from tests.fakes.nhn_alimtalk import FakeNhnAlimtalk
from tests.fakes.nhn_sms import FakeNhnSms
from tests.handoff.gateway import Gateway

pytestmark = pytest.mark.e2e
PASSWORD = "crash-test-password"


@pytest.fixture()
def database():
    with postgres_database() as url:
        yield url


def gateway(tmp_path, database, nhn, interval: float) -> Gateway:
    if isinstance(nhn, FakeNhnAlimtalk):   # the phone notices go by 알림톡
        provider = {"MINWON_ALIMTALK_APP_KEY": nhn.app_key, "MINWON_ALIMTALK_SECRET_KEY": nhn.secret_key,
                    "MINWON_ALIMTALK_SENDER_KEY": nhn.sender_key, "MINWON_ALIMTALK_BASE_URL": nhn.base_url,
                    "MINWON_ALIMTALK_NOTICE_TEMPLATE": "MW_NOTICE"}
    else:
        provider = {"MINWON_SMS_APP_KEY": nhn.app_key, "MINWON_SMS_SECRET_KEY": nhn.secret_key,
                    "MINWON_SMS_SENDER": "02-2286-5114", "MINWON_SMS_BASE_URL": nhn.base_url}
    return Gateway(tmp_path, database, env_overrides={
        **provider, "MINWON_NOTIFY_INTERVAL_SECONDS": str(interval), "MINWON_NOTIFY_CLAIM_SECONDS": "2"}).start()


def change_status(web: Gateway, ticket: str) -> None:
    """As a member of staff in the console: log in, mark the complaint done."""
    staff = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get(web.url + "/staff/login").text).group(1)
    staff.post(web.url + "/staff/login", data={"username": "lead", "password": PASSWORD, "csrf_token": token})
    page = staff.get(f"{web.url}/staff/complaints/{ticket}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = staff.post(f"{web.url}/staff/complaints/{ticket}", allow_redirects=False,
                        data={"csrf_token": token, "status": "done", "department": "청소행정과", "reply": "치웠어요."})
    assert answer.status_code == 302


def filed(database: str) -> str:
    StaffAccounts(database).create("lead", PASSWORD, "admin")
    new = NewComplaint(submission_key="crash", category="illegal_dumping", dong="행당1동", location="행당로 1",
                       description="무단투기", phone="010-2345-6789", channel="kakao")
    return ComplaintStore(database).file(new, None).ticket


def sent_rows(database: str) -> list[OutboxMessage]:
    outbox = Outbox(database)
    with outbox._session() as session:
        return list(session.scalars(select(OutboxMessage)))


def test_killed_after_the_commit_before_sending(tmp_path, database):
    ticket = filed(database)
    with FakeNhnSms() as nhn:
        first = gateway(tmp_path, database, nhn, interval=3600)    # its sender would wait an hour
        change_status(first, ticket)
        first.process.signal_all(signal.SIGKILL)
        first.process.popen.wait()
        assert nhn.posted == [] and len(sent_rows(database)) == 1   # committed, not sent
        second = gateway(tmp_path, database, nhn, interval=0.2)
        try:
            assert nhn.wait_for(1)
            time.sleep(1)
            assert len(nhn.posted) == 1 and len(nhn.delivered) == 1
            assert "민원" in next(iter(nhn.delivered.values()))["text"]
        finally:
            second.stop()
    assert sent_rows(database)[0].sent_at is not None


@pytest.mark.parametrize("stand_in", [FakeNhnSms, FakeNhnAlimtalk], ids=["sms", "alimtalk"])
def test_killed_while_the_provider_holds_the_message(tmp_path, database, stand_in):
    ticket = filed(database)
    with stand_in() as nhn:
        nhn.hold.clear()
        first = gateway(tmp_path, database, nhn, interval=0.2)
        change_status(first, ticket)
        assert nhn.held.wait(30)                  # the provider has it; the gateway waits for the answer
        first.process.signal_all(signal.SIGKILL)
        first.process.popen.wait()
        nhn.hold.set()
        second = gateway(tmp_path, database, nhn, interval=0.2)
        try:
            deadline = time.monotonic() + 30
            while sent_rows(database)[0].sent_at is None and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            second.stop()
        assert len(nhn.posted) == 2               # at least once: sent again after the crash…
        assert len(nhn.delivered) == 1            # …and on the resident's phone once (same message id)
    assert sent_rows(database)[0].sent_at is not None
