"""Notifications through the outbox on SQLite and PostgreSQL: written with the status change,
sent at least once with retries, dropped by the receiver when repeated, stopped by an opt-out."""
import datetime as dt

import pytest
from sqlalchemy import update

from bot.complaints.store import ComplaintStore, NewComplaint
from bot.notify.models import OutboxMessage
from bot.notify.outbox import Outbox, backoff
from bot.notify.providers import NhnCloudSms, TelegramProvider
from tests.fakes.nhn_sms import FakeNhnSms
from tests.fakes.telegram_api import FakeTelegram
from tests.handoff.conftest import post, staff_client


def file(store, key, **extra):
    new = NewComplaint(submission_key=key, category="illegal_dumping", dong="행당1동", location="행당로 1",
                       description="쓰레기 무단투기", **extra)
    return store.file(new, None)


def rows(outbox: Outbox) -> list[OutboxMessage]:
    with outbox._session() as session:
        return list(session.query(OutboxMessage).order_by(OutboxMessage.id))


def due_now(outbox: Outbox) -> None:
    """Skip the backoff wait (the test does not sleep through it)."""
    with outbox._session() as session, session.begin():
        session.execute(update(OutboxMessage).values(next_attempt_at=dt.datetime.now(dt.timezone.utc)))


def test_a_status_change_and_a_reply_queue_the_notice_in_the_same_transaction(app, settings):
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "n1", channel="telegram", notify_to="4242")
    quiet = file(store, "n2", channel="telegram")                     # did not agree: nothing is sent
    store.update(complaint.ticket, "lead", department="청소행정과")     # not a status or reply: nothing
    assert rows(outbox) == []
    store.update(complaint.ticket, "lead", status="in_progress")
    store.update(quiet.ticket, "lead", status="done")
    store.update(complaint.ticket, "lead", status="done", reply="치웠어요.")
    sent = rows(outbox)
    assert [(r.channel, r.recipient) for r in sent] == [("telegram", "4242")] * 2
    assert sent[0].text.startswith(f"민원 {complaint.full_ticket} 처리 상황: 처리중.")
    assert "답변: 치웠어요." in sent[1].text and sent[0].message_id != sent[1].message_id
    assert len(rows(outbox)) == 2


def test_a_change_that_fails_after_its_notice_was_queued_leaves_neither(app, settings, monkeypatch):
    import bot.complaints.store as complaint_store

    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "n6", channel="telegram", notify_to="4242")

    def queue_then_fail(session, *args):
        notice(session, *args)
        session.flush()                      # the outbox row is written in this transaction…
        raise RuntimeError("disk full")      # …and the transaction fails after it

    notice = complaint_store.complaint_notice
    monkeypatch.setattr(complaint_store, "complaint_notice", queue_then_fail)
    with pytest.raises(RuntimeError):
        store.update(complaint.ticket, "lead", status="done")
    assert rows(outbox) == [] and store.by_ticket(complaint.ticket).status == "received"


def test_sms_with_retries_backoff_and_one_delivery_per_message_id(app, settings):
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "n3", channel="kakao", phone="010-2345-6789")   # KakaoTalk: reached by SMS
    store.update(complaint.ticket, "lead", status="in_progress")
    with FakeNhnSms() as nhn:
        sms = NhnCloudSms(nhn.app_key, nhn.secret_key, "02-2286-5114", nhn.base_url)
        nhn.fail_next = 2
        assert outbox.deliver_due({"sms": sms}) == 0
        row = rows(outbox)[0]
        assert row.attempts == 1 and row.sent_at is None and "HTTP 500" in row.last_error
        assert outbox.deliver_due({"sms": sms}) == 0        # not due yet: the backoff holds it
        due_now(outbox)
        assert outbox.deliver_due({"sms": sms}) == 0
        due_now(outbox)
        assert outbox.deliver_due({"sms": sms}) == 1
        assert len(nhn.posted) == 3 and len(nhn.delivered) == 1    # posted three times, on the phone once
        assert nhn.posted[0]["recipientList"][0] == {"recipientNo": "01023456789",
                                                     "recipientGroupingKey": row.message_id}
        assert nhn.posted[0]["sendNo"] == "0222865114"
        assert outbox.deliver_due({"sms": sms}) == 0        # sent rows stay sent
        wrong = NhnCloudSms(nhn.app_key, "wrong", "02-2286-5114", nhn.base_url)
        store.update(complaint.ticket, "lead", status="done")
        assert outbox.deliver_due({"sms": wrong}) == 0 and "-1001" in rows(outbox)[-1].last_error
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 12)] == [5, 10, 20, 3600]


def test_telegram_notice_through_the_bot_api_and_the_opt_out(app, settings):
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "n4", channel="telegram", notify_to="4242")
    store.update(complaint.ticket, "lead", status="in_progress")
    with FakeTelegram() as telegram:
        provider = TelegramProvider(telegram.token, telegram.base_url)
        assert outbox.deliver_due({"telegram": provider}) == 1
        assert [r["text"] for r in telegram.requests("sendMessage", 4242)][0].startswith(
            f"민원 {complaint.full_ticket} 처리 상황: 처리중.")
    outbox.opt_out("telegram", "4242")
    store.update(complaint.ticket, "lead", status="done")
    assert len(rows(outbox)) == 1     # nothing new queued after the opt-out


def test_widget_notices_once_and_the_residents_opt_out_words(app, settings):
    store = ComplaintStore(settings.database)
    complaint = file(store, "n5", channel="web", notify_to="widget-1")
    staff = staff_client(app, "lead")
    post(staff, f"/staff/complaints/{complaint.ticket}", status="done", department="청소행정과",
         reply="수거했어요. 감사합니다.")
    resident = app.test_client()
    notices = resident.get("/api/notices?session_id=widget-1").get_json()["notices"]
    assert len(notices) == 1 and "답변: 수거했어요. 감사합니다." in notices[0]["text"]
    # a widget closed before it showed them gets them again: delivered only when acknowledged
    assert resident.get("/api/notices?session_id=widget-1").get_json()["notices"] == notices
    other = resident.post("/api/notices/ack", json={"session_id": "widget-2", "ids": [notices[0]["id"]]})
    assert other.get_json() == {"acknowledged": 0}            # only the widget it was for
    ack = resident.post("/api/notices/ack", json={"session_id": "widget-1", "ids": [notices[0]["id"]]})
    assert ack.get_json() == {"acknowledged": 1}
    assert resident.get("/api/notices?session_id=widget-1").get_json() == {"notices": []}
    assert resident.get("/api/notices").status_code == 400
    assert resident.post("/api/notices/ack", json={"session_id": "widget-1", "ids": []}).status_code == 400
    stop = resident.post("/api/chat", json={"session_id": "widget-1", "message": "알림 끄기"}).get_json()
    assert stop["messages"][0]["text"].startswith("이제 이곳으로 알림을 보내지 않아요.")
    post(staff, f"/staff/complaints/{complaint.ticket}", status="in_progress", department="청소행정과", reply="")
    assert resident.get("/api/notices?session_id=widget-1").get_json() == {"notices": []}


def test_a_telegram_resident_talking_to_staff_gets_the_replies_from_the_gateways_sender(tmp_path, district):
    """The whole way: a Telegram message held for staff, a staff reply in the console, the gateway's
    sender thread posting it with python-telegram-bot to the Bot API stand-in."""
    import shutil

    from bot import handoff
    from bot.handoff.inbox import Inbox
    from bot.settings import ROOT
    from bot.staff import StaffAccounts
    from channels.web import create_app
    from tests.handoff.conftest import MONDAY_10, PASSWORD

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    (knowledge / "faq").mkdir()
    with FakeTelegram() as telegram:
        app = create_app({"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge),
                          "rasa_url": "http://127.0.0.1:9", "telegram_token": telegram.token,
                          "telegram_base_url": telegram.base_url, "notify_interval_seconds": 0.2})
        try:
            settings = app.extensions["minwon.settings"]
            StaffAccounts(settings.database).create("lead", PASSWORD, "admin")
            handoff.request(settings, district, handoff.Request("telegram:555", "telegram", "ko", ""), MONDAY_10)
            held = app.extensions["minwon.conversation"].send("telegram", "555", "여보세요")
            assert held.source == "handoff" and held.messages[0]["text"].startswith("직원 연결을 기다리고 있어요")
            lead = staff_client(app, "lead")
            item = Inbox(settings.database).held("telegram:555")
            post(lead, f"/staff/inbox/{item.id}/take")
            post(lead, f"/staff/inbox/{item.id}/reply", text="민원실입니다. 말씀하세요.")
            assert telegram.wait_for(lambda: len(telegram.requests("sendMessage", 555)) >= 2, timeout=20)
            assert [r["text"] for r in telegram.requests("sendMessage", 555)] == [
                "민원실 직원과 연결됐어요. 말씀해 주세요.", "민원실입니다. 말씀하세요."]
        finally:
            app.extensions["minwon.notify"].stop()


def test_a_resident_who_left_a_number_is_told_in_the_conversation_they_filed_from(app, settings):
    store = ComplaintStore(settings.database)
    agreed = file(store, "n7", channel="telegram", conversation="telegram:4242", phone="010-2345-6789")
    declined = file(store, "n8", channel="telegram", conversation="telegram:4343")
    assert agreed.notify_to == "4242" and declined.notify_to is None
