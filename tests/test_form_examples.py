"""The complaint form's examples (which 동, where) name the district's own places, from its tables: the 동
of waste_collection.csv, a station and a market of the gazetteer (places.csv), a community centre's address
(offices.csv). Another district's deployment shows its own, in Korean and English."""
from __future__ import annotations

import shutil
from dataclasses import replace

from bot.dialogue.places import Place
from bot.dialogue.texts import SAID, examples, said
from bot.knowledge.district import load_district
from bot.settings import ROOT

EXAMPLE_LINES = ["ask_dong_again", "ask_where", "ask_where_again", "ask_location", "ask_location_again"]
SEONGDONG = ("왕십리", "행당", "마장", "금남", "성수", "Wangsimni", "Haengdang", "Majang", "Seongsu")


def haeundae(district):
    """Busan's Haeundae-gu: its own 동, gazetteer and community centre."""
    schedules = [replace(s, dong=ko, dong_en=en, aliases=())
                 for s, (ko, en) in zip(district.schedules, [("우1동", "U 1-dong"), ("중1동", "Jung 1-dong"),
                                                             ("좌1동", "Jwa 1-dong"), ("송정동", "Songjeong-dong")])]
    centre = next(o for o in district.offices if o.kind == "community_centre")
    centre = replace(centre, name="우1동 행정복지센터", dong="우1동", address="부산광역시 해운대구 해운대로 600",
                     address_en="600 Haeundae-ro, Haeundae-gu, Busan")
    places = [Place("해운대역", "Haeundae Station", "우1동"), Place("해운대시장", "Haeundae Market", "중1동")]
    return replace(district, schedules=schedules, offices=[centre], landmarks=places)


def test_the_form_lines_have_no_place_written_into_the_code():
    for key in EXAMPLE_LINES:
        assert not any(name in text for text in SAID[key] for name in SEONGDONG), key


def test_another_district_sees_its_own_places(district):
    busan = haeundae(district)
    for key in EXAMPLE_LINES:
        for lang in ("ko", "en"):
            line = said(key, lang, busan)
            assert "{" not in line and not any(name in line for name in SEONGDONG), (key, lang, line)
    assert said("ask_where_again", "ko", busan) == ("장소를 알려 주세요. 예: 해운대역 1번 출구 앞, 해운대로 600 앞, 해운대시장 "
                                                    "뒤편 골목. 동 이름(예: 좌1동)만 말씀하셔도 돼요.")
    assert said("ask_dong_again", "en", busan).startswith("Please name the neighbourhood, e.g. U 1-dong, Jung 1-dong, "
                                                          "Songjeong-dong. A nearby station or market (e.g. Haeundae "
                                                          "Station) is fine too.")
    assert "in front of 600 Haeundae-ro" in said("ask_location_again", "en", busan)


def test_the_demo_district_sees_its_own(district):
    assert said("ask_location", "ko", district) == "정확히 어디인가요? 가까운 건물이나 출구, 주소를 알려 주세요. (예: 왕십리역 1번 출구 앞)"
    assert said("ask_location_again", "ko", district).endswith("마장축산물시장 뒤편 골목")


def test_the_gazetteer_is_read_with_the_tables_in_the_staffs_order(tmp_path):
    tables = tmp_path / "tables"
    shutil.copytree(ROOT / "knowledge" / "tables", tables)
    path = tables / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:2] + ["성수역,Seongsu Station,,성수2가1동,,,", "없는곳,Nowhere,,없는동,,,"]
                              + lines[2:]) + "\n", encoding="utf-8")
    district = load_district(tables)
    assert [p.name for p in district.landmarks[:2]] == ["성수역", "왕십리역"] and "없는곳" not in str(district.landmarks)
    assert examples(district, "en")["landmark"] == "Seongsu Station"


def test_without_a_gazetteer_the_lines_still_read(district):
    bare = replace(district, landmarks=[], offices=[])
    for key in EXAMPLE_LINES:
        for lang in ("ko", "en"):
            assert "{" not in said(key, lang, bare)
    assert "주민센터 앞" in said("ask_location", "ko", bare)
