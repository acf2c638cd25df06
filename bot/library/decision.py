"""Does the library answer the question? The best unit's fused score, lowered when the meaning
(embedder) and the words (BM25) disagree about it: a question the library cannot answer usually
finds words of it in some article that the embedder does not rank near the top; raised with the
embedder's best cosine to a unit, lowered when the question is near one of our off-topic staff questions
(tasks under other laws, HR, IT: bot/library/off_topic_questions.csv).

``confidence = fused score − RANK_PENALTY × ln(1 + the best unit's rank by cosine alone)
+ heading_weight × (best cosine to a unit) − off_topic_weight × (best cosine to an off-topic question)``,
less ``Tuning.absent_law_penalty`` when the question names a law and the library holds none of the laws it
names ("… 폐기물관리법" in a library without it); the library answers when the confidence reaches
``Tuning.threshold``, calibrated from the off-topic questions when the index is built (calibration.py;
docs/adr/0005-library-search.md).
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
    query: np.ndarray | None = None   # the question's vector
    left_out: int | None = None       # an off-topic question not counted (calibration asks with each one)

    @property
    def dense_rank(self) -> int:
        """How many units the embedder alone ranks above the best hit."""
        if not self.hits:
            return 0
        return int(((self.dense > self.dense[self.hits[0].position]) & self.allowed).sum())

    @property
    def heading_similarity(self) -> float:
        """The embedder's best cosine to a unit the question may be answered from (its law and heading)."""
        if not len(self.dense) or not self.allowed.any():
            return 0.0
        return float(self.dense[self.allowed].max())

    @property
    def off_topic_similarity(self) -> float:
        """The question's best cosine to one of our off-topic staff questions."""
        off_topic = self.index.off_topic_vectors
        if self.query is None or not len(off_topic):
            return 0.0
        cosines = off_topic @ self.query
        if self.left_out is not None:
            cosines = np.delete(cosines, self.left_out)
        return float(cosines.max()) if len(cosines) else 0.0

    @property
    def confidence(self) -> float:
        if not self.hits:
            return float("-inf")
        tuning = self.index.tuning
        confidence = (self.hits[0].score - RANK_PENALTY * math.log1p(self.dense_rank)
                      + tuning.heading_weight * self.heading_similarity
                      - tuning.off_topic_weight * self.off_topic_similarity)
        if self.absent_laws:
            confidence -= self.index.tuning.absent_law_penalty
        return confidence

    def answered(self, threshold: float | None = None) -> bool:
        limit = self.index.tuning.threshold if threshold is None else threshold
        return bool(self.hits) and self.confidence >= limit
