"""bench/plain_embedder.py (the embedder alone, one passage per row) and bench/retrieval.py's pipeline parts switched
off for one variant, on the shipped demo FAQ with e5-small (no download)."""

from bench.plain_embedder import PlainIndex
from bench.retrieval import NO_ALTERNATES, NO_GLOSSARY, NO_LANGUAGE_BONUS, pipeline_parts, settings_only
from bot.answer import retrieve as retrieving
from bot.evaluation import Query
from bot.knowledge.faq import FaqRow
from bot.search import index as indexing
from bot.settings import ROOT, Settings
from tests.conftest import TODAY


def test_plain_passages_rank_a_rows_own_question_first(embedder, tmp_path):
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={})
    plain = PlainIndex(ROOT / "knowledge" / "faq", settings, embedder)
    assert plain.build["rows"] == len(plain.rows) == plain.build["embedded_now"] > 0
    rows = [r for r in plain.rows if r.lang == "ko"][:5]
    found = plain.outcomes([Query(r.question, {r.id}, "ko") for r in rows], embedder)
    assert [o.rank for o in found] == [1] * len(rows)
    assert all(-1.0 <= o.best <= 1.0 and o.passes_rules for o in found)
    # embedded once: a second index of the same FAQ takes every passage from the cache
    assert PlainIndex(ROOT / "knowledge" / "faq", settings, embedder).embedded == 0


def test_pipeline_parts_are_switched_off_for_one_variant_only():
    row = FaqRow(id="r-1", question="질문", answer="답", alternates=("다른 질문",))
    before = (retrieving.glossary_rewrite, retrieving.SAME_LANGUAGE_BONUS, indexing.row_units)
    overrides = {NO_GLOSSARY: True, NO_ALTERNATES: True, NO_LANGUAGE_BONUS: True, "lexical_weight": 0.0}
    assert settings_only(overrides) == {"lexical_weight": 0.0}
    with pipeline_parts(overrides):
        assert retrieving.glossary_rewrite("When do I pay property tax?") == ([], "when do i pay property tax?")
        assert retrieving.SAME_LANGUAGE_BONUS == 0.0
        assert [t for t, _ in indexing.row_units(row, 0, "passage")] == ["질문\n답"]
        assert NO_ALTERNATES in pipeline_parts.active
    assert (retrieving.glossary_rewrite, retrieving.SAME_LANGUAGE_BONUS, indexing.row_units) == before
    assert pipeline_parts.active == () and "다른 질문" in [t for t, _ in indexing.row_units(row, 0, "passage")]
