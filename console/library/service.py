"""The app's one LibraryService (its loaded index is shared by every request), audited as the staff member."""
from __future__ import annotations

from flask import current_app

from bot.library.live import LibraryService
from console.common import audit, embedder, settings


def library() -> LibraryService:
    extensions = current_app.extensions
    if "minwon.library" not in extensions:
        extensions["minwon.library"] = LibraryService(settings(), audit=audit)
    service = extensions["minwon.library"]
    if service._embedder is None:
        service._embedder = embedder()
    return service
