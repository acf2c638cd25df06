"""Latent terms: computed for a Korean FAQ's question units, cached, saved with the index version,
and used only for English questions."""
from dataclasses import replace

import numpy as np
import pytest

from bot.answer.context import AnswerContext
from bot.answer.pipeline import understand
from bot.knowledge.faq import FaqRow
from bot.publishing import embedding_cache
from bot.search import latent_terms
from bot.search.index import ANSWER_UNIT, QUESTION_UNIT, FaqIndex
from bot.search.versions import IndexStore
from tests.conftest import TODAY

RUBBISH = "Which nights am I allowed to leave my rubbish bags outside?"
FINE = "I want to dispute a parking fine I got while I was at the hospital"


def row(row_id, question, answer, lang="ko", alternates=()):
    return FaqRow(id=row_id, question=question, answer=answer, lang=lang, alternates=tuple(alternates),
                  category="test", department="청소행정과", phone="02-2286-5000", url="https://example.org",
                  file="t.csv", row=2)


KOREAN_ROWS = [row("k1", "음식물 쓰레기는 언제 버려요?", "저녁 8시 이후에 전용 용기에 버려요.", alternates=["음식물 배출 시간"]),
               row("k2", "주차 과태료에 이의신청할 수 있어요?", "고지서를 받은 날부터 기간 안에 의견을 내요."),
               row("e1", "When can I put out food waste?", "After 8 p.m., in the food waste bin.", lang="en")]


class Counting:
    """The real embedder, counting the latent-term encodings it is asked for."""

    def __init__(self, embedder):
        self._embedder, self.latent_calls = embedder, []

    def __getattr__(self, name):
        return getattr(self._embedder, name)

    def latent_terms(self, text, top):
        self.latent_calls.append(text)
        return self._embedder.latent_terms(text, top)


def test_a_korean_faq_gets_latent_terms_for_its_question_units_only(embedder):
    index, _ = FaqIndex.build(KOREAN_ROWS, embedder, answer_head_chars=80)
    assert index.latent is not None and index.latent.shape == (len(index.unit_rows), embedder.latent_dim)
    norms = np.sqrt(np.asarray(index.latent.multiply(index.latent).sum(axis=1)).ravel())
    assert np.allclose(norms[index.unit_kinds == QUESTION_UNIT], 1.0, atol=1e-5)
    assert np.all(norms[index.unit_kinds == ANSWER_UNIT] == 0)
    assert max(np.diff(index.latent.indptr)) <= latent_terms.TOP_TERMS


def test_an_english_faq_and_an_embedder_without_them_get_none(embedder):
    english = [replace(r, lang="en") for r in KOREAN_ROWS]
    assert FaqIndex.build(english, embedder)[0].latent is None

    class DenseOnly:
        name, dim = embedder.name, embedder.dim

        def embed(self, texts, kind):
            return embedder.embed(texts, kind)

    assert not latent_terms.supported(DenseOnly())
    assert FaqIndex.build(KOREAN_ROWS, DenseOnly())[0].latent is None


def test_latent_terms_are_cached_by_text(embedder, settings):
    cache = embedding_cache(settings)
    first = Counting(embedder)
    built, _ = FaqIndex.build(KOREAN_ROWS, first, cache)
    assert sorted(first.latent_calls) == sorted(["음식물 쓰레기는 언제 버려요?", "음식물 배출 시간",
                                                 "주차 과태료에 이의신청할 수 있어요?", "When can I put out food waste?"])
    again = Counting(embedder)
    rebuilt, _ = FaqIndex.build(KOREAN_ROWS, again, cache)
    assert again.latent_calls == []
    assert (built.latent != rebuilt.latent).nnz == 0


def test_a_saved_version_keeps_its_latent_terms(embedder, settings, tmp_path):
    index, stats = FaqIndex.build(KOREAN_ROWS, embedder)
    store = IndexStore(tmp_path / "index")
    loaded = store.load(store.save(index, stats, "fp", {}))
    assert (loaded.latent != index.latent).nnz == 0


# FINE: with question units alone its row came first only with latent terms (park-006 without); the
# passage units (the question and the answer's head) find it without them since 2026-12-07.
@pytest.mark.parametrize("question, without, expected", [(RUBBISH, "clean-002", "clean-001-en"),
                                                         (FINE, "park-007-en", "park-007-en")])
def test_latent_terms_put_the_right_row_first_for_english_questions(demo_index, embedder, settings, question,
                                                                    without, expected):
    def top(weight):   # the latent terms alone: without the Korean lexicon's help
        ctx = understand(AnswerContext(question, "en", TODAY), demo_index, embedder,
                         replace(settings, latent_weight=weight, lexicon_similarity=0.0), 3)
        return ctx.candidates[0].row.id

    assert demo_index.latent is not None
    assert top(0.0) == without and top(settings.latent_weight) == expected


def test_korean_questions_are_ranked_without_them(demo_index, embedder, settings):
    counting = Counting(embedder)
    ctx = understand(AnswerContext("음식물 쓰레기 언제 버려요?", "ko", TODAY), demo_index, counting, settings, 3)
    assert counting.latent_calls == [] and ctx.candidates
    english = understand(AnswerContext(RUBBISH, "en", TODAY), demo_index, counting, settings, 3)
    assert counting.latent_calls == [RUBBISH] and english.candidates


def test_latent_terms_computed_on_both_cores_are_the_same_as_one_at_a_time(embedder):
    from bot.search.cache import latent_terms_many

    texts = [f"{n}번 버스 정류장 위치와 첫차 시간이 궁금해요" for n in range(70)]   # enough for the workers
    spread = latent_terms_many(embedder, texts, latent_terms.TOP_TERMS, workers=2)
    alone = [embedder.latent_terms(text, latent_terms.TOP_TERMS) for text in texts]
    assert len(spread) == len(texts)
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(spread, alone))
