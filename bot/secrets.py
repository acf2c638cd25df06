"""Secrets shared by processes on one machine: a setting when the operator gives one, else a
random value made once and kept in the data folder (mode 0600), so every process that reads
the same data folder agrees on it and a restart keeps it."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from bot.settings import Settings

# Setting name → file in the data folder when the setting is empty.
SHARED = {"action_key": "action_key", "rasa_token": "rasa_token", "secret_key": "secret_key"}


def load_or_create_secret(path: Path) -> str:
    """Read the secret at ``path``, or make it: written to a private temp file, then linked into
    place (atomic: when two processes start at once, the first wins and the other reads its value)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temp, path)
    except FileExistsError:
        pass
    finally:
        temp.unlink(missing_ok=True)
    return path.read_text(encoding="ascii").strip()


def shared_secret(settings: Settings, name: str) -> str:
    """The secret setting ``name`` (action_key, rasa_token, secret_key), or the one kept in the data folder."""
    return getattr(settings, name) or load_or_create_secret(settings.data_dir / SHARED[name])
