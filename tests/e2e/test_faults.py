"""Faults with real processes stopped and started: the resident always gets words."""
import time

import pytest
import requests

pytestmark = pytest.mark.e2e


def wait_for(url: str, ok: bool, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            up = requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            up = False
        if up == ok:
            return
        time.sleep(0.5)
    raise AssertionError(f"{url} still {'down' if ok else 'up'}")


def test_rasa_down_degraded_faq_answers_and_recovery(stack):
    rasa = stack.processes["rasa"]
    rasa.stop()
    try:
        health = requests.get(stack.web_url + "/healthz", timeout=10)
        assert health.status_code == 503 and health.json()["components"]["rasa"] == "down"
        reply = stack.chat("e2e-degraded", "재산세 언제 내는 거예요?")
        assert reply["messages"][0]["text"].startswith("지금은 일부 기능을 점검하고 있어")
        assert reply["citations"][0]["id"] == "tax-001" and reply["source"] == "faq"
        other = stack.chat("e2e-degraded", "쓰레기 언제 버려요")
        assert other["source"] in ("faq", "fallback")
    finally:
        rasa.start()
        wait_for(stack.web_url + "/healthz", ok=True)
    back = stack.chat("e2e-degraded-2", "안녕하세요")
    assert back["intent"]["name"] == "greet"


def test_action_server_down_gives_canned_text_then_recovers(stack):
    actions = stack.processes["actions"]
    actions.stop()
    try:
        reply = stack.chat("e2e-actions-down", "행당1동 쓰레기 언제 버려요?")
        assert reply["source"] == "fallback"
        assert reply["messages"][0]["text"].startswith("죄송해요, 지금 답변을 준비하지 못했어요.")
    finally:
        actions.start()
        wait_for(stack.action_url + "/health", ok=True)
    assert stack.chat("e2e-actions-up", "행당1동 쓰레기 언제 버려요?")["messages"][0]["text"].startswith("행당1동")
