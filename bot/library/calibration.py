"""The library's answer threshold, calibrated from the library itself when its index is built, as the FAQ's
is at publish (bot/answer/calibration.py; docs/adr/0005-library-search.md).

A threshold fixed on one set of staff questions did not travel: set where it answered 0.90 of the first
two dev sets' in-scope questions, it answered 0.64 of a fourth set written apart. So the index asks each
of our off-topic staff questions (``off_topic_questions.csv``, or the district's own:
``library_off_topic_questions``) with that question left out of the ones the
confidence compares with, and answers from the confidence that refuses ``OFF_TOPIC_REFUSED`` of them; the
share was chosen on dev sets 1–3 (the highest that answers 0.90 of their in-scope questions together).
"""
from __future__ import annotations

import numpy as np

from bot.library.index import LibraryIndex
from bot.search.embedders import Embedder

OFF_TOPIC_REFUSED = 0.7
MIN_PROBES = 10         # fewer off-topic questions with a hit (an empty library): keep the configured threshold


def off_topic_confidences(index: LibraryIndex, embedder: Embedder) -> list[float]:
    """The confidence of each off-topic question, itself left out of the off-topic side."""
    found = []
    for number, question in enumerate(index.off_topic):
        ranking = index.search(question, embedder, k=1)
        ranking.left_out = number
        if ranking.hits:
            found.append(ranking.confidence)
    return found


def calibrated_threshold(index: LibraryIndex, embedder: Embedder, refused: float = OFF_TOPIC_REFUSED) -> float | None:
    """The confidence refusing ``refused`` of the off-topic questions (``library_off_topic_refused``;
    EmbeddingGemma-300M's default 0.85); None with too few of them."""
    if not 0 < refused < 1:
        raise ValueError(f"library_off_topic_refused {refused}: a share between 0 and 1")
    found = off_topic_confidences(index, embedder)
    if len(found) < MIN_PROBES:
        return None
    return round(float(np.quantile(found, refused)), 3)
