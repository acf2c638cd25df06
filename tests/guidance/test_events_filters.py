"""bot.guidance.events: events respect the date, place, price, audience and time asked about."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.dates import find_date
from bot.guidance import community
from bot.guidance.events import matching, read_query
from tests.conftest import TODAY


def answer(district, text, group=None, lang="ko"):
    query = read_query(district, text, find_date(text, TODAY), TODAY, group or district.group_named(text))
    return community.events_on(district, None, TODAY, lang, query.group, query)


def titles(district, text):
    query = read_query(district, text, find_date(text, TODAY), TODAY, district.group_named(text))
    return [e.title for e in matching(district, query)]


def test_a_weekday_class_is_never_offered_for_the_weekend(district):
    found = titles(district, "다음 주 토요일에 어르신 강좌 있어요?")
    assert not any("스마트폰 교실" in t for t in found)
    wednesday = titles(district, "다음 주 수요일에 어르신 프로그램 있어요?")
    assert "동네 건강 상담 (혈압·혈당 재기)" in wednesday and not any("스마트폰" in t for t in wednesday)
    assert any("스마트폰" in t for t in titles(district, "다음 주 화요일 어르신 교실"))


def test_free_filter_drops_paid_events(district):
    found = titles(district, "12월 18일에 무료 공연 있어요?")
    assert "성동 송년 음악회" not in found
    reply = answer(district, "12월 18일에 무료 공연 있어요?")
    assert "찾지 못했어요" in reply.text and "성동 송년 음악회" in reply.text and "(유료예요)" in reply.text


def test_place_filter_near_a_landmark_in_korean_and_english(district):
    assert set(titles(district, "서울숲 근처에서 하는 행사 있어요?")) == {"서울숲 가족 겨울 숲 산책", "성수 겨울 마켓"}
    near = titles(district, "any events near Wangsimni Station next week?")
    assert near and all(e.area and "Wangsimni Station" in e.area for e in district.events if e.title in near)


def test_children_find_family_events_and_seniors_do_not_find_childrens(district):
    kids = titles(district, "이번 주말에 애들이랑 갈 만한 무료 행사", )
    assert "서울숲 가족 겨울 숲 산책" in titles(district, "이번 주말에 아이랑 갈 만한 무료 행사")
    assert "어린이 크리스마스 카드 만들기" not in titles(district, "다음 주 토요일 어르신 행사")
    assert kids is not None


def test_weekday_evening(district):
    query = read_query(district, "평일 저녁에 하는 강좌", None, dt.date(2027, 3, 1), None)
    found = matching(district, query)
    assert [e.id for e in found] == ["ev-023"]


def test_nothing_matches_says_so_and_labels_the_alternatives(district):
    reply = answer(district, "이번 주 토요일에 성수동에서 하는 어르신 교실")
    assert reply.text.startswith("11월 28일(토) 성수동 근처 어르신 대상 조건에 맞는 행사는 찾지 못했어요.")
    assert "대신 가까운 다른 행사예요" in reply.text and "(" in reply.text.splitlines()[-1]
    english = answer(district, "free classes for seniors this weekend near Seoul Forest", lang="en")
    assert english.text.startswith("I found no events free for seniors near Seoul Forest")


@pytest.mark.parametrize("text, expected", [
    ("this weekend", (dt.date(2026, 11, 28), dt.date(2026, 11, 29))),
    ("지금 볼 수 있는 전시", (TODAY, TODAY)),
])
def test_the_period_follows_the_clock(district, text, expected):
    query = read_query(district, text, find_date(text, TODAY), TODAY)
    assert (query.start, query.end) == expected


def test_a_plural_weekday_means_every_such_day(district):
    text = "any events on saturdays?"
    span = find_date(text, TODAY)
    assert span.phrase == "saturdays" and span.every
    query = read_query(district, text, span, TODAY)
    assert query.weekday == 5 and (query.end - query.start).days == 27
    found = matching(district, query)
    assert found and all(any(e.runs_on(TODAY + dt.timedelta(days=n)) and (TODAY + dt.timedelta(days=n)).weekday() == 5
                             for n in range(28)) for e in found)
    assert "어린이 크리스마스 카드 만들기" in [e.title for e in found]
    assert answer(district, "토요일마다 하는 행사").text.startswith("매주 토요일(11월 25일(수) ~ 12월 22일(화))")


def test_an_age_gives_the_audience(district):
    text = "Any free things to do with my 7 year old on Saturday December 5th?"
    query = read_query(district, text, find_date(text, TODAY), TODAY)
    assert query.group == "children" and query.free and query.start == dt.date(2026, 12, 5)
    assert [e.id for e in matching(district, query)][0] == "ev-007"
    assert read_query(district, "70세 어머니랑 갈 행사", None, TODAY).group == "seniors"
