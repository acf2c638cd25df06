"""Issue 27, item 1: the action server, started the way the Procfile starts it, listened on every
interface and ran any action for anyone: a forged tracker with the phone digits went straight in."""
from __future__ import annotations

import os
import re

import pytest
import requests

from bot.dialogue.state import DialogueState
from bot.settings import ROOT
from tests.e2e.stack import Process, free_port

KEY = "test-action-key-3f9a"


def procfile_command(name: str) -> str:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return next(line.split(":", 1)[1].strip() for line in lines if line.startswith(f"{name}:"))


def listening_addresses(port: int) -> set[str]:
    """The local addresses a socket listens on for ``port`` (from /proc, as `ss -ltn` shows them)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                raw = bytes.fromhex(address)
                if width == 8:
                    found.add(".".join(str(b) for b in raw[::-1]))
                else:
                    found.add("::" if raw == bytes(16) else raw.hex())
    return found


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("actions")
    port = free_port()
    command = re.sub(r"-p 5055\b", f"-p {port}", procfile_command("actions"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MINWON_DATA_DIR": str(workdir / "var"), "MINWON_ACTION_KEY": KEY}
    server = Process("actions", ["/bin/sh", "-c", command], env, workdir / "actions.log").start()
    server.wait_until_answers(f"http://127.0.0.1:{port}/health")
    yield port
    server.stop()


def forged_call(ticket: str = "2026-000001", last4: str = "8") -> dict:
    """What the pen test sent, aimed at the action every rule runs now: a tracker it wrote itself, whose
    dialogue state already "holds" four digits the conversation would never have kept."""
    forged = DialogueState(task="status", asked="last4", values={"ticket": ticket, "last4": last4}).dump()
    return {"next_action": "action_converse", "sender_id": "attacker", "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": "attacker", "slots": {"dialogue": forged, "lang": "ko"},
                        "events": [], "latest_message": {"text": ticket, "intent": {"name": "complaint_status"},
                                                         "entities": []},
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": "action_listen"}}


def test_it_listens_on_loopback_only(action_server):
    assert listening_addresses(action_server) == {"127.0.0.1"}


@pytest.mark.parametrize("headers", [{}, {"X-Minwon-Action-Key": "guess"}, {"X-Minwon-Action-Key": KEY[:-1]}])
def test_a_call_without_the_shared_key_is_refused(action_server, headers):
    url = f"http://127.0.0.1:{action_server}"
    forged = requests.post(f"{url}/webhook", json=forged_call(), headers=headers, timeout=30)
    assert forged.status_code == 401 and "responses" not in forged.json()
    assert requests.get(f"{url}/actions", headers=headers, timeout=30).status_code == 401


def test_rasa_with_the_key_is_served(action_server):
    answered = requests.post(f"http://127.0.0.1:{action_server}/webhook", json=forged_call(),
                             headers={"X-Minwon-Action-Key": KEY}, timeout=60)
    assert answered.status_code == 200
    assert "찾지 못했어요" in answered.json()["responses"][0]["text"]


def test_rasa_is_configured_to_send_the_key():
    endpoints = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    assert re.search(r"headers:\s*\n\s+X-Minwon-Action-Key: \$\{MINWON_ACTION_KEY\}", endpoints)
    rasa_endpoints = (ROOT / "deploy" / "k8s" / "rasa-endpoints.yaml").read_text(encoding="utf-8")
    assert "X-Minwon-Action-Key: ${MINWON_ACTION_KEY}" in rasa_endpoints
