"""Knowledge that stays current: re-read the tables when staff change a file.

Long-running processes (the action server, the gateway) hold one ``LiveDistrict``
and call ``current()`` per request; a published change is picked up without a
restart. A broken file never replaces a good version: the last good one stays.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from bot.knowledge.district import District, load_district
from bot.knowledge.files import KnowledgeError

logger = logging.getLogger(__name__)


class LiveDistrict:
    def __init__(self, knowledge_dir: Path) -> None:
        self._knowledge_dir = knowledge_dir
        self._lock = threading.Lock()
        self._stamp: tuple = ()
        self._district: District | None = None

    def _files_stamp(self) -> tuple:
        """Name, modification time and size of each table file: one stat per file (runs per request)."""
        with os.scandir(self._knowledge_dir / "tables") as entries:
            return tuple(sorted((e.name, (found := e.stat()).st_mtime_ns, found.st_size)
                                for e in entries if e.is_file()))

    def current(self) -> District:
        stamp = self._files_stamp()
        with self._lock:
            if self._district is None or stamp != self._stamp:
                try:
                    self._district = load_district(self._knowledge_dir / "tables", base=self._knowledge_dir)
                except KnowledgeError as exc:
                    if self._district is None:
                        raise
                    logger.error("knowledge tables not reloaded, keeping the last good version:\n%s", exc)
                self._stamp = stamp
            return self._district
