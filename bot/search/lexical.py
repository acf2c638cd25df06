"""Korean lexical search: kiwipiepy morphemes (content words) + BM25."""
from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import bm25s
import numpy as np

_CONTENT_TAGS = ("NN", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "MAG")
_LATIN = re.compile(r"[a-z0-9]+")
POOL_FROM = 1000   # texts: from this many, analyse_many uses threads
ENGLISH_STOP_WORDS = set("a an the is are was were be been to of in on at for and or how what when where which who do "
                         "does did can could i my me you your it its this that there with by from about if as not no "
                         "yes get".split())


def _new_kiwi(num_workers: int | None = None):
    from kiwipiepy import Kiwi

    # Without the typo and multi-word dictionaries: 185 MB less per process (docs/adr/0004).
    return Kiwi(num_workers=num_workers, load_typo_dict=False, load_multi_dict=False)


@lru_cache(maxsize=1)
def _kiwi():
    return _new_kiwi()


_turn = threading.local()


@contextmanager
def one_pass_per_text() -> Iterator[None]:
    """Inside this block (one dialogue turn, on its own thread) each text is tokenised once: the FAQ search,
    the follow-up reading and the row names all read the resident's message, and asked kiwipiepy again each."""
    outer = getattr(_turn, "tokens", None)
    _turn.tokens = {} if outer is None else outer
    try:
        yield
    finally:
        _turn.tokens = outer


def tokenize(text: str) -> list:
    """kiwipiepy's tokens of ``text`` (the same list for the same text inside ``one_pass_per_text``: read only)."""
    kept = getattr(_turn, "tokens", None)
    if kept is None:
        return _kiwi().tokenize(text)
    found = kept.get(text)
    if found is None:
        found = kept[text] = _kiwi().tokenize(text)
    return found


def analyse(text: str) -> tuple[list[str], list[str]]:
    """One kiwipiepy pass: the text's BM25 terms (``terms``) and its Korean nouns (``nouns``)."""
    return _terms_and_nouns(tokenize(text))


def analyse_many(texts: list[str], workers: int = 1) -> list[tuple[list[str], list[str]]]:
    """``analyse`` of each text; a large FAQ's on ``workers`` threads of a Kiwi of their own, dropped
    afterwards (the same tokens in half the time on two cores: Seoul 120's 2,638 rows 18.8 → 8.4 s).
    Below POOL_FROM texts loading that Kiwi (2 s, 250 MB) would cost more than it saves; a question
    is always analysed on the calling thread, which is quicker for one text."""
    if workers <= 1 or len(texts) < POOL_FROM:
        return [analyse(text) for text in texts]
    return [_terms_and_nouns(tokens) for tokens in _new_kiwi(workers).tokenize(texts)]


def _terms_and_nouns(tokens) -> tuple[list[str], list[str]]:
    found, korean_nouns = [], []
    for token in tokens:
        if token.tag.startswith(_CONTENT_TAGS):
            form = token.form.lower()
            if token.tag == "SL":
                found.extend(w for w in _LATIN.findall(form) if w not in ENGLISH_STOP_WORDS)
            elif token.tag.startswith(("VV", "VA")):
                found.append(form + "다")
            else:
                found.append(form)
            if token.tag in ("NNG", "NNP") and len(token.form) >= 2:
                korean_nouns.append(token.form)
    return found, korean_nouns


def terms(text: str) -> list[str]:
    """Content morphemes in Korean; lower-cased words without stop words in English."""
    return analyse(text)[0]


def nouns(text: str) -> list[str]:
    """Korean common and proper nouns of two syllables or more (the words a lexicon maps to)."""
    return analyse(text)[1]


class BM25:
    """BM25 of each row's terms, by bm25s: Lucene's idf with the classic (k1 + 1) term weight (bm25s'
    ``atire`` weight), so a term occurring once in a row of average length scores exactly its idf."""

    def __init__(self, documents: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.n = len(documents)
        self._bm25 = bm25s.BM25(k1=k1, b=b, method="atire", idf_method="lucene", dtype="float64")
        self.idf: dict[str, float] = {}
        if any(documents):
            self._bm25.index(documents, create_empty_token=False, show_progress=False)
            rows_with = np.diff(self._bm25.scores["indptr"])    # per term: the rows holding it
            self.idf = {t: math.log(1 + (self.n - rows_with[i] + 0.5) / (rows_with[i] + 0.5))
                        for t, i in self._bm25.vocab_dict.items()}

    def scores(self, query: list[str]) -> dict[int, float]:
        """BM25 of every document sharing a term with the query (the others score 0)."""
        known = [t for t in set(query) if t in self.idf]
        if not known:
            return {}
        total = self._bm25.get_scores(known)
        found = np.flatnonzero(total)
        return dict(zip(found.tolist(), total[found].tolist()))

    def max_score(self, query: list[str]) -> float:
        """What a row of average length holding every query term once scores: to normalise to 0..1."""
        return sum(self.idf.get(t, 0.0) for t in set(query)) or 1.0
