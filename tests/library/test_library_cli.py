"""`minwon library add|search|eval|list` from the shell, on a data folder of its own."""
from __future__ import annotations

import json

import pytest

from bot.cli import main
from tests.library.corpus import make_hwp5


@pytest.fixture()
def shell(tmp_path, monkeypatch):
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MINWON_DATABASE_URL", f"sqlite:///{tmp_path / 'var' / 'minwon.db'}")
    monkeypatch.setenv("MINWON_CONFIG", str(tmp_path / "none.toml"))
    return tmp_path


def test_add_search_list_and_eval(shell, small_laws, capsys):
    hwp = make_hwp5(shell / "옛 지침.hwp")
    assert main(["library", "add", str(small_laws), str(hwp), "--department", "질서행정과"]) == 1
    out, err = capsys.readouterr()
    assert "added 경범죄처벌법/법률: 경범죄 처벌법 (법률, 10 units)" in out and "Indexed 4 documents" in out
    assert "옛 지침.hwp: 한글 HWP 5 파일은 직접 읽지 못해요" in err and "1 file(s) were not added" in err

    assert main(["library", "search", "주민등록증 발급 사진 규격", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["answered"] is True and found["results"][0]["unit_id"] == "주민등록법/시행규칙#제9조"
    assert found["results"][0]["department"] == "질서행정과" and any(x["match"] for x in found["results"][0]["excerpt"])

    assert main(["library", "search", "주민등록증 발급 사진 규격"]) == 0
    assert "[1] 주민등록법 시행규칙 제9조" in capsys.readouterr().out

    assert main(["library", "list"]) == 0
    assert "4 document(s)" in capsys.readouterr().out

    queries = shell / "queries.csv"
    queries.write_text("query,expected\n주민등록증 발급 사진 규격,주민등록법/시행규칙#제9조\n"
                       "과태료 이의제기 기간,질서위반행위규제법/법률#제20조|경범죄처벌법/법률#제9조\n"
                       "국내 출장 여비 기준,\n", encoding="utf-8")
    assert main(["library", "eval", "--queries", str(queries), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"n", "hit_at_1", "hit_at_3", "mrr", "oos_rejection", "inscope_answer_rate"} <= set(report)
    assert report["n"] == 3 and report["library"]["documents"] == 4


def test_eval_on_a_folder_leaves_the_live_library_alone(shell, small_laws, capsys):
    queries = shell / "queries.csv"
    queries.write_text("query,expected\n주민등록증 사진,주민등록법/시행규칙#제9조\n없는 조문,주민등록법/시행규칙#제999조\n",
                       encoding="utf-8")
    assert main(["library", "eval", "--queries", str(queries), "--library", str(small_laws)]) == 0
    out = capsys.readouterr().out
    assert "4 documents" in out and "WARNING: expected unit 주민등록법/시행규칙#제999조 is not in the library" in out
    assert not (shell / "var" / "library" / "catalogue.json").exists()


def test_search_on_an_empty_library_says_how_to_fill_it(shell, capsys):
    assert main(["library", "search", "현수막"]) == 2
    assert "minwon library add PATH" in capsys.readouterr().err


def test_eval_half_keeps_one_fixed_half_of_the_questions(shell, small_laws, capsys):
    from bot.library.evaluation import half_of

    questions = ["주민등록증 사진", "과태료 이의제기 기간", "경범죄 범칙금 납부", "국내 출장 여비 기준", "주민등록 열람",
                 "과태료 징수 절차", "전입신고 기한"]
    halves = {h: [q for q in questions if half_of(q) == h] for h in "AB"}
    assert halves["A"] and halves["B"]                     # both halves hold some of these questions
    assert half_of(questions[0]) == half_of(questions[0])  # the same question always falls in the same half
    queries = shell / "queries.csv"
    queries.write_text("query,expected\n" + "".join(f"{q},\n" for q in questions), encoding="utf-8")
    for half, kept in halves.items():
        assert main(["library", "eval", "--queries", str(queries), "--library", str(small_laws), "--half", half,
                     "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["n"] == len(kept)
