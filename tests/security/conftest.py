"""Shared by the attack tests: a complaint store on real SQLite that the actions use."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.complaints
import actions.turn
from actions.converse import ActionConverse
from bot.complaints.store import ComplaintStore, NewComplaint
from bot.dialogue.state import DialogueState
from bot.settings import Settings
from tests.conftest import TODAY

REPLY = "담당자가 현장을 확인하고 킥보드를 옮겼어요."


@pytest.fixture()
def store(tmp_path, monkeypatch):
    pinned = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={})
    found = ComplaintStore(pinned.database)
    monkeypatch.setattr(actions.turn, "settings", lambda: pinned)
    monkeypatch.setattr(actions.complaints, "settings", lambda: pinned, raising=False)
    monkeypatch.setattr(actions.complaints, "complaint_store", lambda: found)
    return found


def file_complaint(store: ComplaintStore, key: str, phone: str | None):
    """A filed complaint that staff have answered (the reply is what a stranger must not read)."""
    filed = store.file(NewComplaint(submission_key=key, category="e_scooter", dong="성수1가1동",
                                    location="성수역 3번 출구", description="킥보드가 길을 막아요", phone=phone), None)
    store.update(filed.ticket, "kim", status="in_progress", department="교통행정과", reply=REPLY)
    return store.by_ticket(filed.ticket)


def says(sender: str, slots: dict, words: str, intent: str, confidence: float) -> tuple[str, dict]:
    """One turn through action_converse (the action every rule runs); the slots it returns applied."""
    tracker = Tracker(sender, dict(slots), {"text": words, "intent": {"name": intent, "confidence": confidence},
                                            "entities": []}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionConverse().run(dispatcher, tracker, {}))
    slots = {**slots, **{e["name"]: e["value"] for e in events if e.get("event") == "slot"}}
    return "\n".join(m["text"] for m in dispatcher.messages if m.get("text")), slots


def status_lookup(ticket: str, last4: str | None = None, sender: str = "stranger") -> tuple[str, dict]:
    """A resident asks for a complaint's status with ``ticket``, then (when given) types ``last4`` in the
    next turn, as the dialogue manager asks for it: all they read, and the values the lookup still holds."""
    answer, slots = says(sender, {"lang": "ko"}, f"{ticket} 민원 처리 상황 알려 주세요", "complaint_status", 0.9)
    if last4 is not None:
        more, slots = says(sender, slots, last4, "nlu_fallback", 0.3)
        answer = f"{answer}\n{more}"
    return answer, DialogueState.load(slots.get("dialogue")).values


def forged_answer(ticket: str, last4: str, sender: str = "stranger") -> str:
    """The pen test's forged tracker, now aimed at action_converse: a dialogue state that already "holds"
    ``last4`` (never read from the resident's words), and the ticket typed. What the lookup itself decides."""
    forged = DialogueState(task="status", asked="last4", values={"ticket": ticket, "last4": last4}).dump()
    return says(sender, {"lang": "ko", "dialogue": forged}, ticket, "complaint_status", 0.9)[0]


def status_answer(ticket: str, last4: str | None = None, sender: str = "stranger") -> str:
    """What the resident reads after giving the ticket number and (when given) the four digits."""
    return status_lookup(ticket, last4, sender)[0]


ADMIN, PASSWORD = "admin1", "correct-horse-42"


@pytest.fixture()
def console_app(tmp_path):
    """The gateway with its console on real SQLite, a copy of the tables and one admin."""
    import shutil

    from bot.settings import ROOT
    from bot.staff import StaffAccounts
    from channels.web import create_app

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    app = create_app({"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge), "today": TODAY.isoformat(),
                      "rasa_url": "http://127.0.0.1:9", "rasa_timeout": 0.5})
    StaffAccounts(app.extensions["minwon.settings"].database).create(ADMIN, PASSWORD, "admin")
    return app


def csrf(client, path: str = "/staff/login") -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def log_in(app, username: str = ADMIN, password: str = PASSWORD, address: str = "127.0.0.1"):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    response = client.post("/staff/login", data={"username": username, "password": password, "csrf_token": csrf(client)})
    return client, response
