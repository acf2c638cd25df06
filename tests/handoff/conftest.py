"""A gateway with the staff console on SQLite or PostgreSQL (the same tests run on both); Rasa is
down on purpose: a conversation a person holds must never need it."""
import datetime as dt
import re
import shutil

import pytest

from bot.settings import ROOT
from bot.staff import StaffAccounts
from channels.web import create_app

PASSWORD = "correct-horse-42"
SEOUL = dt.timezone(dt.timedelta(hours=9))
MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL)     # a working day
SUNDAY_22 = dt.datetime(2026, 12, 6, 22, 0, tzinfo=SEOUL)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'minwon.db'}"
        return
    from tests.databases import postgres_database

    with postgres_database() as url:
        yield url


def make_app(tmp_path, database_url, **overrides):
    """The gateway with a copy of the district's tables and three staff accounts."""
    knowledge = tmp_path / "knowledge"
    if not knowledge.exists():
        shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
        (knowledge / "faq").mkdir()
    app = create_app({"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge),
                      "database_url": database_url, "rasa_url": "http://127.0.0.1:9", "rasa_timeout": 1,
                      "handoff_heartbeat_seconds": 0.2, "handoff_stream_seconds": 1.0, "notify_interval_seconds": 0,
                      "test_clock": True, **overrides})
    accounts = StaffAccounts(database_url)
    accounts.create("lead", PASSWORD, "admin")
    accounts.create("cleaner", PASSWORD, "staff", department="청소행정과")
    accounts.create("welfare", PASSWORD, "staff", department="복지정책과")
    return app


@pytest.fixture()
def app(tmp_path, database_url):
    return make_app(tmp_path, database_url)


@pytest.fixture()
def settings(app):
    return app.extensions["minwon.settings"]


def token(client, path="/staff/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def staff_client(app, username):
    client = app.test_client()
    client.post("/staff/login", data={"username": username, "password": PASSWORD, "csrf_token": token(client)})
    return client


def post(client, path, **data):
    return client.post(path, data={"csrf_token": token(client, "/staff/inbox"), **data})
