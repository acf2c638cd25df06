"""bot.guidance.feelings and the open-now helpers of bot.guidance.offices."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from bot.guidance.feelings import acknowledge, is_upset
from bot.guidance.offices import anyone_there, asks_if_anyone_there

SEOUL = dt.timezone(dt.timedelta(hours=9))


@pytest.mark.parametrize("text", [
    "아니 도대체 몇 번을 말해야 돼요? 쓰레기를 일주일째 안 가져가잖아요. 진짜 화나서 못 살겠네",
    "신고한 지가 언젠데 아직도 그대로고! 구청은 일을 하는 기가 안 하는 기가",
    "짜증 나 죽겠네 진짜", "혼자 산 지 오래됐는데 요즘은 너무 외롭고 사는 게 힘들어요",
    "This is ridiculous. Third time I'm writing", "nobody has picked up the trash for a WEEK", "I'm so frustrated",
])
def test_upset(text):
    assert is_upset(text)


@pytest.mark.parametrize("text", [
    "전화가 안 돼요", "영화가 나와요?", "쓰레기 언제 버려요?", "신청은 언제까지 해요?", "고마워요!!",
    "소파 버리려면 얼마예요", "Where is the office?", "I'm not angry, just asking", "ID card needed?",
])
def test_not_upset(text):
    assert not is_upset(text)


def test_acknowledge_is_kind_in_both_languages():
    assert acknowledge("ko").startswith("많이 답답하고 속상하셨겠어요.")
    assert acknowledge("en").startswith("I'm sorry, that sounds really frustrating.")
    assert acknowledge("ko", "너무 외로워요").startswith("많이 힘드셨겠어요.")
    assert len(acknowledge("ko")) < 80


@pytest.mark.parametrize("text", ["지금 누구 있어요?", "상담원 있나요 지금", "is anyone there now?", "아무도 없어요?",
                                  "Is there a person I can talk to?", "직원분 계세요?"])
def test_asks_if_anyone_there(text):
    assert asks_if_anyone_there(text)


@pytest.mark.parametrize("text", ["쓰레기 언제 버려요?", "우리 동네에 복지관 있어요?", "where is the office", "가족 중에"])
def test_does_not_ask_if_anyone_there(text):
    assert not asks_if_anyone_there(text)


def test_late_at_night_the_office_is_closed_and_opens_tomorrow(district):
    reply = anyone_there(district, dt.datetime(2026, 11, 25, 23, 40, tzinfo=SEOUL), "ko")
    assert reply.text.startswith("지금은 운영 시간이 아니라 성동구청이 문을 닫았어요. 내일 09:00에 열어요.")
    assert "평일 09:00-18:00" in reply.text and "120" in reply.text and "민원" in reply.text
    assert "당직실" in reply.text and "하루 종일" in reply.text       # the district's own after-hours line
    assert [c.id for c in reply.citations] == ["offices:office-district", "offices:office-120", "offices:office-duty"]


def test_during_office_hours_it_is_open(district):
    reply = anyone_there(district, dt.datetime(2026, 11, 25, 14, 0, tzinfo=SEOUL), "en")
    assert reply.text.startswith("Seongdong-gu Office is open now (until 18:00).")
    assert "Dasan" not in reply.text and "duty desk" not in reply.text


def test_weekend_and_holidays_are_closed(district):
    saturday = anyone_there(district, dt.datetime(2026, 11, 28, 10, 0, tzinfo=SEOUL), "ko")
    assert saturday.text.startswith("오늘은 쉬는 날이라 성동구청이 문을 닫았어요.") and "11월 30일(월) 09:00에 열어요." in saturday.text
    holiday = dt.date(2026, 11, 30)
    shut = anyone_there(district, dt.datetime(2026, 11, 27, 19, 0, tzinfo=SEOUL), "en", holidays=[holiday])
    assert "It opens Tuesday 01 December at 09:00." in shut.text
    table = SimpleNamespace(**{**district.__dict__, "holidays": frozenset({holiday})})
    table.office_of = district.office_of
    assert "Tuesday 01 December" in anyone_there(table, dt.datetime(2026, 11, 27, 19, 0, tzinfo=SEOUL), "en").text


def test_the_shipped_holiday_table_closes_the_office_for_residents_too(district):
    """holidays.csv is read with the other tables (District.holidays): 추석 on a Friday is closed in the
    answer to "is anyone there now?" exactly as in the handoff (bot.handoff.office_hours)."""
    assert dt.date(2026, 9, 25) in district.holidays
    chuseok = anyone_there(district, dt.datetime(2026, 9, 25, 10, 0, tzinfo=SEOUL), "ko")
    assert chuseok.text.startswith("오늘은 쉬는 날이라 성동구청이 문을 닫았어요.")


@pytest.mark.parametrize("text, upset", [("I'm really stressed out. I lost my job last month and I can't pay the rent", True),
                                         ("and light bulb LED, same?", False)])
def test_distress_and_abbreviations(text, upset):
    assert is_upset(text) is upset
    if upset:
        assert acknowledge("en", text).startswith("That sounds really hard.")


@pytest.mark.parametrize("text, asks", [("지금 직원이랑 바로 통화할 수 있어요?", True), ("I need to speak to a human now", True),
                                        ("상담원 연결해 주세요", False), ("I want to talk to someone about my bin", False)])
def test_person_right_now(text, asks):
    assert asks_if_anyone_there(text) is asks


def test_every_centre_stands_for_the_centres_only_when_they_share_their_hours():
    from dataclasses import replace

    from bot.guidance.offices import every_centre
    from bot.knowledge.district import District, load_district
    from bot.settings import Settings

    shipped = load_district(Settings.load(environ={}).tables_dir)
    every = every_centre(shipped)
    assert (every.name, every.hours, every.hours_en) == ("동 주민센터", "평일 09:00-18:00", "Weekdays 09:00-18:00")
    centres = [o for o in shipped.offices if o.kind == "community_centre"]
    late = [replace(centres[0], hours_en="Weekdays 09:00-20:00"), *centres[1:]]   # one centre's English differs
    assert every_centre(District(offices=late)) is None and every_centre(District()) is None
