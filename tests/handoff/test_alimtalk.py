"""Complaint notices by 카카오 알림톡 through the outbox, on SQLite and PostgreSQL, driven by requests
against a loopback stand-in of NHN Cloud's KakaoTalk Bizmessage API v2.3: the approved template filled,
at least once with retries, once on the phone however often it is posted (the message id), NHN's SMS
대체 발송 when the district asks for it, and the KakaoTalk resident's "알림 끄기"."""
import dataclasses

import pytest

from bot.complaints.store import ComplaintStore
from bot.notify.alimtalk import AlimtalkNotices, NhnCloudAlimtalk
from bot.notify.outbox import Outbox
from bot.notify.providers import NhnCloudSms, providers_from
from tests.fakes.nhn_alimtalk import FakeNhnAlimtalk
from tests.handoff.conftest import make_app
from tests.handoff.test_notifications import due_now, file, rows
from tests.test_kakao import skill_payload


@pytest.fixture()
def nhn():
    with FakeNhnAlimtalk() as fake:
        yield fake


def alimtalk_settings(settings, nhn, **more):
    return dataclasses.replace(settings, alimtalk_app_key=nhn.app_key, alimtalk_secret_key=nhn.secret_key,
                               alimtalk_sender_key=nhn.sender_key, alimtalk_base_url=nhn.base_url,
                               alimtalk_notice_template="MW_NOTICE", alimtalk_reply_template="MW_REPLY", **more)


def notices(nhn, timeout: float = 10.0, fallback: str = "") -> AlimtalkNotices:
    client = NhnCloudAlimtalk(nhn.app_key, nhn.secret_key, nhn.sender_key, nhn.base_url, "성동구", fallback, timeout)
    return AlimtalkNotices(client, "MW_NOTICE")


def test_a_kakao_residents_notice_goes_by_alimtalk_in_the_approved_template(app, settings, nhn):
    providers = providers_from(alimtalk_settings(settings, nhn, sms_app_key="smsKey"))
    assert isinstance(providers["sms"], AlimtalkNotices)          # 알림톡 before SMS when both are set
    assert not isinstance(providers_from(settings).get("sms"), AlimtalkNotices)
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "a1", channel="kakao", phone="010-2345-6789")
    store.update(complaint.ticket, "lead", status="done", reply="치웠어요.")
    assert outbox.deliver_due(providers) == 1
    row = rows(outbox)[0]
    sent = nhn.posted[0]
    assert sent["senderKey"] == nhn.sender_key and sent["templateCode"] == "MW_NOTICE"
    assert sent["recipientList"][0]["recipientNo"] == "01023456789"
    assert sent["recipientList"][0]["recipientGroupingKey"] == row.message_id
    assert sent["recipientList"][0]["templateParameter"] == {"기관": "성동구", "안내": row.text}
    assert "resendParameter" not in sent["recipientList"][0]      # the district did not ask for SMS 대체 발송
    assert nhn.delivered[0]["text"].startswith("안녕하세요, 성동구입니다. 접수하신 민원의 처리 상황을 알려 드립니다.\n\n"
                                               f"민원 {complaint.full_ticket} 처리 상황: 완료. 답변: 치웠어요.")


def test_retries_with_backoff_and_one_alimtalk_however_often_it_is_posted(app, settings, nhn):
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "a2", channel="kakao", phone="010-2345-6789")
    store.update(complaint.ticket, "lead", status="in_progress")
    nhn.fail_next = 1
    assert outbox.deliver_due({"sms": notices(nhn)}) == 0
    assert "HTTP 500" in rows(outbox)[0].last_error and rows(outbox)[0].attempts == 1
    assert outbox.deliver_due({"sms": notices(nhn)}) == 0                # the backoff holds it
    nhn.hold.clear()                       # NHN takes the next one but its answer never comes back in time
    due_now(outbox)
    assert outbox.deliver_due({"sms": notices(nhn, timeout=0.5)}) == 0
    assert nhn.held.is_set() and "did not answer" in rows(outbox)[0].last_error
    nhn.hold.set()
    due_now(outbox)
    assert outbox.deliver_due({"sms": notices(nhn)}) == 1   # sent again with the same key: NHN refuses, it was there
    assert len(nhn.posted) == 3 and len(nhn.delivered) == 1
    assert rows(outbox)[0].sent_at is not None and rows(outbox)[0].attempts == 3
    assert outbox.deliver_due({"sms": notices(nhn)}) == 0


def test_a_refusal_is_retried_and_nothing_reaches_the_phone(app, settings, nhn):
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    complaint = file(store, "a3", channel="kakao", phone="010-2345-6789")
    store.update(complaint.ticket, "lead", status="in_progress")
    wrong = NhnCloudAlimtalk(nhn.app_key, "wrong-secret", nhn.sender_key, nhn.base_url, "성동구")
    assert outbox.deliver_due({"sms": AlimtalkNotices(wrong, "MW_NOTICE")}) == 0
    assert "HTTP 401 -1001" in rows(outbox)[0].last_error and nhn.delivered == []
    unapproved = NhnCloudAlimtalk(nhn.app_key, nhn.secret_key, nhn.sender_key, nhn.base_url, "성동구")
    due_now(outbox)
    assert outbox.deliver_due({"sms": AlimtalkNotices(unapproved, "NOT_APPROVED")}) == 0
    assert "HTTP 400" in rows(outbox)[0].last_error and nhn.delivered == []


def test_nhn_sends_an_sms_instead_when_the_district_asks_and_the_phone_has_no_kakaotalk(app, settings, nhn):
    store, outbox = ComplaintStore(settings.database), Outbox(settings.database)
    nhn.without_kakaotalk = {"01023456789", "01098765432"}
    for key, phone in (("a4", "010-2345-6789"), ("a5", "010-9876-5432")):
        store.update(file(store, key, channel="kakao", phone=phone).ticket, "lead", status="done")
    with_fallback = providers_from(alimtalk_settings(settings, nhn, alimtalk_sms_fallback=True,
                                                     sms_sender="02-2286-5114"))["sms"]
    first = rows(outbox)[0]
    with_fallback.send(first.recipient, first.text, first.message_id)
    notices(nhn).send(rows(outbox)[1].recipient, rows(outbox)[1].text, rows(outbox)[1].message_id)
    assert nhn.posted[0]["recipientList"][0]["resendParameter"] == {"isResend": True, "resendSendNo": "0222865114"}
    assert [(d["to"], d["via"]) for d in nhn.delivered] == [("01023456789", "sms")]   # the other could not get it


def test_a_kakao_resident_writing_stop_notices_in_the_channel_gets_none_on_the_phone(tmp_path, database_url):
    app = make_app(tmp_path, database_url, kakao_skill_key="key-1")
    store, outbox = ComplaintStore(database_url), Outbox(database_url)
    complaint = file(store, "a6", channel="kakao", conversation="kakao:kuser", phone="010-2345-6789")
    answer = app.test_client().post("/kakao/skill", json=skill_payload("알림 끄기", user="kuser"),
                                    headers={"X-Minwon-Skill-Key": "key-1"}).get_json()
    assert answer["template"]["outputs"][0]["simpleText"]["text"].startswith("이제 이곳으로 알림을 보내지 않아요.")
    store.update(complaint.ticket, "lead", status="done")
    assert rows(outbox) == []
    other = file(store, "a7", channel="kakao", conversation="kakao:another", phone="010-2345-6789")
    store.update(other.ticket, "lead", status="done")
    assert [r.channel for r in rows(outbox)] == ["sms"]      # another KakaoTalk user's complaint: still told


def test_the_sms_provider_still_serves_a_district_without_alimtalk(settings):
    assert isinstance(providers_from(dataclasses.replace(settings, sms_app_key="k"))["sms"], NhnCloudSms)
