""""Now" goes from the gateway to the actions in the message metadata; the test clock
(MINWON_TEST_CLOCK=true, never in production) lets a request's X-Minwon-Now header set it."""
from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.turn
from actions.community import ActionEvents
from actions.turn import now_of
from bot.settings import Settings
from channels.web import create_app
from tests.conftest import TODAY
from tests.test_rasa_client import FakeRasa

SEOUL = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture()
def rasa():
    fake = FakeRasa("행당2동 배출 요일이에요.")
    yield fake
    fake.close()


def gateway(rasa: FakeRasa, tmp_path, test_clock: bool):
    return create_app({"rasa_url": rasa.url, "data_dir": str(tmp_path), "today": TODAY.isoformat(),
                       "test_clock": test_clock}).test_client()


def chat(client, now: str | None = None):
    return client.post("/api/chat", json={"session_id": "s", "message": "행당2동 쓰레기 언제 버려요"},
                       headers={"X-Minwon-Now": now} if now else {})


def test_the_test_clock_sets_now_for_the_turn(rasa, tmp_path):
    client = gateway(rasa, tmp_path, test_clock=True)
    late = chat(client, "2026-11-25T23:40")
    assert late.status_code == 200 and late.headers["X-Minwon-Now"] == "2026-11-25T23:40+09:00"
    assert chat(client, "2026-11-27T05:10:00Z").headers["X-Minwon-Now"] == "2026-11-27T14:10+09:00"
    assert [r["body"]["metadata"]["now"] for r in rasa.received] == ["2026-11-25T23:40:00+09:00",
                                                                     "2026-11-27T14:10:00+09:00"]
    without = chat(client)
    assert "X-Minwon-Now" not in without.headers
    assert dt.datetime.fromisoformat(rasa.received[-1]["body"]["metadata"]["now"]).date() == TODAY
    wrong = chat(client, "tonight")
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["message"] == \
        "X-Minwon-Now must be an ISO date and time in Seoul time, e.g. 2026-11-25T23:40."


def test_without_the_test_clock_the_header_changes_nothing(rasa, tmp_path):
    client = gateway(rasa, tmp_path, test_clock=False)
    for header in ("2030-01-01T03:00", "tonight"):
        response = chat(client, header)
        assert response.status_code == 200 and "X-Minwon-Now" not in response.headers
    for received in rasa.received:
        now = dt.datetime.fromisoformat(received["body"]["metadata"]["now"])
        assert now.date() == TODAY and now.utcoffset() == dt.timedelta(hours=9)


def test_settings_now_is_seoul_time_on_the_pinned_day():
    assert Settings.load({"today": "2026-11-25"}, environ={}).now().date() == TODAY
    real = Settings.load({}, environ={}).now()
    assert real.utcoffset() == dt.timedelta(hours=9)
    assert abs(real - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)
    assert Settings.load({}, environ={}).test_clock is False


def tracker(text: str, metadata: dict) -> Tracker:
    latest = {"text": text, "intent": {"name": "events_search", "confidence": 0.9}, "entities": [],
              "metadata": metadata}
    return Tracker("web:s", {}, latest, [], False, None, {}, "action_listen")


def test_the_actions_read_now_from_the_metadata(monkeypatch, tmp_path):
    monkeypatch.setattr(actions.turn, "settings",
                        lambda: Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={}))
    assert now_of(tracker("hi", {"now": "2026-12-02T23:40:00+09:00"})) == dt.datetime(2026, 12, 2, 23, 40, tzinfo=SEOUL)
    assert now_of(tracker("hi", {"now": "2026-12-02T14:40:00+00:00"})).hour == 23
    for metadata in ({}, {"now": "garbage"}, {"now": 3}):   # an older gateway, or a bad value: this process's clock
        assert now_of(tracker("hi", metadata)).date() == TODAY

    dispatcher = CollectingDispatcher()
    asyncio.run(ActionEvents().run(dispatcher, tracker("이번 주말 행사 있어요?", {"now": "2026-12-02T10:00:00+09:00"}), {}))
    assert dispatcher.messages[0]["text"].startswith("12월 5일(토) ~ 12월 6일(일)")
