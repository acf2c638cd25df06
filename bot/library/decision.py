"""Does the library answer the question? The best unit's fused score, lowered when the meaning
(embedder) and the words (BM25) disagree about it: a question the library cannot answer usually
finds words of it in some article that the embedder does not rank near the top.

``confidence = fused score − RANK_PENALTY × ln(1 + the best unit's rank by cosine alone)``, less
``Tuning.absent_law_penalty`` when the question names a law and the library holds none of the laws it
names ("… 폐기물관리법" in a library without it); the library answers when the confidence reaches
``Tuning.threshold`` (docs/adr/0005-library-search.md).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from bot.library.query import QuestionTerms

RANK_PENALTY = 0.04


@dataclass
class Ranking:
    question: str
    hits: list                       # bot.library.index.Hit, best first
    asked: QuestionTerms
    dense: np.ndarray                # every unit's cosine
    lexical: np.ndarray              # every unit's scaled BM25
    allowed: np.ndarray
    index: object
    notes: list[str] = field(default_factory=list)
    absent_laws: list[str] = field(default_factory=list)   # named by the question; the library holds none it names

    @property
    def dense_rank(self) -> int:
        """How many units the embedder alone ranks above the best hit."""
        if not self.hits:
            return 0
        return int(((self.dense > self.dense[self.hits[0].position]) & self.allowed).sum())

    @property
    def confidence(self) -> float:
        if not self.hits:
            return float("-inf")
        confidence = self.hits[0].score - RANK_PENALTY * math.log1p(self.dense_rank)
        if self.absent_laws:
            confidence -= self.index.tuning.absent_law_penalty
        return confidence

    def answered(self, threshold: float | None = None) -> bool:
        limit = self.index.tuning.threshold if threshold is None else threshold
        return bool(self.hits) and self.confidence >= limit
