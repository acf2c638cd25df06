"""A KakaoTalk resident talking to a member of staff, through real Open Builder skill requests to
/kakao/skill on SQLite and PostgreSQL: staff lines ride the answer to the resident's next message, go
through the callbackUrl of their last message while it is held, or, missed in the chat, by 알림톡 (NHN
Cloud's API stand-in) to the phone they left with consent. Rasa is a scripted stand-in that records every
turn, so a bot answer while a person holds the conversation would show."""
import datetime as dt
import time

import pytest
from sqlalchemy import update

from bot.complaints.retention import purge
from bot.handoff.inbox import Inbox
from bot.notify.models import OutboxMessage
from bot.notify.outbox import MAX_ATTEMPTS, Outbox
from bot.notify.providers import providers_from
from tests.fakes.callback_receiver import CallbackReceiver
from tests.fakes.nhn_alimtalk import FakeNhnAlimtalk
from tests.handoff.conftest import make_app, post, staff_client
from tests.handoff.test_live_handoff import ask_for_person
from tests.test_kakao import skill_payload
from tests.test_reception import ScriptedRasa

KEY = {"X-Minwon-Skill-Key": "key-1"}
BOT = "봇의 답이에요."
HOLD = 1.5


@pytest.fixture()
def rasa():
    fake = ScriptedRasa()
    fake.reply = [{"text": BOT}]
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture()
def alimtalk():
    with FakeNhnAlimtalk() as fake:
        yield fake


@pytest.fixture()
def kakao(tmp_path, database_url, rasa, alimtalk):
    return make_app(tmp_path, database_url, rasa_url=rasa.url, kakao_skill_key="key-1",
                    kakao_callback_hosts="127.0.0.1", kakao_callback_loopback=True, kakao_callback_hold_seconds=HOLD,
                    alimtalk_app_key=alimtalk.app_key, alimtalk_secret_key=alimtalk.secret_key,
                    alimtalk_sender_key=alimtalk.sender_key, alimtalk_base_url=alimtalk.base_url,
                    alimtalk_notice_template="MW_NOTICE", alimtalk_reply_template="MW_REPLY")


def says(client, text, user="k1", callback=None) -> dict:
    response = client.post("/kakao/skill", json=skill_payload(text, user=user, callback=callback), headers=KEY)
    assert response.status_code == 200
    return response.get_json()


def texts(answer: dict) -> list[str]:
    return [o["simpleText"]["text"] for o in answer["template"]["outputs"]]


def talking(kakao, district, user="k1"):
    """A resident queued in office hours and taken by the cleaning department's staff member."""
    settings = kakao.extensions["minwon.settings"]
    guidance = ask_for_person(settings, district, session=user, channel="kakao")
    cleaner = staff_client(kakao, "cleaner")
    item = Inbox(settings.database).held(f"kakao:{user}")
    assert post(cleaner, f"/staff/inbox/{item.id}/take").status_code == 302
    return guidance, cleaner, item


def test_staff_lines_come_with_the_answer_to_the_residents_next_message_and_never_with_the_bots(
        kakao, district, rasa):
    settings = kakao.extensions["minwon.settings"]
    resident = kakao.test_client()
    guidance = ask_for_person(settings, district, session="k1", channel="kakao")
    assert guidance.text.startswith("청소행정과 직원에게 연결하고 있어요. 지금 대기 1번째")
    assert texts(says(resident, "여보세요")) == ["직원 연결을 기다리고 있어요 (대기 1번째, 약 3분). 남기신 말씀은 직원에게 전해져요."]
    cleaner = staff_client(kakao, "cleaner")
    item = Inbox(settings.database).held("kakao:k1")
    post(cleaner, f"/staff/inbox/{item.id}/take")
    post(cleaner, f"/staff/inbox/{item.id}/reply", text="청소행정과입니다. 어느 동이세요?")
    assert texts(says(resident, "왕십리2동이요")) == [
        "청소행정과 직원과 연결됐어요. 말씀해 주세요.\n\n청소행정과입니다. 어느 동이세요?", "직원에게 전했어요."]
    assert texts(says(resident, "음식물 쓰레기가 안 치워졌어요")) == ["직원에게 전했어요."]   # nothing twice
    post(cleaner, f"/staff/inbox/{item.id}/reply", text="수거 요청을 넣었어요.")
    post(cleaner, f"/staff/inbox/{item.id}/return")
    assert rasa.received == []                              # the bot never answered while a person held it
    back = texts(says(resident, "고마워요"))
    assert back == ["수거 요청을 넣었어요.\n\n직원이 상담을 마치고 챗봇으로 돌려드렸어요. 더 궁금한 점은 물어보세요.", BOT]
    assert len(rasa.received) == 1                          # the bot again, after the staff's last lines
    assert texts(says(resident, "쓰레기 언제 버려요")) == [BOT]
    transcript = [m.text for m in Inbox(settings.database).messages(item.id) if m.author == "resident"]
    assert transcript[-2:] == ["왕십리2동이요", "음식물 쓰레기가 안 치워졌어요"]
    outbox = Outbox(settings.database)
    with outbox._session() as session:
        rows = session.query(OutboxMessage).filter_by(channel="kakao", recipient="k1").all()
    assert len(rows) == 4 and all(r.sent_at is not None for r in rows)


def test_a_staff_line_goes_through_the_callback_of_the_residents_last_message(kakao, district):
    _, cleaner, item = talking(kakao, district)
    resident = kakao.test_client()
    assert texts(says(resident, "안녕하세요")) == ["청소행정과 직원과 연결됐어요. 말씀해 주세요.", "직원에게 전했어요."]
    with CallbackReceiver() as receiver:
        held = says(resident, "왕십리2동이요", callback=receiver.url("/v1/callback/first"))
        assert held == {"version": "2.0", "useCallback": True, "data": {"text": "직원에게 전했어요."}}
        post(cleaner, f"/staff/inbox/{item.id}/reply", text="확인했어요. 바로 수거를 요청할게요.")
        posted = receiver.wait_for(1, timeout=HOLD + 5)
        time.sleep(HOLD + 0.5)                                  # and nothing more once the hold ends
    assert [(r["path"], texts(r["json"])) for r in posted] == [
        ("/v1/callback/first", ["확인했어요. 바로 수거를 요청할게요."])]
    assert texts(says(resident, "감사합니다")) == ["직원에게 전했어요."]   # not again in the chat


def test_with_no_staff_line_in_time_the_callback_says_where_the_reply_will_come(kakao, district):
    _, cleaner, item = talking(kakao, district)
    resident = kakao.test_client()
    says(resident, "안녕하세요")                                   # the greeting is shown
    with CallbackReceiver() as receiver:
        held = says(resident, "왕십리2동이요", callback=receiver.url())
        assert held == {"version": "2.0", "useCallback": True, "data": {"text": "직원에게 전했어요."}}
        posted = receiver.wait_for(1, timeout=HOLD + 5)
    assert texts(posted[0]["json"]) == ["직원의 답을 기다리고 있어요. 답이 오면 다음에 말씀하실 때 함께 보여 드려요."]
    post(cleaner, f"/staff/inbox/{item.id}/reply", text="늦어서 죄송해요.")
    assert texts(says(resident, "여보세요?")) == ["늦어서 죄송해요.", "직원에게 전했어요."]


def test_a_resident_who_writes_again_gets_the_reply_on_the_newer_callback_only(kakao, district):
    _, cleaner, item = talking(kakao, district)
    resident = kakao.test_client()
    says(resident, "안녕하세요")
    with CallbackReceiver() as receiver:
        assert says(resident, "하나", callback=receiver.url("/v1/callback/one"))["useCallback"] is True
        assert says(resident, "둘", callback=receiver.url("/v1/callback/two"))["useCallback"] is True
        post(cleaner, f"/staff/inbox/{item.id}/reply", text="네, 말씀하세요.")
        receiver.wait_for(1, timeout=HOLD + 5)
        time.sleep(HOLD + 0.5)                                    # the older hold has ended meanwhile
    assert [(r["path"], texts(r["json"])) for r in receiver.received] == [("/v1/callback/two", ["네, 말씀하세요."])]


def test_a_line_missed_in_the_chat_goes_by_alimtalk_to_the_phone_left_with_consent(kakao, district, alimtalk):
    settings = kakao.extensions["minwon.settings"]
    guidance, cleaner, item = talking(kakao, district)
    assert "답을 휴대전화로도 받으시려면 번호를 써 주세요" in guidance.text
    resident = kakao.test_client()
    assert texts(says(resident, "010-2345-6789로 알려 주세요")) == [
        "청소행정과 직원과 연결됐어요. 말씀해 주세요.", "직원의 답을 010-****-6789(으)로도 알려 드릴게요."]
    inbox = Inbox(settings.database)
    assert inbox.consented_phone("kakao:k1") == "010-2345-6789" and inbox.get(item.id).consent_at is not None
    assert "010-****-6789로 알려 주세요" in [m.text for m in inbox.messages(item.id)]   # staff see it masked
    post(cleaner, f"/staff/inbox/{item.id}/reply", text="내일 오전에 수거할게요.")
    outbox, providers = Outbox(settings.database), providers_from(settings)
    hold = {"kakao": settings.kakao_reply_notice_seconds}
    assert outbox.deliver_due(providers, hold=hold) == 0 and alimtalk.posted == []   # the chat first
    with outbox._session() as session, session.begin():
        session.execute(update(OutboxMessage).values(created_at=dt.datetime.now(dt.timezone.utc)
                                                     - dt.timedelta(minutes=3)))
    assert outbox.deliver_due(providers, hold=hold) == 1
    assert [(d["to"], d["template"], d["via"]) for d in alimtalk.delivered] == [("01023456789", "MW_REPLY", "alimtalk")]
    assert alimtalk.delivered[0]["text"] == ("[성동구] 상담 직원이 답했어요.\n\n내일 오전에 수거할게요.\n\n"
                                             "카카오톡 채널에서 이어서 대화하세요.")
    assert texts(says(resident, "네 알겠어요")) == ["직원에게 전했어요."]   # 알림톡 arrives in the same chat room
    assert purge(settings, days=1).phones == 0                          # kept for the retention period…
    assert purge(settings, days=0, at=dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)).phones == 1
    assert inbox.consented_phone("kakao:k1") is None                     # …then deleted like a complaint's


def test_without_a_phone_a_missed_line_waits_for_the_residents_next_message(kakao, district, alimtalk):
    settings = kakao.extensions["minwon.settings"]
    _, cleaner, item = talking(kakao, district)
    resident = kakao.test_client()
    says(resident, "안녕하세요")
    post(cleaner, f"/staff/inbox/{item.id}/reply", text="말씀하세요.")
    outbox = Outbox(settings.database)
    assert outbox.deliver_due(providers_from(settings), hold={"kakao": 0}) == 0
    with outbox._session() as session:
        row = session.query(OutboxMessage).filter_by(channel="kakao").order_by(OutboxMessage.id.desc()).first()
    assert row.sent_at is None and row.attempts == MAX_ATTEMPTS and "next KakaoTalk message" in row.last_error
    assert outbox.deliver_due(providers_from(settings), hold={"kakao": 0}) == 0 and alimtalk.posted == []
    assert texts(says(resident, "여보세요")) == ["말씀하세요.", "직원에게 전했어요."]


def test_a_slow_answer_by_callback_after_the_handoff_brings_the_staffs_last_lines_first(
        tmp_path, database_url, rasa, district):
    slow = make_app(tmp_path, database_url, rasa_url=rasa.url, kakao_skill_key="key-1",
                    kakao_callback_hosts="127.0.0.1", kakao_callback_loopback=True, kakao_wait_seconds=0.001)
    _, cleaner, item = talking(slow, district)
    post(cleaner, f"/staff/inbox/{item.id}/reply", text="처리했어요.")
    post(cleaner, f"/staff/inbox/{item.id}/close")
    with CallbackReceiver() as receiver:
        waiting = says(slow.test_client(), "쓰레기 언제 버려요", callback=receiver.url())
        assert waiting["useCallback"] is True and waiting["data"]["text"].startswith("답변을 준비하고 있어요")
        posted = receiver.wait_for(1)
    assert texts(posted[0]["json"]) == [
        "청소행정과 직원과 연결됐어요. 말씀해 주세요.\n\n처리했어요.\n\n직원이 상담을 마쳤어요. 이용해 주셔서 고마워요.", BOT]
