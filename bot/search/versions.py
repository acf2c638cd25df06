"""Index versions on disk: publish writes a new version, then switches ``CURRENT``
atomically; the previous versions stay for ``rollback``. Readers (``LiveIndex``)
pick up a switch on their next search, without a restart."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import threading
from pathlib import Path

import faiss
import numpy as np
from scipy.sparse import load_npz, save_npz

from bot.knowledge.faq import FaqRow
from bot.search.english_model import EnglishVectors
from bot.search.index import BuildStats, FaqIndex
from bot.search.korean_lexicon import KoreanLexicon

logger = logging.getLogger(__name__)
KEEP_VERSIONS = 10
# 2: unit kinds (question/answer) saved; 3: latent terms for a Korean FAQ; 4: its Korean lexicon;
# 5: an English model's vectors for an English FAQ; 6: the thresholds calibrated at publish (calibration.json).
# Another format is rebuilt on publish.
INDEX_FORMAT = 6


def rows_fingerprint(rows: list[FaqRow], embedder_name: str, answer_head_chars: int, english_model: str = "",
                     units: str = "question", calibration: str = "") -> str:
    """``units``: what a row embeds besides its answer head (settings.retrieval_units and passage_chars);
    ``calibration``: what the thresholds calibrated at publish depend on (publishing.calibration_key)."""
    digest = hashlib.sha256(f"{INDEX_FORMAT}|{embedder_name}|{answer_head_chars}|{english_model}|{units}|"
                            f"{calibration}".encode())
    for row in rows:
        digest.update(json.dumps(dataclasses.asdict(row), default=str, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def _row_from_json(data: dict) -> FaqRow:
    for key in ("valid_from", "valid_to", "review_by"):
        data[key] = dt.date.fromisoformat(data[key]) if data.get(key) else None
    data["alternates"] = tuple(data.get("alternates") or ())
    return FaqRow(**data)


class IndexStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pointer = root / "CURRENT"

    def versions(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and (p / "manifest.json").exists())

    def current_version(self) -> str | None:
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        return name if (self.root / name / "manifest.json").exists() else None

    def manifest(self, version: str) -> dict:
        return json.loads((self.root / version / "manifest.json").read_text(encoding="utf-8"))

    def save(self, index: FaqIndex, stats: BuildStats, fingerprint: str, extra: dict) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        existing = self.versions()
        number = int(existing[-1].split("-")[0][1:]) + 1 if existing else 1
        version = f"v{number:04d}-{dt.datetime.now().strftime('%Y%m%dT%H%M%S')}"
        staging = self.root / f".{version}.tmp"
        staging.mkdir()
        faiss.write_index(index.index, str(staging / "faiss.index"))
        np.save(staging / "units.npy", index.unit_rows)
        np.save(staging / "unit_kinds.npy", index.unit_kinds)
        if index.latent is not None:
            save_npz(staging / "latent.npz", index.latent)
        if index.lexicon is not None:
            np.save(staging / "lexicon.npy", index.lexicon.vectors)
            (staging / "lexicon.json").write_text(json.dumps(index.lexicon.nouns, ensure_ascii=False), encoding="utf-8")
        if index.english is not None:
            np.save(staging / "english.npy", index.english.vectors)
            extra = {**extra, "english_model": index.english.model}
        if index.calibration is not None:
            (staging / "calibration.json").write_text(json.dumps(index.calibration, ensure_ascii=False, indent=2),
                                                      encoding="utf-8")
        (staging / "rows.json").write_text(json.dumps([dataclasses.asdict(r) for r in index.rows], default=str,
                                                      ensure_ascii=False), encoding="utf-8")
        (staging / "terms.json").write_text(json.dumps(index.row_terms, ensure_ascii=False), encoding="utf-8")
        manifest = {"version": version, "created": dt.datetime.now().isoformat(timespec="seconds"),
                    "fingerprint": fingerprint, "rows": stats.rows, "vectors": stats.vectors,
                    "embedded": stats.embedded, "build_seconds": round(stats.seconds, 2), "kind": stats.kind, **extra}
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_tree(staging)
        os.replace(staging, self.root / version)
        return version

    def switch(self, version: str) -> None:
        """Make ``version`` live: write the pointer to a temp file, fsync, rename over."""
        temp = self.root / "CURRENT.tmp"
        with open(temp, "w") as handle:
            handle.write(version)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.pointer)
        self._prune(keep=version)

    def rollback(self) -> str:
        versions, current = self.versions(), self.current_version()
        if current not in versions or versions.index(current) == 0:
            raise LookupError("there is no earlier version to roll back to")
        previous = versions[versions.index(current) - 1]
        self.switch(previous)
        return previous

    def rows(self, version: str) -> list[FaqRow]:
        """The FAQ rows a version answers with (what residents see while it is live)."""
        return [_row_from_json(r) for r in json.loads((self.root / version / "rows.json").read_text(encoding="utf-8"))]

    def load(self, version: str) -> FaqIndex:
        folder = self.root / version
        rows = self.rows(version)
        terms = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        kinds = np.load(folder / "unit_kinds.npy") if (folder / "unit_kinds.npy").exists() else None
        latent = load_npz(folder / "latent.npz").tocsr() if (folder / "latent.npz").exists() else None
        lexicon = None
        if (folder / "lexicon.json").exists():
            lexicon = KoreanLexicon(json.loads((folder / "lexicon.json").read_text(encoding="utf-8")),
                                    np.load(folder / "lexicon.npy"))
        english = None
        if (folder / "english.npy").exists():
            english = EnglishVectors(self.manifest(version)["english_model"], np.load(folder / "english.npy"))
        index = FaqIndex(rows, faiss.read_index(str(folder / "faiss.index")), np.load(folder / "units.npy"), terms,
                         kinds, latent, lexicon, english)
        if (folder / "calibration.json").exists():
            index.calibration = json.loads((folder / "calibration.json").read_text(encoding="utf-8"))
        return index

    def _prune(self, keep: str) -> None:
        versions = self.versions()
        for version in versions[: max(0, len(versions) - KEEP_VERSIONS)]:
            if version != keep:
                shutil.rmtree(self.root / version, ignore_errors=True)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with open(path, "rb") as handle:
            os.fsync(handle.fileno())


class LiveIndex:
    """The live version for readers; reloads when ``CURRENT`` changes."""

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._loaded: tuple[str, FaqIndex] | None = None

    def current(self) -> tuple[str, FaqIndex] | None:
        version = self.store.current_version()
        if version is None:
            return None
        with self._lock:
            if self._loaded is None or self._loaded[0] != version:
                logger.info("loading FAQ index %s", version)
                self._loaded = (version, self.store.load(version))
            return self._loaded
