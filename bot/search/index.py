"""The FAQ search index: FAISS over row texts plus BM25 over morphemes.

Each FAQ row contributes several vectors (its question, each alternate, the head
of its answer); a row scores as its best vector. Exact inner product up to
``hnsw_threshold`` vectors, HNSW above it.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import faiss
import numpy as np

from bot.knowledge.faq import FaqRow
from bot.search.cache import EmbeddingCache, embed_cached
from bot.search.embedders import Embedder
from bot.search.lexical import BM25, terms

ANSWER_HEAD_CHARS = 80


def row_texts(row: FaqRow, answer_head_chars: int = ANSWER_HEAD_CHARS) -> list[str]:
    texts = [row.question, *row.alternates]
    if answer_head_chars:
        texts.append(row.answer[:answer_head_chars])
    return [t for t in texts if t.strip()]


def make_faiss(vectors: np.ndarray, hnsw_threshold: int) -> faiss.Index:
    dim = vectors.shape[1]
    if len(vectors) <= hnsw_threshold:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 96
    index.add(vectors)
    return index


@dataclass
class Candidate:
    row: FaqRow
    dense: float
    lexical: float
    score: float


@dataclass
class BuildStats:
    rows: int
    vectors: int
    embedded: int
    seconds: float
    kind: str


class FaqIndex:
    def __init__(self, rows: list[FaqRow], index: faiss.Index, unit_rows: np.ndarray,
                 row_terms: list[list[str]]) -> None:
        self.rows, self.index, self.unit_rows = rows, index, unit_rows
        self.row_terms = row_terms
        self.bm25 = BM25(row_terms)

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self.index, faiss.IndexHNSWFlat) else "flat"

    @classmethod
    def build(cls, rows: list[FaqRow], embedder: Embedder, cache: EmbeddingCache | None = None,
              workers: int = 1, hnsw_threshold: int = 20000,
              answer_head_chars: int = ANSWER_HEAD_CHARS) -> tuple["FaqIndex", BuildStats]:
        start = time.perf_counter()
        texts, unit_rows = [], []
        for i, row in enumerate(rows):
            for text in row_texts(row, answer_head_chars):
                texts.append(text)
                unit_rows.append(i)
        vectors, embedded = embed_cached(embedder, texts, "passage", cache, workers)
        index = make_faiss(vectors, hnsw_threshold) if len(vectors) else faiss.IndexFlatIP(embedder.dim)
        row_terms = [terms(" ".join([r.question, *r.alternates, r.answer])) for r in rows]
        built = cls(rows, index, np.array(unit_rows, dtype=np.int64), row_terms)
        return built, BuildStats(len(rows), len(texts), embedded, time.perf_counter() - start, built.kind)

    def dense(self, query_vectors: np.ndarray, k: int) -> dict[int, float]:
        """Best score per row over the row's vectors and over the query's variants."""
        if self.index.ntotal == 0:
            return {}
        queries = np.ascontiguousarray(query_vectors.reshape(-1, self.index.d), dtype=np.float32)
        scores, ids = self.index.search(queries, min(self.index.ntotal, k * 4))
        best: dict[int, float] = {}
        for score, unit in zip(scores.ravel(), ids.ravel()):
            if unit < 0:
                continue
            row = int(self.unit_rows[unit])
            best[row] = max(best.get(row, -1.0), float(score))
        return best

    def search(self, query_vectors: np.ndarray, query_terms: list[str], k: int = 5,
               lexical_weight: float = 0.0) -> list[Candidate]:
        query_vectors = query_vectors.reshape(-1, self.index.d)
        dense = self.dense(query_vectors, max(k, 10))
        lexical: dict[int, float] = {}
        if lexical_weight and query_terms:
            raw = self.bm25.scores(query_terms)
            top = self.bm25.max_score(query_terms)
            lexical = {i: min(s / top, 1.0) for i, s in sorted(raw.items(), key=lambda x: -x[1])[: k * 4]}
        found = []
        for i in set(dense) | set(lexical):
            d = dense.get(i)
            if d is None:  # a lexical-only hit still gets its real dense score
                d = float(np.max(self._row_vectors(i) @ query_vectors.T))
            lex = lexical.get(i, 0.0)
            found.append(Candidate(self.rows[i], d, lex, d + lexical_weight * lex))
        found.sort(key=lambda c: -c.score)
        return found[:k]

    def specificity(self, query_terms: list[str]) -> float:
        """How specific the question is: the rarest known term's idf, 0..1 (1 = a term in one row only).
        "이거 어떻게 해요" scores low: nothing in it narrows the FAQ down."""
        known = [self.bm25.idf[t] for t in query_terms if t in self.bm25.idf]
        if not known or not self.rows:
            return 0.0
        return max(known) / math.log(1 + (len(self.rows) + 0.5) / 0.5)

    def _row_vectors(self, row: int) -> np.ndarray:
        units = np.nonzero(self.unit_rows == row)[0]
        return np.vstack([self.index.reconstruct(int(u)) for u in units])
