"""PostgreSQL out of reach (a port nobody listens on) while residents write: the handoff state
(bot/handoff/inbox.Inbox.held) cannot be read, and the resident still gets kind words, never a 500.
With no inbox to read, the bot answers rather than nobody; nothing is acknowledged that was not stored."""
import shutil

import pytest

from bot.settings import ROOT
from channels.web import create_app
from tests.test_kakao import skill_payload
from tests.test_reception import ScriptedRasa

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test"
KEY = {"X-Minwon-Skill-Key": "key-1"}


@pytest.fixture()
def rasa():
    fake = ScriptedRasa()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture()
def gateway(tmp_path, rasa):
    """The gateway of tests/handoff/conftest.py (no staff accounts: they live in the database)."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    (knowledge / "faq").mkdir()
    return create_app({"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge),
                       "database_url": UNREACHABLE, "rasa_url": rasa.url, "kakao_skill_key": "key-1",
                       "handoff_heartbeat_seconds": 0.2, "handoff_stream_seconds": 1.0, "test_clock": True})


def test_a_kakao_resident_gets_the_bots_answer_when_the_inbox_cannot_be_read(gateway, rasa):
    """The bot's answer says a person is being asked for (source handoff): the skill looks up whether a person
    holds the conversation, to hold Kakao's callback for their lines; with no database it answers as it is."""
    rasa.reply = [{"text": "직원 연결을 준비하고 있어요."}, {"custom": {"source": "handoff"}}]
    response = gateway.test_client().post("/kakao/skill", json=skill_payload("상담원 연결해 주세요", user="k1"),
                                          headers=KEY)
    assert response.status_code == 200
    assert response.get_json()["template"]["outputs"] == [{"simpleText": {"text": "직원 연결을 준비하고 있어요."}}]


def test_a_web_resident_gets_the_bots_answer_when_the_inbox_cannot_be_read(gateway, rasa):
    rasa.reply = [{"text": "봇의 답이에요."}]
    response = gateway.test_client().post("/api/chat", json={"session_id": "s1", "message": "여보세요"})
    assert response.status_code == 200 and response.get_json()["messages"] == [{"text": "봇의 답이에요."}]


def test_the_widgets_live_stream_is_refused_kindly_and_tried_again(gateway):
    """The widget retries a refused stream (widget.js listen()); its lines stay in the database meanwhile."""
    response = gateway.test_client().get("/api/live?session_id=s1")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "잠시 후" in response.get_json()["error"]["message"]


def test_notices_are_refused_kindly_and_kept(gateway):
    client = gateway.test_client()
    response = client.get("/api/notices?session_id=s1")
    assert response.status_code == 503 and response.headers["Retry-After"]
    response = client.post("/api/notices/ack", json={"session_id": "s1", "ids": ["1"]})
    assert response.status_code == 503 and response.headers["Retry-After"]


def test_a_live_stream_whose_database_goes_away_ends_for_the_browser_to_come_back(tmp_path):
    """PostgreSQL reached through a relay that is cut mid-stream: the stream ends without "end" (which would
    hand the conversation back to the bot in the widget) and without an error, and the browser reconnects."""
    from bot.handoff.inbox import Inbox
    from bot.storage import _engines
    from tests.databases import postgres_database
    from tests.fakes.cut_wire import CutWire

    with postgres_database() as direct:
        wire = CutWire()
        url = direct.replace("127.0.0.1:5432", f"127.0.0.1:{wire.port}")
        knowledge = tmp_path / "knowledge"
        shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
        (knowledge / "faq").mkdir()
        app = create_app({"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge), "database_url": url,
                          "rasa_url": "http://127.0.0.1:9", "handoff_heartbeat_seconds": 0.2,
                          "handoff_stream_seconds": 30.0, "test_clock": True})
        Inbox(url).open_request("web:s1", "web", "ko", "청소행정과", transcript=[("resident", "직원 연결해 주세요")])
        response = app.test_client().get("/api/live?session_id=s1", buffered=False)
        assert response.status_code == 200
        chunks = iter(response.response)
        assert next(chunks) == b"retry: 2000\n\n" and next(chunks) == b": keep-alive\n\n"   # held, waiting
        wire.cut()
        rest = b"".join(chunks)      # the stream ends, within the heartbeat; no exception reaches the server
        assert b"event: end" not in rest
        response.close()
        engine = _engines.pop(url, None)   # its connections went through the relay, which is gone
        if engine is not None:
            engine.dispose()
