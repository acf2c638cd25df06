"""The database: SQLite under the data directory by default, PostgreSQL when
``MINWON_DATABASE_URL`` says so. One engine per URL per process; the schema is
managed by Alembic (``bot/migrations``)."""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import DeclarativeBase, Session

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}
_migrated: set[str] = set()
_lock = threading.Lock()
_migrating = threading.Lock()


class Base(DeclarativeBase):
    pass


def engine_for(url: str) -> Engine:
    with _lock:
        if url not in _engines:
            if url.startswith("sqlite:///"):
                private_database_file(Path(url.removeprefix("sqlite:///")))
                engine = create_engine(url, connect_args={"timeout": 15})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, pool_timeout=5,
                                       connect_args={"connect_timeout": 3})
            _engines[url] = engine
        return _engines[url]


def private_database_file(path: Path) -> None:
    """Complaints, staff accounts and the phone vault live in this file: only its owner may read it.
    It is created 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode);
    one left looser by an older version is tightened."""
    if path.name in ("", ":memory:"):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if part.exists() and part.stat().st_mode & 0o077:
                part.chmod(0o600)
        except OSError as exc:   # not ours to change: say so, and go on
            logger.warning("cannot make %s private (mode 0600): %s", part, exc)


class DatabaseUnavailable(Exception):
    """The database did not answer; nothing was stored."""


def migrated_session(url: str, engine: Engine) -> Session:
    """A session on ``url`` once its schema is the newest (migrated first, once per process); a database
    that cannot be reached raises DatabaseUnavailable, so callers tell residents and staff plainly."""
    migrated(url)
    return Session(engine, expire_on_commit=False)


def migrated(url: str) -> None:
    """``url``'s schema is the newest (migrated first, once per process), else DatabaseUnavailable."""
    try:
        migrate(url)
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseUnavailable(str(exc.orig if hasattr(exc, "orig") else exc)) from exc


def migrate(url: str) -> None:
    """Bring the schema to the newest Alembic revision (once per process per database). One thread
    at a time: Alembic keeps its running environment in module globals, so two first requests
    migrating at once in one process would trip over each other."""
    with _lock:
        if url in _migrated:
            return
    with _migrating:
        with _lock:
            if url in _migrated:   # another thread finished it while this one waited
                return
        _upgrade(url)
        with _lock:
            _migrated.add(url)


def _upgrade(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    if url.startswith("sqlite:///"):
        private_database_file(Path(url.removeprefix("sqlite:///")))

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("pragma journal_mode=wal")
    cursor.execute("pragma synchronous=full")   # an acknowledged write survives a crash
    cursor.execute("pragma busy_timeout=15000")
    cursor.close()
