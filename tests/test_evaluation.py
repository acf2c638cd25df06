"""`minwon eval`: its figures on a small FAQ, and the thresholds it suggests for another embedder or FAQ."""
from __future__ import annotations

import json

from bot.cli import main
from bot.evaluation import Outcome, Query, evaluate, highest_threshold, suggest_thresholds

FAQ = """id,question,answer,alternates,category,department,phone,url,lang
w-1,대형폐기물은 어떻게 버려요?,구청 누리집에서 신고하고 수수료를 낸 뒤 필증을 붙여 내놓아요.,소파 버리기|가구 버리기,청소,청소행정과,02-2286-5622,https://example.org/1,ko
w-2,음식물 쓰레기는 언제 내놓아요?,해가 진 뒤부터 자정 전까지 전용 용기에 담아 내놓아요.,,청소,청소행정과,02-2286-5622,https://example.org/2,ko
p-1,반려견 등록은 어디서 해요?,동물등록 대행 동물병원이나 구청 지역경제과에서 해요.,강아지 등록,반려동물,지역경제과,02-2286-5000,https://example.org/3,ko
"""
QUERIES = """query,expected_id,lang
쇼파 버리려면 어떻게 해요,w-1,ko
음쓰 몇시에 버려요,w-2,ko
강아지 등록 어디서 하나요,p-1,ko
How do I throw away a sofa?,w-1,en
주식 뭐 살까요,,ko
"""


def _files(tmp_path):
    (tmp_path / "faq.csv").write_text(FAQ, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    return tmp_path / "faq.csv", tmp_path / "queries.csv"


def test_figures_on_a_small_faq(tmp_path, settings, embedder):
    faq, queries = _files(tmp_path)
    report = evaluate(faq, queries, settings, embedder)
    assert report["n_inscope"] == 4 and report["n_oos"] == 1
    assert report["by_lang"]["ko"]["hit_at_1"] == 1.0
    assert report["oos_rejection"] == 1.0          # a stock tip is not a district topic
    assert report["faq"]["rows"] == 3
    assert set(report["suggested"]) >= {"answer_threshold", "english_threshold_offset", "oos_rejection"}


def test_the_command_prints_figures_and_a_suggestion(tmp_path, capsys, monkeypatch):
    faq, queries = _files(tmp_path)
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "var"))
    assert main(["eval", "--faq", str(faq), "--queries", str(queries)]) == 0
    printed = capsys.readouterr().out
    assert "hit@1=" in printed and "suggested: MINWON_ANSWER_THRESHOLD=" in printed
    assert main(["eval", "--faq", str(faq), "--queries", str(queries), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_lang"]["en"]["n"] == 1


def outcome(best: float, lang: str = "ko", expected: bool = True, passes_rules: bool = True) -> Outcome:
    return Outcome(Query("q", {"row"} if expected else set(), lang), 1, passes_rules, best)


def test_the_highest_threshold_that_answers_nine_in_ten():
    scores = [0.9512, 0.9412, 0.9312, 0.9212, 0.9112, 0.9012, 0.8912, 0.8812, 0.8712, 0.8012]
    outcomes = [outcome(s) for s in scores] + [outcome(0.99, expected=False)]
    assert highest_threshold(outcomes) == 0.871           # answers 9 of 10; 0.8012 is left out
    assert sum(o.answered(0.871) for o in outcomes if o.query.expected) == 9
    # A question the rules refuse counts as unanswered whatever its score.
    assert highest_threshold([outcome(s, passes_rules=s != 0.9512) for s in scores]) == 0.801


def test_suggestions_per_language(settings):
    korean = [outcome(0.9004 + i / 100) for i in range(10)]     # the ninth highest: 0.9104
    english = [outcome(0.8504 + i / 100, "en") for i in range(10)]
    oos = [outcome(0.95, expected=False), outcome(0.50, expected=False)]
    both = suggest_thresholds(korean + english + oos, settings)
    assert (both["answer_threshold"], both["english_threshold_offset"]) == (0.91, 0.05)
    assert both["inscope_answer_rate"] == 0.9 and both["oos_rejection"] == 0.5
    only_english = suggest_thresholds(english, settings)   # keeps the configured offset
    assert only_english["english_threshold_offset"] == settings.english_threshold_offset
    assert only_english["answer_threshold"] == round(0.86 + settings.english_threshold_offset, 3)
