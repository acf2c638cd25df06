"""The library as the console and the CLI use it: the catalogue, the index built over it (saved as a
version, switched atomically; every process picks the new one up on its next search) and search."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import threading
from dataclasses import replace
from pathlib import Path

from bot.library.calibration import calibrated_threshold
from bot.library.catalogue import Audit, Library
from bot.library.decision import Ranking
from bot.library.index import BuildStats, LibraryIndex, OutdatedIndex, TermsCache, Tuning, off_topic_questions
from bot.search.cache import EmbeddingCache
from bot.search.embedders import Embedder, embedder_from
from bot.settings import Settings

logger = logging.getLogger(__name__)
KEEP_VERSIONS = 3


def tuning_from(settings: Settings) -> Tuning:
    return Tuning(lexical_weight=settings.library_lexical_weight, threshold=settings.library_threshold,
                  first_paragraph=settings.library_first_paragraph, heading_weight=settings.library_unit_weight,
                  off_topic_weight=settings.library_off_topic_weight)


# Beside each saved index: the settings its threshold was decided with (a change of any of them decides it again)
DECISION_FILE = "decision.json"


def decision_of(settings: Settings) -> dict:
    """What a live index's threshold depends on besides its vectors: calibrated or fixed, and the share or the value."""
    return {"calibrated": settings.library_calibrated_threshold, "refused": settings.library_off_topic_refused,
            "threshold": settings.library_threshold}


def build_index(documents, settings: Settings, embedder: Embedder) -> tuple[LibraryIndex, BuildStats]:
    """An index over ``documents``, with the shared embedding cache and the library's terms cache, its
    threshold calibrated from our off-topic questions unless ``library_calibrated_threshold`` is off."""
    off_topic = off_topic_questions(Path(settings.library_off_topic_questions)
                                    if settings.library_off_topic_questions else None)
    index, stats = LibraryIndex.build(documents, embedder, tuning_from(settings),
                                      EmbeddingCache(settings.data_dir / "embeddings.sqlite"),
                                      TermsCache(settings.library_root / "terms.sqlite"), settings.embed_workers,
                                      off_topic)
    if settings.library_calibrated_threshold:
        threshold = calibrated_threshold(index, embedder, settings.library_off_topic_refused)
        if threshold is not None:
            index.tuning = replace(index.tuning, threshold=threshold)
    return index, stats


class LibraryService:
    def __init__(self, settings: Settings, embedder: Embedder | None = None, audit: Audit | None = None) -> None:
        self.settings = settings
        self.library = Library(settings.library_root, audit)
        self._embedder = embedder
        self._index: LibraryIndex | None = None
        self._version: str | None = None
        self._lock = threading.Lock()
        self._building = threading.Lock()   # one rebuild at a time: the last to finish has read every add

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = embedder_from(self.settings)
        return self._embedder

    @property
    def index_root(self) -> Path:
        return self.settings.library_root / "index"

    def current_version(self) -> str | None:
        try:
            return (self.index_root / "CURRENT").read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def rebuild(self) -> BuildStats:
        """Index every document of the catalogue and make it live."""
        with self._building:
            return self._rebuild()

    def _rebuild(self) -> BuildStats:
        index, stats = build_index(self.library.documents(), self.settings, self.embedder)
        version = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        index.save(self.index_root / version)
        (self.index_root / version / DECISION_FILE).write_text(json.dumps(decision_of(self.settings)), encoding="utf-8")
        temp = self.index_root / f".CURRENT.{os.getpid()}"
        temp.write_text(version, encoding="utf-8")
        os.replace(temp, self.index_root / "CURRENT")
        for old in sorted(p for p in self.index_root.iterdir() if p.is_dir())[:-KEEP_VERSIONS]:
            shutil.rmtree(old, ignore_errors=True)
        return stats

    def index(self) -> LibraryIndex | None:
        """The live index; None while the library is empty."""
        version = self.current_version()
        if version is None:
            return None
        with self._lock:
            if version != self._version:
                try:
                    loaded = LibraryIndex.load(self.index_root / version)
                    stale = self.stale(loaded) or self.decided_otherwise(version)
                except OutdatedIndex:
                    # saved by an older minwon (issue 22's fifth pass added the off-topic questions)
                    loaded, stale = None, "of an older format"
                if stale:
                    # the catalogue still has every document, so the index is built again, once
                    logger.warning("library index %s is %s: rebuilding it", version, stale)
                    self.rebuild()
                    version = self.current_version()
                    loaded = LibraryIndex.load(self.index_root / version)
                self._index, self._version = loaded, version
            return self._index

    def stale(self, index: LibraryIndex) -> str | None:
        """Why a saved index does not fit the settings (another embedder, or other library settings such as
        ``library_first_paragraph``: its vectors or its decision would not be the configured ones); None when it fits."""
        if index.embedder_name != self.embedder.name:
            return f"built with the embedder {index.embedder_name}, not {self.embedder.name}"
        wanted = tuning_from(self.settings)
        if replace(index.tuning, threshold=wanted.threshold) != wanted:
            return "built with other library settings"
        return None

    def decided_otherwise(self, version: str) -> str | None:
        """Why a saved index's threshold does not fit the settings (``library_calibrated_threshold``,
        ``library_off_topic_refused``, ``library_threshold`` changed, or not recorded); None when it fits."""
        try:
            decided = json.loads((self.index_root / version / DECISION_FILE).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return "of a threshold decided with settings not recorded"
        return None if decided == decision_of(self.settings) else "of a threshold decided with other settings"

    def search(self, question: str, k: int = 5, kinds: tuple[str, ...] = (),
               departments: tuple[str, ...] = ()) -> Ranking | None:
        index = self.index()
        if index is None:
            return None
        return index.search(question, self.embedder, k, kinds, departments)
