"""Several items in one message get one answer each; the grown event and welfare columns load and are checked."""
from __future__ import annotations

from pathlib import Path

from bot.guidance import waste
from bot.knowledge.district import load_district
from bot.knowledge.files import read_sheet
from bot.knowledge.schema import parse_sheet
from bot.knowledge.tables import Event, WelfareProgramme
from bot.settings import ROOT


def test_two_bulky_items_in_one_message(district):
    recycled, items = district.items_named("소파랑 의자 버리려고요", prefer_bulky=True)
    assert items == ["소파", "의자"] and recycled == []
    reply = waste.bulky_fees(district, items, "ko")
    assert "소파 대형폐기물 수수료예요." in reply.text and "의자 대형폐기물 수수료예요." in reply.text
    assert reply.text.count("신청 방법:") == 1
    assert [c.id for c in reply.citations][:2] == ["bulky_fees:소파", "bulky_fees:의자"]


def test_a_long_message_with_a_wardrobe_and_a_bed(district):
    text = "이사 가면서 장롱이랑 침대 버리고 싶은데 어떻게 해야 하나요? 장롱은 꽤 크고 침대는 퀸 사이즈예요"
    _, items = district.items_named(text, prefer_bulky=True)
    assert items[:2] == ["옷장", "침대 프레임"]


def test_a_longer_name_is_not_also_the_shorter_one(district):
    _, items = district.items_named("소파베드 버려요", prefer_bulky=True)
    assert items == ["소파"]


def test_several_items_to_sort(district):
    recycled, _ = district.items_named("건전지랑 형광등은 어떻게 버려요?")
    assert [r.item for r in recycled] == ["건전지", "형광등"]
    reply = waste.sortings(recycled, "en")
    assert reply.text.startswith("Batteries: dispose of it as") and "\n\nFluorescent lamp:" in reply.text
    assert [c.id for c in reply.citations] == ["recycling:건전지", "recycling:형광등"]


def test_shipped_tables_fill_the_new_columns(district):
    assert all(e.signup and e.signup_how and e.signup_how_en and e.audience and e.audience_en for e in district.events)
    assert all(p.proxy_application and p.proxy_application_en for p in district.welfare)
    assert next(e for e in district.events if e.id == "ev-003").weekdays == ("화", "목")
    for name in ("events.csv", "welfare.csv"):
        first = (ROOT / "knowledge" / "tables" / name).read_text(encoding="utf-8").splitlines()[0]
        assert "Sample data to verify" in first


def test_bad_new_columns_name_file_row_and_column(tmp_path: Path):
    tables = tmp_path / "tables"
    tables.mkdir()
    for source in (ROOT / "knowledge" / "tables").glob("*.csv"):
        (tables / source.name).write_bytes(source.read_bytes())
    events = tables / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",,10:00-16:00,", ",토요일,10:00-16:00,").replace(",not_needed,", ",maybe,")
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in load_district(tables, base=tmp_path, strict=False).problems if p.severity == "error"]
    assert any(p.startswith("tables/events.csv row 3, column weekdays: '토요일' is not valid") for p in problems)
    assert "tables/events.csv row 3, column signup: 'maybe' is not one of: required, not_needed, on_site" in problems


def test_rows_load_without_the_optional_columns(tmp_path: Path):
    path = tmp_path / "welfare.csv"
    path.write_text("id,name,name_en,target_group,eligibility,eligibility_en,benefit,benefit_en,how_to_apply,"
                    "how_to_apply_en,department\nwf-1,가,A,seniors,a,a,b,b,c,c,복지정책과\n", encoding="utf-8")
    parsed = parse_sheet(read_sheet(path, tmp_path), WelfareProgramme, "id")
    assert parsed.records[0].proxy_application == ""
    path = tmp_path / "events.csv"
    path.write_text("id,title,title_en,start_date,end_date\nev-1,가,A,2026-12-01,2026-12-02\n", encoding="utf-8")
    assert parse_sheet(read_sheet(path, tmp_path), Event, "id").records[0].weekdays == ()
