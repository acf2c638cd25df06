"""Phone numbers residents are told come from one table (issue 20, item 6), and every source link
should be the row's own page (item 7). `minwon validate` names both files, rows and columns."""
from __future__ import annotations

import re
import shutil

import pytest

from bot.cli import main
from bot.knowledge.district import load_district
from bot.knowledge.faq import load_faq
from bot.knowledge.contacts import faq_contact_problems
from bot.publishing import publish
from bot.knowledge.files import KnowledgeError
from bot.settings import ROOT, Settings
from tests.conftest import TODAY


@pytest.fixture()
def knowledge(tmp_path, monkeypatch):
    """A copy of the shipped knowledge, for `minwon validate` to read."""
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    monkeypatch.setenv("MINWON_KNOWLEDGE_DIR", str(folder))
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("MINWON_TODAY", TODAY.isoformat())
    return folder


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def departments_row(folder, name: str) -> int:
    lines = (folder / "tables" / "departments.csv").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if f",{name}," in line)


def test_the_shipped_files_agree_with_the_departments_table(district):
    faq = load_faq(ROOT / "knowledge" / "faq", TODAY, base=ROOT / "knowledge")
    assert [p for p in district.problems + faq_contact_problems(district.departments, faq.rows + faq.expired)
            if "departments.csv" in p.message] == []
    phones = {d.name: d.phone for d in district.departments}
    rows = {row.id: row for row in faq.rows}
    # the three: the passport FAQ, the traffic division, the Basic Pension row (1355 is the NPS)
    assert {r.phone for r in faq.rows if r.department == "민원여권과"} <= {"", phones["민원여권과"]}
    assert {c.phone for c in district.complaint_categories if c.department == "교통행정과"} == {phones["교통행정과"]}
    pension = next(p for p in district.welfare if p.name == "기초연금")
    assert (pension.department, pension.phone) == ("국민연금공단", "1355")
    assert rows["cert-001"].department == "민원여권과"


def test_a_contradicting_faq_phone_fails_validate_naming_both_places(knowledge, capsys):
    edit(knowledge / "faq" / "certificates.csv", "민원여권과,02-2286-5281", "민원여권과,02-2286-5172")
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    error = next(line for line in out.splitlines() if line.startswith("ERROR") and "5172" in line)
    assert re.match(r"ERROR: faq/certificates\.csv row \d+, column phone: 02-2286-5172 for 민원여권과 contradicts "
                    rf"tables/departments\.csv row {departments_row(knowledge, '민원여권과')}, column phone \(02-2286-5281\)",
                    error), error


def test_a_contradicting_table_phone_and_a_number_in_a_text_fail_validate(knowledge, capsys):
    edit(knowledge / "tables" / "welfare.csv", "국민연금공단,National Pension Service,1355",
         "어르신장애인과,Senior and Disability Welfare Division,1355")
    edit(knowledge / "tables" / "bulky_booking.csv", "청소행정과 02-2286-5525", "청소행정과 02-2286-5412")
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"ERROR: tables/welfare\.csv row 3, column phone: 1355 for 어르신장애인과 contradicts "
                     rf"tables/departments\.csv row {departments_row(knowledge, '어르신장애인과')}, column phone", out), out
    assert re.search(r"ERROR: tables/bulky_booking\.csv row 3, column contact: 02-2286-5412 for 청소행정과 contradicts "
                     r"tables/departments\.csv row \d+, column phone \(02-2286-5525\)", out), out


def test_publishing_refuses_a_contradiction_and_fills_an_empty_phone(knowledge, tmp_path, embedder):
    settings = Settings.load()
    edit(knowledge / "faq" / "certificates.csv", "민원여권과,02-2286-5281", "민원여권과,02-2286-5172")
    with pytest.raises(KnowledgeError, match="contradicts tables/departments.csv"):
        publish(settings, embedder=embedder)
    edit(knowledge / "faq" / "certificates.csv", "민원여권과,02-2286-5172", "민원여권과,")
    faq = load_faq(knowledge / "faq", TODAY, base=knowledge)
    assert not any(p.severity == "error" for p in faq_contact_problems(
        load_district(knowledge / "tables", base=knowledge).departments, faq.rows))


def test_an_unknown_department_is_a_warning_that_says_where_to_add_it(knowledge, capsys):
    edit(knowledge / "faq" / "certificates.csv", "민원여권과,02-2286-5281", "여권민원과,02-2286-5281")
    assert main(["validate"]) == 0
    assert re.search(r"WARNING: faq/certificates\.csv row \d+, column department: '여권민원과' is not in "
                     r"tables/departments\.csv: add it there \(with its phone and English name\)", capsys.readouterr().out)


def test_rows_that_link_only_a_home_page_are_listed(knowledge, capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert ("WARNING: tables/waste_collection.csv, column source_url: row(s) 3–19 link only a site's home page: "
            "give each row the address of the page about it") in out
    edit(knowledge / "tables" / "waste_collection.csv", "Days and times are samples; please check with your community "
         "centre.\",https://www.sd.go.kr", "Days and times are samples; please check with your community centre.\","
         "https://www.sd.go.kr/main/contents.do?key=0000")
    assert main(["validate"]) == 0
    assert "column source_url: row(s) 4–19 link only" in capsys.readouterr().out


def test_a_missing_english_name_says_which_row_and_why(knowledge, capsys):
    """English residents are told a department's English name (bot/answer/korean_only.py): staff learn which
    file, row and column is empty, and what the column is for."""
    edit(knowledge / "tables" / "departments.csv", "주차관리과,Parking Management Division,", "주차관리과,,")
    edit(knowledge / "tables" / "offices.csv", "마장동 주민센터,Majang-dong Community Service Center,", "마장동 주민센터,,")
    assert main(["validate"]) == 1
    errors = [line for line in capsys.readouterr().out.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR: tables/offices.csv row 6, column name_en: empty: this column is required (the English name residents "
        "who write in English are told, e.g. 'Seongdong-gu Office')",
        f"ERROR: tables/departments.csv row {departments_row(knowledge, '주차관리과')}, column name_en: empty: this "
        "column is required (the English name residents who write in English are told, e.g. 'Parking Management "
        "Division')"]


def test_a_table_without_the_english_name_column_says_what_it_is_for(knowledge, capsys):
    path = knowledge / "tables" / "departments.csv"
    edit(path, "id,name,name_en,kind,", "id,name,kind,")
    assert main(["validate"]) == 1
    assert ("ERROR: tables/departments.csv row 2, column name_en: required column missing from the header (the English "
            "name residents who write in English are told, e.g. 'Parking Management Division')"
            ) in capsys.readouterr().out
