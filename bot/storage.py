"""The database: SQLite under the data directory by default, PostgreSQL when
``MINWON_DATABASE_URL`` says so. One engine per URL per process."""
from __future__ import annotations

import threading

from sqlalchemy import Engine, create_engine, event

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def engine_for(url: str) -> Engine:
    with _lock:
        if url not in _engines:
            if url.startswith("sqlite:///"):
                from pathlib import Path

                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url, connect_args={"timeout": 15})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            _engines[url] = engine
        return _engines[url]


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("pragma journal_mode=wal")
    cursor.execute("pragma synchronous=full")   # an acknowledged write survives a crash
    cursor.close()
