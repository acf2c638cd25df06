"""The FAQ's own Korean nouns, embedded, so an English word finds its Korean counterpart.

An English question about a Korean FAQ is matched poorly by e5's sentence vectors, and the
hand-written glossary (``glossary_en_ko.tsv``) knows civic terms only, not the places and
programmes a district's FAQ is full of (hotels, fountains, flower markets). At publish, every
Korean noun of the FAQ (kiwipiepy NNG/NNP, two syllables or more) is embedded once (cached by text
hash like the rows); at question time each English word the glossary left over takes the FAQ noun
nearest to it, when that noun is at least ``min_similarity`` close ("hotel" → 호텔, "museum" →
박물관). The nouns found feed BM25 and one more query form that ranks rows but does not raise the
cosine the in-scope decision uses: induced words are less certain than the glossary's
(docs/adr/0003-retrieval.md, "English words, mapped to the FAQ's Korean nouns").

The same vectors tell how well a row *covers* a Korean question (``coverage``): each of the
question's nouns against the nearest of the row's nouns. A near-domain question the FAQ does not
answer (독감 예방접종 against a row on 인터넷중독 상담) names something no word of the best row is
close to; the in-scope decision lowers that row's similarity by the gap (ADR 0003, "Noun coverage").
"""
from __future__ import annotations

import re
from collections.abc import Iterable

import faiss
import numpy as np

from bot.search.cache import EmbeddingCache, embed_cached
from bot.search.embedders import Embedder
from bot.search.faiss_storage import stored_vectors
from bot.search.lexical import ENGLISH_STOP_WORDS

MIN_SIMILARITY = 0.86   # chosen on our own dev sets (ADR 0003)
WORDS_KEPT = 10_000     # English word vectors kept per lexicon (1.5 KB each)
_ENGLISH_WORD = re.compile(r"[a-z][a-z'-]+")
_MORE_STOP = set("i'm im don't can't won't will would should much many any some their they them we our us he she his "
                 "her have has had got going want need also just".split())
STOP_WORDS = ENGLISH_STOP_WORDS | _MORE_STOP


def english_words(text: str) -> list[str]:
    """The content words of an English text, lower-cased, each once, in order."""
    words = (w.strip("'-") for w in _ENGLISH_WORD.findall(text.lower()))
    return list(dict.fromkeys(w for w in words if len(w) > 2 and w not in STOP_WORDS))


class KoreanLexicon:
    def __init__(self, nouns: list[str], vectors: np.ndarray) -> None:
        """``vectors``: one normalised e5 vector per noun ("query" kind: word against word), kept only
        in a FAISS exact index (searched a word at a time, see ``korean_for``)."""
        self.nouns = nouns
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self._position = {noun: i for i, noun in enumerate(nouns)}
        # Words already embedded (English words; Korean nouns the FAQ lacks): up to WORDS_KEPT of them
        self._words: dict[str, np.ndarray] = {}

    @property
    def vectors(self) -> np.ndarray:
        """The nouns' vectors, copied out of the index (to save a version)."""
        return self.index.reconstruct_n(0, self.index.ntotal)

    def forget_words(self) -> None:
        """Drop the words embedded so far (a benchmark's "first time" measures them embedded anew)."""
        self._words.clear()

    def _word_vectors(self, words: list[str], embedder: Embedder) -> np.ndarray:
        """Vectors of ``words``: the FAQ's own nouns from the index, other words embedded ("query"
        kind, as the nouns were) and kept, up to WORDS_KEPT of them."""
        new = [w for w in words if w not in self._position and w not in self._words]
        fresh = dict(zip(new, np.asarray(embedder.embed(new, "query"), dtype=np.float32))) if new else {}
        if fresh and len(self._words) + len(fresh) <= WORDS_KEPT:
            self._words.update(fresh)
        stored = stored_vectors(self.index)
        return np.stack([stored[self._position[w]] if w in self._position else fresh.get(w, self._words.get(w))
                         for w in words]).astype(np.float32)

    def coverage(self, question_nouns: list[str], rows_terms: list[list[str]], embedder: Embedder) -> list[float]:
        """For each row (given by its BM25 terms), how well it covers the question's Korean nouns: the
        lowest, over the question's nouns, of the cosine to the nearest of the row's nouns (1 for the
        same noun). 1.0 when the question or the row has no noun: nothing to compare."""
        rows_nouns = [sorted({t for t in terms if t in self._position}) for terms in rows_terms]
        question_nouns = list(dict.fromkeys(question_nouns))
        if not question_nouns or not any(rows_nouns):
            return [1.0] * len(rows_terms)
        asked = self._word_vectors(question_nouns, embedder)
        stored = stored_vectors(self.index)
        return [float((asked @ stored[[self._position[n] for n in nouns]].T).max(axis=1).min()) if nouns else 1.0
                for nouns in rows_nouns]

    @classmethod
    def build(cls, korean_nouns: Iterable[str], embedder: Embedder, cache: EmbeddingCache | None = None,
              workers: int = 1) -> tuple["KoreanLexicon", int]:
        """From the FAQ's Korean nouns (``lexical.nouns``); also returns how many had to be embedded (not cached)."""
        found = sorted(set(korean_nouns))
        vectors, embedded = embed_cached(embedder, found, "query", cache, workers)
        return cls(found, vectors.reshape(len(found), embedder.dim)), embedded

    def korean_for(self, words: list[str], embedder: Embedder,
                   min_similarity: float = MIN_SIMILARITY) -> list[str]:
        """For each English word, the FAQ noun nearest to it if close enough; each noun once."""
        if not words or not self.nouns:
            return []
        vectors = self._word_vectors(words, embedder)
        # FAISS's exact search, a word at a time: one thread, where a numpy product (or a batch) would
        # wake a pool of threads that then competes with the embedder's for the same cores.
        found = [self.index.search(vector[None, :], 1) for vector in vectors]
        picked = [self.nouns[int(best[0, 0])] for similarity, best in found
                  if best[0, 0] >= 0 and similarity[0, 0] >= min_similarity]
        return list(dict.fromkeys(picked))
