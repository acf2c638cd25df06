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


def test_test_files_are_reported_apart_and_leave_the_dev_figures_alone(tmp_path, settings, embedder):
    faq, queries = _files(tmp_path)
    test = tmp_path / "test.csv"
    test.write_text("query,expected_id,lang\n음식물 쓰레기 버리는 시간,w-2,ko\nBitcoin price today?,,en\n", encoding="utf-8")
    alone = evaluate(faq, queries, settings, embedder)
    report = evaluate(faq, queries, settings, embedder, test_paths=[test])
    assert "test" not in alone
    assert {k: v for k, v in report.items() if k not in ("test", "faq")} == \
        {k: v for k, v in alone.items() if k != "faq"}             # the dev keys keep their meaning
    part = report["test"]
    assert (part["n"], part["n_inscope"], part["n_oos"]) == (2, 1, 1)
    assert part["hit_at_1"] == 1.0 and part["oos_rejection"] == 1.0
    assert set(part["by_lang"]) == {"ko", "en"} and part["files"]["test.csv"]["n"] == 2


def test_a_dev_files_test_files_are_found_beside_it(tmp_path):
    from bot.evaluation import companion_test_files

    for name in ("city_queries.csv", "city_test.csv", "city_heldout.csv", "city_heldout_topics.csv",
                 "town_heldout.csv"):
        (tmp_path / name).write_text("query,expected_id,lang\n", encoding="utf-8")
    assert [p.name for p in companion_test_files(tmp_path / "city_queries.csv")] == \
        ["city_test.csv", "city_heldout.csv", "city_heldout_topics.csv"]
    assert companion_test_files(tmp_path / "other.csv") == []


def test_the_command_prints_dev_and_test_apart(tmp_path, capsys, monkeypatch):
    faq, _ = _files(tmp_path)
    dev, test = tmp_path / "city_queries.csv", tmp_path / "city_test.csv"
    dev.write_text(QUERIES, encoding="utf-8")
    test.write_text("query,expected_id,lang\n강아지 동물등록,p-1,ko\n", encoding="utf-8")
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "var"))
    assert main(["eval", "--faq", str(faq), "--queries", str(dev), "--with-test"]) == 0
    printed = capsys.readouterr().out
    assert "dev (city_queries.csv):" in printed and "test (city_test.csv; report only" in printed
    assert main(["eval", "--faq", str(faq), "--queries", str(dev), "--test", str(test), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] == 5 and report["test"]["n"] == 1


def test_the_split_is_a_stratified_quarter_and_does_not_move_on_a_second_run():
    from scripts.split_queries import split, stratum

    rows = [{"query": f"q{i}", "expected_id": "r" if i % 3 else "", "lang": "en" if i % 5 == 0 else "ko"}
            for i in range(200)]
    dev, test = split(rows)
    assert len(dev) + len(test) == 200 and not {r["query"] for r in dev} & {r["query"] for r in test}
    for key in {stratum(r) for r in rows}:
        whole = sum(stratum(r) == key for r in rows)
        assert sum(stratum(r) == key for r in test) == int(whole / 4 + 0.5)
    again_dev, again_test = split(dev + test)
    assert again_dev == dev and {r["query"] for r in again_test} == {r["query"] for r in test}


def test_our_query_files_are_split_by_the_rule():
    import subprocess
    import sys

    from bot.settings import ROOT

    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "split_queries.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
