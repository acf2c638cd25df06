"""The canned lines that send a resident elsewhere name the district's own office and call centre (offices.csv),
not numbers written into the code: another district edits its table and the bot says its numbers."""
from __future__ import annotations

from dataclasses import replace

from bot.dialogue.texts import SAID, said

CONTACT_LINES = [key for key, (ko, en) in SAID.items() if "{office" in ko + en or "{call_centre" in ko + en]


def other_district(district):
    """Busan's Haeundae-gu, say: its own office row and a call centre with another name and number."""
    offices = []
    for office in district.offices:
        if office.kind == "district_office":
            office = replace(office, name="해운대구청", name_en="Haeundae-gu Office", phone="051-749-4000")
        elif office.kind == "call_centre":
            office = replace(office, name="부산 바로콜센터", name_en="Busan Baro Call Center", phone="051-120")
        offices.append(office)
    return replace(district, offices=offices)


def test_every_line_that_sends_a_resident_elsewhere_takes_the_numbers_from_the_table(district):
    assert {"status_none", "forgot", "withdraw", "way_out", "ask_ticket_again"} <= set(CONTACT_LINES)
    for key in CONTACT_LINES:
        for lang in ("ko", "en"):
            line = said(key, lang, district, ticket="2026-000001-ABCD", last4="1234")
            assert "{" not in line and ("02-2286-5114" in line or "120" in line), (key, lang, line)


def test_another_district_hears_its_own_numbers(district):
    busan = other_district(district)
    ko = said("status_none", "ko", busan, ticket="2026-000001-ABCD", last4="1234")
    en = said("status_none", "en", busan, ticket="2026-000001-ABCD", last4="1234")
    assert "해운대구청(051-749-4000)이나 부산 바로콜센터 051-120에 문의해 주세요" in ko
    assert "Haeundae-gu Office (051-749-4000) or the Busan Baro Call Center (051-120)" in en
    for key in CONTACT_LINES:
        for lang in ("ko", "en"):
            line = said(key, lang, busan, ticket="2026-000001-ABCD", last4="1234")
            assert "02-2286-5114" not in line and "다산" not in line and "Dasan" not in line, (key, lang, line)


def test_the_particle_follows_the_office_name_not_its_number(district):
    # "성동구청(02-2286-5114)" reads 성동구청 → 이나, though the number ends in 4 (사 → 나)
    line = said("status_none", "ko", district, ticket="2026-000001-ABCD", last4="1234")
    assert "성동구청(02-2286-5114)이나 다산콜센터 120에" in line


def test_without_a_call_centre_row_the_office_is_named_for_both(district):
    alone = replace(district, offices=[o for o in district.offices if o.kind != "call_centre"])
    line = said("way_out", "en", alone)
    assert "Seongdong-gu Office (02-2286-5114)" in line and "Dasan" not in line
    assert alone.phone_for() == alone.phone_for("no such department") == "02-2286-5114"


def test_without_an_office_row_the_call_centre_is_named_for_both(district):
    alone = replace(district, offices=[o for o in district.offices if o.kind != "district_office"])
    for lang, centre, nobody in (("ko", "다산콜센터(120)에", "구청에"), ("en", "Dasan Call Center", "the district office")):
        line = said("withdraw", lang, alone)
        assert centre in line and nobody not in line and "02-2286-5114" not in line, line
    assert "다산콜센터 120에서도 도와드려요" in said("way_out", "ko", alone)


def test_a_department_is_given_its_own_number_and_an_unknown_one_the_office(district):
    department = district.departments[0]
    assert district.phone_for(department.name) == department.phone
    assert district.phone_for("없는 부서") == district.phone_for() == "02-2286-5114"
