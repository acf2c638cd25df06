"""Issue 27, item 1: `make run` started Rasa with `--enable-api` and no token: anyone who reached it
read every resident's tracker, set their slots and could `PUT /model`."""
from __future__ import annotations

import os
import signal
import subprocess

import pytest
import requests
import yaml

from bot.settings import ROOT

ATTACKS = [("GET", "/conversations/web:someone/tracker", None),
           ("POST", "/conversations/web:someone/tracker/events", {"event": "slot", "name": "dialogue",
                                                        "value": '{"task": "status", "values": {"last4": "8"}}'}),
           ("PUT", "/model", {"model_file": "/tmp/evil.tar.gz"}),
           ("POST", "/model/parse", {"text": "안녕"}),
           ("GET", "/status", None)]


def procfile_rasa_commands() -> list[str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("rasa")]


@pytest.mark.e2e
@pytest.mark.parametrize("method, path, body", ATTACKS)
def test_rasa_api_answers_nobody_without_the_token(stack, method, path, body):
    refused = requests.request(method, stack.rasa_url + path, json=body, timeout=30)
    assert refused.status_code == 401
    wrong = requests.request(method, stack.rasa_url + path, json=body, params={"token": "guess"}, timeout=30)
    assert wrong.status_code == 401


@pytest.mark.e2e
def test_the_token_holder_is_served(stack):
    assert requests.get(stack.rasa_url + "/status", params={"token": stack.rasa_token}, timeout=30).status_code == 200


def test_the_procfile_never_starts_rasa_api_without_a_token():
    commands = procfile_rasa_commands()
    assert commands
    for command in commands:
        assert "--enable-api" not in command or '--auth-token "${MINWON_RASA_TOKEN:?' in command, command
        env = {k: v for k, v in os.environ.items() if k != "MINWON_RASA_TOKEN"}
        started = subprocess.Popen(["/bin/sh", "-c", command], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            _, stderr = started.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(started.pid, signal.SIGKILL)
            pytest.fail(f"Rasa started without MINWON_RASA_TOKEN: {command}")
        assert started.returncode != 0 and "minwon secrets" in stderr


def test_make_run_hands_the_token_and_the_action_key_to_every_process():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert 'eval "$$(.venv/bin/minwon secrets)"' in recipe and "honcho start" in recipe


def test_production_never_enables_the_api():
    unit = (ROOT / "deploy" / "systemd" / "minwon-rasa.service").read_text(encoding="utf-8")
    exec_start = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    values = yaml.safe_load((ROOT / "deploy" / "k8s" / "rasa-values.yaml").read_text(encoding="utf-8"))
    assert "--enable-api" not in exec_start and "--enable-api" not in values["args"]
    assert values["applicationSettings"]["enableAPI"] is False
