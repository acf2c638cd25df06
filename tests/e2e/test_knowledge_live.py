"""Publish and rollback reach the running action server without a restart."""
import os
import shutil
import subprocess

import pytest
import requests

from bot.settings import ROOT
from tests.e2e.stack import Process, free_port

pytestmark = pytest.mark.e2e
QUESTION = "재산세 언제 내는 거예요?"


def ask_action_server(port: int, text: str, key: str) -> dict:
    body = {"next_action": "action_answer_from_knowledge", "sender_id": "live-test", "version": "3.6.21",
            "domain": {}, "tracker": {"sender_id": "live-test", "slots": {"lang": "ko"}, "events": [],
                                      "latest_message": {"text": text, "intent": {"name": "nlu_fallback"},
                                                         "entities": []},
                                      "paused": False, "followup_action": None, "active_loop": {},
                                      "latest_action_name": "action_listen"}}
    response = requests.post(f"http://127.0.0.1:{port}/webhook", json=body, timeout=60,
                             headers={"X-Minwon-Action-Key": key})
    assert response.status_code == 200, response.text
    return response.json()


def text_of(result: dict) -> str:
    return next(r["text"] for r in result["responses"] if r.get("text"))


def minwon(env: dict, *args: str) -> str:
    done = subprocess.run([str(ROOT / ".venv/bin/minwon"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_publish_and_rollback_are_live_in_the_action_server(tmp_path):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINWON_KNOWLEDGE_DIR": str(knowledge),
           "MINWON_DATA_DIR": str(tmp_path / "var"), "MINWON_TODAY": "2026-11-25", "MINWON_ACTION_KEY": "live-key"}
    assert "Published" in minwon(env, "publish")
    port = free_port()
    server = Process("actions", [str(ROOT / ".venv/bin/python"), "-m", "actions", "-p", str(port)], env,
                     tmp_path / "actions.log").start()
    try:
        server.wait_until_answers(f"http://127.0.0.1:{port}/health")
        before = text_of(ask_action_server(port, QUESTION, "live-key"))
        assert "7월" in before

        taxes = knowledge / "faq" / "taxes.csv"
        original = taxes.read_text(encoding="utf-8")
        first_answer = original.split("tax-001,", 1)[1].split('"')[1]
        taxes.write_text(original.replace(first_answer, "재산세는 7월과 9월에 내요. (새로 고친 안내예요)"),
                         encoding="utf-8")
        assert "Published" in minwon(env, "publish")
        assert text_of(ask_action_server(port, QUESTION, "live-key")).startswith("재산세는 7월과 9월에 내요. (새로 고친 안내예요)")

        assert "Rolled back" in minwon(env, "rollback")
        assert text_of(ask_action_server(port, QUESTION, "live-key")) == before
    finally:
        server.stop()
