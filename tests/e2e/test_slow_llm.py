"""One slow LLM answer does not stall other residents (issue 20, item 5).

A real action server (rasa-sdk, our actions) with the LLM pointed at the OpenAI stand-in,
which answers after 5 seconds. While one resident's open question waits for it, other
residents' table answers come back: they finish while the slow one is still pending.
(How fast they are is a benchmark's business, not this test's.)
"""
from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.e2e.stack import Process, free_port
from tests.fakes.openai_server import FakeOpenAI

pytestmark = pytest.mark.e2e


def action_call(action: str, sender: str, text: str, intent: str, entities: list[dict] | None = None) -> dict:
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
               "metadata": {"minwon": {"v": 1, "lang": "ko", "lang_from": "text", "pii": [], "payload": False,
                                       "checked": True}}}
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {"version": "3.1"},
            "tracker": {"sender_id": sender, "slots": {"lang": "ko"}, "latest_message": message, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}


@pytest.fixture()
def slow_llm_actions(stack, tmp_path):
    with FakeOpenAI() as llm:
        port = free_port()
        env = {**stack.env, "MINWON_OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": llm.base_url}
        server = Process("actions", [str(stack.processes["actions"].args[0]), "-m", "rasa_sdk", "--actions",
                                     "actions", "-p", str(port)], env, tmp_path / "actions.log").start()
        url = f"http://127.0.0.1:{port}"
        server.wait_until_answers(url + "/health")
        yield url + "/webhook", llm
        server.stop()


def test_a_slow_llm_answer_does_not_hold_up_other_residents(slow_llm_actions):
    webhook, llm = slow_llm_actions
    question = action_call("action_answer_from_knowledge", "resident-a", "음식물 쓰레기 봉투는 어디서 사요?", "nlu_fallback")
    table = action_call("action_collection_days", "resident-b", "행당1동 쓰레기 언제 버려요", "waste_collection_schedule",
                        [{"entity": "dong", "value": "행당1동", "start": 0, "end": 4}])
    # Warm up (the first call loads the index, the embedder and the tables), the LLM answering at once.
    assert requests.post(webhook, json=question, timeout=60).status_code == 200
    assert requests.post(webhook, json=table, timeout=60).status_code == 200
    llm.mode, llm.delay = "slow", 5.0
    asked = len(llm.requests)
    slow: dict[str, object] = {}
    waiting = threading.Thread(target=lambda: slow.update(response=requests.post(webhook, json=question, timeout=60)))
    waiting.start()
    while len(llm.requests) == asked:      # the slow resident's question is now with the LLM
        assert waiting.is_alive(), "the open question never reached the LLM"
        time.sleep(0.05)
    for _ in range(3):
        answer = requests.post(webhook, json=table, timeout=60)
        assert answer.status_code == 200
        assert answer.json()["responses"][0]["text"].startswith("행당1동 배출 요일이에요.")
    assert waiting.is_alive() and "response" not in slow, "the table answers waited for the LLM"
    waiting.join(30)
    assert slow["response"].status_code == 200 and slow["response"].json()["responses"]
