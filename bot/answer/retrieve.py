"""Retrieve: the FAQ rows nearest to the question (dense + lexical), language-aware.

An English question about a Korean FAQ is also searched with its civic terms
rewritten into Korean (``bot/search/glossary_en_ko.tsv``), because the
multilingual embedder alone matches English to Korean poorly; its other words
take the FAQ's nearest Korean nouns (``bot/search/korean_lexicon.py``). An English question about
a FAQ written mostly in English is also ranked by an English model (``bot/search/english_model.py``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.answer.context import AnswerContext
from bot.search import latent_terms
from bot.search.embedders import Embedder
from bot.search.index import FaqIndex
from bot.search.korean_lexicon import english_words
from bot.search.lexical import analyse, terms

SAME_LANGUAGE_BONUS = 0.03
GLOSSARY = Path(__file__).resolve().parent.parent / "search" / "glossary_en_ko.tsv"


@lru_cache(maxsize=1)
def glossary() -> list[tuple[re.Pattern, list[str]]]:
    if not GLOSSARY.exists():
        return []
    entries = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines()[1:]:
        english, _, korean = line.partition("\t")
        if english.strip() and korean.strip():
            entries.append((english.strip().lower(), korean.strip().split("|")))
    entries.sort(key=lambda e: -len(e[0]))
    return [(re.compile(r"\b" + re.escape(en) + r"s?\b"), ko) for en, ko in entries]


def glossary_rewrite(question: str) -> tuple[list[str], str]:
    """Korean civic terms for the English phrases in ``question``, longest phrases first, and
    what is left of the question without those phrases."""
    text, found = question.lower(), []
    for pattern, korean in glossary():
        if pattern.search(text):
            found.extend(k for k in korean if k not in found)
            text = pattern.sub(" ", text)
    return found, text


def lexicon_nouns(leftover: str, rewritten: list[str], index: FaqIndex, embedder: Embedder,
                  min_similarity: float) -> list[str]:
    """The FAQ's Korean nouns for the English words the glossary left over (``leftover``), other than
    the glossary's own (``rewritten``); none when the FAQ has no lexicon (a FAQ mostly in English)."""
    if index.lexicon is None or not min_similarity:
        return []
    return [n for n in index.lexicon.korean_for(english_words(leftover), embedder, min_similarity) if n not in rewritten]


def query_forms(question: str, translation: str | None = None, rewritten: list[str] | None = None,
                korean_form: bool = True) -> tuple[list[str], list[str], list[str]]:
    """The texts to embed and the terms to match: the question, the LLM's Korean when the translate
    step made one, and the glossary's Korean terms for an English question (last; ``korean_form`` False: they
    are terms only, not a text embedded); and the Korean nouns of the translation, or else of the question
    (for noun coverage), from the same kiwipiepy pass."""
    question_terms, korean_nouns = analyse(question)
    queries, query_terms = [question], list(question_terms)
    if translation:
        translation_terms, korean_nouns = analyse(translation)
        queries.append(translation)
        query_terms += translation_terms
    if rewritten:
        if korean_form:
            queries.append(" ".join(rewritten))
        query_terms += [t for k_term in rewritten for t in terms(k_term)]
    return queries, query_terms, korean_nouns


def retrieve(ctx: AnswerContext, index: FaqIndex, embedder: Embedder, k: int, lexical_weight: float,
             answer_weight: float = 0.0, latent_weight: float = 0.0, lexicon_similarity: float = 0.0,
             english_weight: float = 0.0, rrf_k: int = 0, coverage: bool = True,
             korean_forms: bool = True) -> AnswerContext:
    """``coverage`` False: the candidates' noun coverage is not computed (the settings do not use it; a Korean
    question's nouns the FAQ lacks would be embedded for nothing). ``korean_forms`` False: an English question is
    embedded as it is written only; the glossary's and the lexicon's Korean words rank (BM25) and make it specific
    as terms, but are not embedded as a Korean form of it (``english_korean_forms``)."""
    rewritten, leftover = glossary_rewrite(ctx.question) if ctx.lang == "en" else ([], "")
    queries, query_terms, korean_nouns = query_forms(ctx.question, ctx.translation, rewritten, korean_forms)
    # The lexicon's nouns rank rows (a form of their own, and BM25) but do not make a row look closer
    # to the in-scope decision: they are induced, not written (bot/search/korean_lexicon.py).
    added = lexicon_nouns(leftover, rewritten, index, embedder, lexicon_similarity) if ctx.lang == "en" else []
    query_terms = query_terms + added
    ctx.specificity = index.specificity(query_terms)
    # An English question about a Korean FAQ is also matched by latent terms (bot/search/latent_terms.py).
    cross_lingual = latent_weight and ctx.lang == "en" and index.latent is not None and latent_terms.supported(embedder)
    query_latent = latent_terms.encode(embedder, [ctx.question]) if cross_lingual else None
    # With nouns from the lexicon, the glossary's Korean form (the last one) gives way to one with them added.
    ranking = (queries[:-1] if rewritten else queries) + [" ".join(rewritten + added)] if added and korean_forms else []
    english = index.english.encode(ctx.question) if english_weight and ctx.lang == "en" and index.english else None
    vectors = np.asarray(embedder.embed(queries + ranking, "query"))
    found = index.search(vectors[:len(queries)], query_terms, k + 5, lexical_weight, answer_weight, query_latent,
                         latent_weight, vectors[len(queries):] if ranking else None, english, english_weight, rrf_k)
    in_force = [c for c in found if c.row.in_force(ctx.today)]
    # Between near-equal rows, the one in the resident's language wins (an English twin of a Korean row).
    in_force.sort(key=lambda c: -(c.score + (SAME_LANGUAGE_BONUS if c.row.lang == ctx.lang else 0.0)))
    ctx.candidates = in_force[:k]
    # How well each covers the Korean question's nouns (or the translation's), for decide.
    if coverage and (ctx.translation or ctx.lang == "ko"):
        index.coverage(korean_nouns, ctx.candidates, embedder)
    if ctx.candidates:
        top = ctx.candidates[0]
        ctx.notes.append(f"retrieve: {top.row.id} dense={top.dense:.3f} lexical={top.lexical:.3f}"
                         + (f" lexicon={' '.join(added)}" if added else ""))
    return ctx
