"""Real databases for store tests: a SQLite file, and a fresh PostgreSQL database on 127.0.0.1:5432."""
from __future__ import annotations

import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def postgres_database():
    """A new, empty database for one test session, dropped afterwards."""
    name = f"minwon_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        from bot.storage import _engines

        engine = _engines.pop(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", None)
        if engine is not None:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
