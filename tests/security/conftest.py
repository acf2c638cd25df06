"""Shared by the attack tests: a complaint store on real SQLite that the actions use."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.complaints
import actions.turn
from bot.complaints.store import ComplaintStore, NewComplaint
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


def status_answer(ticket: str, last4: str | None = None, sender: str = "stranger") -> str:
    """What the resident reads after the status form has the ticket number and the four digits."""
    tracker = Tracker(sender, {"ticket_number": ticket, "phone_last4": last4, "lang": "ko"},
                      {"text": last4 or ticket, "intent": {"name": "complaint_status", "confidence": 0.9},
                       "entities": []}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(actions.complaints.ActionComplaintStatus().run(dispatcher, tracker, {}))
    return "\n".join(m["text"] for m in dispatcher.messages if m.get("text"))


def form_slot(method: str, value: str) -> dict:
    """What the status form's validation keeps of what the resident typed."""
    tracker = Tracker("stranger", {"lang": "ko"}, {"text": value, "intent": {"name": "inform"}, "entities": []},
                      [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    validator = actions.complaints.ValidateComplaintStatusForm()
    return getattr(validator, method)(value, dispatcher, tracker, {})


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
