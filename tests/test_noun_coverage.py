"""Noun coverage: how well the best row covers a Korean question's nouns lowers the similarity the
in-scope decision compares, so a near-domain question the FAQ does not answer is referred, not answered
with the nearest row (docs/adr/0003-retrieval.md, "Noun coverage")."""
import datetime as dt
from dataclasses import replace

import pytest

from bot.answer.context import AnswerContext
from bot.answer.decide import decide
from bot.answer.pipeline import understand
from bot.knowledge.faq import FaqRow
from bot.search.index import Candidate, FaqIndex
from bot.search.lexical import nouns
from bot.settings import Settings
from tests.conftest import TODAY


def row(row_id, question, answer, lang="ko"):
    return FaqRow(id=row_id, question=question, answer=answer, lang=lang, category="test", department="복지정책과",
                  phone="02-2286-5000", url="https://example.org", file="t.csv", row=2)


ROWS = [row("boiler", "노후 보일러 교체 지원이 있어요?", "친환경 보일러로 바꾸면 설치비 일부를 지원해요."),
        row("postnatal", "산후조리 비용을 지원받을 수 있어요?", "출산 가정에 산후조리 비용을 지원해요."),
        row("postnatal-en", "Can I get help with postnatal care costs?", "Families with a newborn get support.",
            lang="en")]


@pytest.fixture(scope="module")
def index(embedder):
    return FaqIndex.build(ROWS, embedder)[0]


def candidates(index, *ids):
    by_id = {r.id: r for r in index.rows}
    return [Candidate(by_id[i], 0.9, 0.0, 0.9) for i in ids]


def test_a_row_that_names_the_question_s_nouns_covers_it_and_one_that_does_not_falls_short(index, embedder):
    found = candidates(index, "boiler", "postnatal")
    index.coverage(nouns("보일러 교체 지원금 있나요"), found, embedder)
    boiler, postnatal = (c.coverage for c in found)
    assert boiler > 0.95          # 보일러, 교체 in the row; 지원금 close to its 지원
    assert postnatal < 0.9        # nothing in the postnatal-care row is close to 보일러
    assert postnatal < boiler


def test_the_same_nouns_cover_fully_and_no_nouns_leave_coverage_alone(index, embedder):
    found = candidates(index, "boiler", "postnatal-en")
    index.coverage(nouns("보일러 교체"), found, embedder)
    assert found[0].coverage == pytest.approx(1.0, abs=1e-5)
    assert found[1].coverage == 1.0               # an English row has no Korean nouns: nothing to compare
    untouched = candidates(index, "postnatal")
    index.coverage([], untouched, embedder)       # "이거 어떻게 해요": no nouns
    assert untouched[0].coverage == 1.0


def test_a_noun_the_faq_lacks_is_embedded_once_and_the_faq_s_own_never(index, embedder):
    asked = []

    class Counting:
        def embed(self, texts, kind):
            asked.append(list(texts))
            return embedder.embed(texts, kind)

    index.coverage(["보일러", "난방비"], candidates(index, "postnatal"), Counting())
    index.coverage(["보일러", "난방비"], candidates(index, "boiler"), Counting())
    assert "보일러" in index.lexicon.nouns and "난방비" not in index.lexicon.nouns
    assert asked == [["난방비"]]


def test_an_english_faq_has_no_lexicon_and_so_no_coverage(embedder):
    english = FaqIndex.build([r for r in ROWS if r.lang == "en"], embedder)[0]
    found = [Candidate(english.rows[0], 0.9, 0.0, 0.9)]
    english.coverage(["보일러"], found, embedder)
    assert found[0].coverage == 1.0


def context(coverage, dense=0.88):
    ctx = AnswerContext("보일러 교체 지원금", "ko", dt.date(2026, 12, 3))
    ctx.candidates = [Candidate(ROWS[1], dense, 0.5, 1.0, coverage)]
    return ctx


def test_decide_lowers_the_cosine_by_the_coverage_gap():
    assert Candidate(ROWS[1], 0.88, 0.5, 1.0, 0.8).similarity(0.15) == pytest.approx(0.85)
    refused = decide(context(0.8), 0.861, coverage_weight=0.15)
    assert refused.refusal == "out_of_scope"
    assert "noun coverage 0.800" in refused.notes[-1] and "cosine 0.880" in refused.notes[-1]
    assert decide(context(0.8), 0.861, coverage_weight=0.0).refusal is None    # off: the cosine alone
    assert decide(context(0.99), 0.861, coverage_weight=0.15).refusal is None  # covered: answered
    answered = decide(context(0.99), 0.861, coverage_weight=0.15)
    assert [c.row.id for c in answered.sources] == ["postnatal"]


def test_the_pipeline_measures_coverage_for_korean_questions_only(index, embedder, tmp_path):
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={})
    korean = understand(AnswerContext("보일러 교체 지원금 있나요", "ko", TODAY), index, embedder, settings, 3)
    assert korean.candidates[0].row.id == "boiler" and korean.candidates[0].coverage > 0.95
    assert any(c.coverage < 0.9 for c in korean.candidates if c.row.id == "postnatal")
    english = understand(AnswerContext("Is there support for replacing a boiler?", "en", TODAY), index, embedder,
                         settings, 3)
    assert all(c.coverage == 1.0 for c in english.candidates)
    off = understand(AnswerContext("보일러 교체 지원금 있나요", "ko", TODAY), index, embedder,
                     replace(settings, coverage_weight=0.0), 3)   # not used: not computed
    assert off.candidates[0].row.id == "boiler" and all(c.coverage == 1.0 for c in off.candidates)


def test_a_translated_english_question_is_covered_by_its_korean(index, embedder, tmp_path):
    from bot.answer.retrieve import retrieve

    ctx = AnswerContext("Is there support for replacing a boiler?", "en", TODAY)
    ctx.translation = "보일러 교체 지원이 있나요?"
    retrieve(ctx, index, embedder, 3, 0.1, 0.2)
    by_id = {c.row.id: c.coverage for c in ctx.candidates}
    assert by_id["boiler"] > 0.95 and by_id["postnatal"] < 0.9
