"""Which 동 a position is in: boundary first, else the nearest centre within its radius, else outside."""
from __future__ import annotations

import pytest

from bot.complaints.dong_areas import DongArea, dong_at, load_dong_areas
from bot.knowledge.files import KnowledgeError
from bot.settings import ROOT

HEADER = "dong,latitude,longitude,radius_m,boundary,source_url\n"


def test_the_shipped_sample_table():
    areas = load_dong_areas(ROOT / "knowledge" / "tables")
    assert len(areas) == 17
    assert dong_at(areas, 37.5612, 127.0371) == "행당1동"        # 왕십리역
    assert dong_at(areas, 37.5445, 127.0559) == "성수2가1동"      # 성수역
    assert dong_at(areas, 37.4979, 127.0276) is None             # 강남역: another district


def test_a_boundary_wins_over_a_nearer_centre():
    square = ((37.50, 127.00), (37.50, 127.02), (37.52, 127.02), (37.52, 127.00))
    areas = [DongArea("가동", 37.51, 127.01, 100, square), DongArea("나동", 37.5195, 127.0195, 5000)]
    assert dong_at(areas, 37.519, 127.019) == "가동"
    assert dong_at(areas, 37.53, 127.03) == "나동"


@pytest.mark.parametrize("row, column", [
    ("행당1동,north,127.03,1000,,\n", "latitude"),
    ("행당1동,37.55,127.03,1000,37.5 127.0|37.6,\n", "boundary"),
    (",37.55,127.03,1000,,\n", "dong"),
])
def test_staff_errors_name_row_and_column(tmp_path, row, column):
    (tmp_path / "dong_areas.csv").write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(KnowledgeError) as failed:
        load_dong_areas(tmp_path)
    assert f"row 2, column {column}" in str(failed.value)


def test_a_dong_is_shown_in_the_residents_language_with_its_korean_name(district):
    assert district.dong_shown("옥수동", "ko") == "옥수동"
    assert district.dong_shown("옥수동", "en") == "Oksu-dong (옥수동)"
    assert district.dong_shown("없는동", "en") == "없는동"     # a name the tables don't know stays as given
