"""How the FAQ index ranks rows and what the in-scope decision compares, on hand-made vectors."""
import math

import faiss
import numpy as np

from bot.answer.pipeline import threshold_for
from bot.knowledge.faq import FaqRow
from bot.search.index import ANSWER_UNIT, PASSAGE_UNIT, QUESTION_UNIT, BuildStats, FaqIndex
from bot.search.versions import IndexStore
from bot.settings import Settings


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs + (0.0,) * (4 - len(xs)), dtype=np.float32)
    return v / np.linalg.norm(v)


QUERY = unit(1.0)


def with_cosine(c: float, axis: int) -> np.ndarray:
    """A unit vector whose cosine with QUERY is ``c``."""
    v = np.zeros(4, dtype=np.float32)
    v[0], v[axis] = c, np.sqrt(1 - c * c)
    return v


def two_rows() -> FaqIndex:
    # Row a: its question matches best (0.90), its answer does not (0.50).
    # Row b: question 0.88, and its answer says the same thing (0.85).
    vectors = np.vstack([with_cosine(0.90, 1), with_cosine(0.50, 2), with_cosine(0.88, 3), with_cosine(0.85, 1)])
    index = faiss.IndexFlatIP(4)
    index.add(vectors)
    rows = [FaqRow(id="a", question="qa", answer="aa"), FaqRow(id="b", question="qb", answer="ab")]
    return FaqIndex(rows, index, np.array([0, 0, 1, 1]), [["x"], ["y"]],
                    np.array([QUESTION_UNIT, ANSWER_UNIT, QUESTION_UNIT, ANSWER_UNIT], dtype=np.uint8))


def test_a_row_whose_answer_also_matches_ranks_first():
    index = two_rows()
    assert [c.row.id for c in index.search(QUERY, [], k=2, answer_weight=0.0)] == ["a", "b"]
    ranked = index.search(QUERY, [], k=2, answer_weight=0.2)
    assert [c.row.id for c in ranked] == ["b", "a"]
    assert abs(ranked[0].score - (0.88 + 0.2 * 0.85)) < 1e-5
    assert abs(ranked[0].dense - 0.88) < 1e-5        # the decision sees the best cosine, not the ranking score


def test_row_similarities_split_question_and_answer():
    question, answer = two_rows().row_similarities([1, 0], QUERY[None, :])
    assert np.allclose(question, [0.88, 0.90], atol=1e-5) and np.allclose(answer, [0.85, 0.50], atol=1e-5)


def test_hnsw_storage_gives_the_same_similarities():
    flat = two_rows()
    hnsw = faiss.IndexHNSWFlat(4, 8, faiss.METRIC_INNER_PRODUCT)
    hnsw.add(np.vstack([flat.index.reconstruct(u) for u in range(4)]))
    other = FaqIndex(flat.rows, hnsw, flat.unit_rows, flat.row_terms, flat.unit_kinds)
    for a, b in zip(flat.row_similarities([0, 1], QUERY[None, :]), other.row_similarities([0, 1], QUERY[None, :])):
        assert np.allclose(a, b)


def test_unit_kinds_survive_a_saved_version_and_old_versions_still_load(tmp_path):
    store = IndexStore(tmp_path)
    version = store.save(two_rows(), BuildStats(2, 4, 4, 0.1, "flat"), "fp", {})
    assert list(store.load(version).unit_kinds) == [0, 1, 0, 1]
    (tmp_path / version / "unit_kinds.npy").unlink()               # an index published before kinds were kept
    old = store.load(version)
    assert list(old.unit_kinds) == [0, 0, 0, 0]
    assert old.search(QUERY, [], k=1, answer_weight=0.2)[0].row.id == "a"


def test_english_questions_get_the_lower_threshold():
    settings = Settings.load({"answer_threshold": 0.875, "english_threshold_offset": 0.02}, environ={})
    assert threshold_for("ko", settings) == 0.875
    assert abs(threshold_for("en", settings) - 0.855) < 1e-9
    assert abs(threshold_for("en", settings, 0.89) - 0.87) < 1e-9   # a stricter caller's threshold moves too


def test_bm25_matches_the_textbook_formula():
    from bot.search.lexical import BM25

    docs = [["재산세", "납부", "기간"], ["종량제", "봉투", "구입", "봉투"], ["재산세", "분납"], []]
    bm25 = BM25(docs)
    n, avg, k1, b = len(docs), sum(map(len, docs)) / len(docs), 1.2, 0.75

    def expected(doc, query):
        score = 0.0
        for t in set(query):
            df = sum(t in d for d in docs)
            if df and t in doc:
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                tf = doc.count(t)
                score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg))
        return score

    for query in (["재산세"], ["봉투", "재산세", "없는말"], ["없는말"]):
        got = bm25.scores(query)
        want = {i: expected(d, query) for i, d in enumerate(docs) if expected(d, query) > 0}
        assert got.keys() == want.keys()
        assert all(abs(got[i] - want[i]) < 1e-9 for i in want)


def test_a_lexical_hit_on_a_row_without_vectors_is_skipped():
    index = two_rows()
    rows = [*index.rows, FaqRow(id="c", question=" ", answer=" ")]
    odd = FaqIndex(rows, index.index, index.unit_rows, [["x"], ["y"], ["재산세"]], index.unit_kinds)
    assert [c.row.id for c in odd.search(QUERY, ["재산세"], k=3, lexical_weight=0.1)] == ["a", "b"]


def test_a_whole_faq_is_analysed_on_both_cores_with_the_same_terms_and_nouns(monkeypatch):
    from bot.search import lexical
    from bot.search.lexical import analyse, analyse_many

    monkeypatch.setattr(lexical, "POOL_FROM", 50)
    texts = [f"{n}동 주민센터에서 전입신고와 등본 발급을 해요. Open {n} days" for n in range(80)]
    assert analyse_many(texts, workers=2) == [analyse(text) for text in texts]
    assert analyse_many(texts[:3], workers=2) == [analyse(text) for text in texts[:3]]


def test_a_row_embeds_its_question_a_passage_or_both():
    from bot.search.index import row_units

    row = FaqRow(id="r", question="여권 발급", answer="가" * 400, alternates=["여권 만들기"])
    passage = "여권 발급\n" + "가" * 300
    assert row_units(row, 80) == [("여권 발급", QUESTION_UNIT), ("여권 만들기", QUESTION_UNIT),
                                  ("가" * 80, ANSWER_UNIT)]
    assert row_units(row, 0, "passage") == [(passage, PASSAGE_UNIT), ("여권 만들기", QUESTION_UNIT)]
    assert row_units(row, 0, "both", 10) == [("여권 발급", QUESTION_UNIT), ("여권 발급\n" + "가" * 10, PASSAGE_UNIT),
                                             ("여권 만들기", QUESTION_UNIT)]
    try:
        row_units(row, 0, "answers")
    except ValueError as error:
        assert "question, passage, both" in str(error)
    else:
        raise AssertionError("an unknown unit must be refused")


def test_reciprocal_rank_fusion_weighs_both_lists_and_ignores_rows_bm25_missed():
    from bot.search.index import fused_ranks

    semantic = np.array([0.90, 0.80, 0.70])
    lexical = np.array([0.0, 0.2, 1.0])
    fused = fused_ranks(semantic, lexical, 60)
    # a: 1st dense, no BM25; b: 2nd and 2nd; c: 3rd dense, 1st BM25
    assert math.isclose(fused[0], 1.0)
    assert math.isclose(fused[1], 61 / 62 + 61 / 62) and math.isclose(fused[2], 61 / 63 + 1.0)
    assert fused[2] > fused[1] > fused[0]


def test_fusion_by_rank_keeps_the_cosine_the_decision_compares():
    index = two_rows()
    weighted = index.search(QUERY, [], k=2, answer_weight=0.2)
    fused = index.search(QUERY, [], k=2, answer_weight=0.2, rrf_k=60)
    assert [c.row.id for c in fused] == [c.row.id for c in weighted] == ["b", "a"]
    assert {c.row.id: c.dense for c in fused} == {c.row.id: c.dense for c in weighted}
