"""The gazetteer (knowledge/tables/places.csv): the shipped table is clean, and `minwon validate` names the
file, row and column of a 동 that is not the district's and of a name that collides."""
from __future__ import annotations

import pytest

from bot.dialogue.places import load_places, place_in, place_problems
from bot.knowledge.district import load_district
from bot.settings import ROOT

TABLES = ROOT / "knowledge" / "tables"
HEADER = "# 예시 데이터\nplace,place_en,aliases,dong\n"


@pytest.fixture(scope="module")
def schedules():
    return load_district(TABLES).schedules


def test_the_shipped_gazetteer_is_large_and_clean(schedules):
    assert place_problems(TABLES, ROOT / "knowledge", schedules) == []
    names = load_places(TABLES / "places.csv", {s.dong for s in schedules})
    assert len({place.name for place in names.values()}) >= 100


@pytest.mark.parametrize("text, dong", [
    ("왕십리역 4번 출구 앞", "행당1동"),
    ("서울숲역 3번출구 쪽이요", "성수1가1동"),
    ("seoul forest station exit 5", "성수1가1동"),
    ("한양대병원 앞 버스정류장", "사근동"),
    ("용답시장 입구 쪽 골목이요", "용답동"),
    ("신금호역 2번 출구", "금호2·3가동"),
    ("축산물시장 앞 인도", "마장동"),
])
def test_names_residents_use_find_the_dong(schedules, text, dong):
    place = place_in(text, load_places(TABLES / "places.csv", {s.dong for s in schedules}))
    assert place is not None and place.dong == dong


@pytest.mark.parametrize("rows, where, says", [
    ("서울숲,Seoul Forest,,성수1가9동\n", "row 3, column dong", "not a dong"),
    ("서울숲,Seoul Forest,,성수1가1동\n서울숲공원,,서울 숲,성수1가1동\n", "row 4, column aliases", "also a name of"),
    ("성수 일대,,성수,성수1가1동\n", "row 3, column aliases", "inside the 동 alias '성수'"),
    ("행당1동 주민센터 앞,,,행당2동\n", "row 3, column place", "contains the name of the 동 '행당1동'"),
    (",Nowhere,,행당1동\n", "row 3, column place", "empty"),
])
def test_problems_name_file_row_and_column(tmp_path, schedules, rows, where, says):
    (tmp_path / "places.csv").write_text(HEADER + rows, encoding="utf-8")
    problems = [str(p) for p in place_problems(tmp_path, None, schedules)]
    assert any(p.startswith(f"places.csv {where}: ") and says in p for p in problems), problems


def test_a_place_in_its_own_dong_alias_and_a_cp949_file_are_fine(tmp_path, schedules):
    (tmp_path / "places.csv").write_bytes((HEADER + "마장축산물시장,,축산물시장,마장동\n").encode("cp949"))
    assert place_problems(tmp_path, None, schedules) == []
    assert place_in("축산물시장 입구", load_places(tmp_path / "places.csv", {"마장동"})).dong == "마장동"


def test_a_missing_column_rejects_the_file(tmp_path, schedules):
    (tmp_path / "places.csv").write_text("place,aliases\n서울숲,\n", encoding="utf-8")
    assert [str(p) for p in place_problems(tmp_path, None, schedules)] == ["places.csv row 1: column 'dong' is required"]
