"""Referrals that make sense (issue 20, item 4): a district department only for the district's
business; another place's question to that place; weather, lottery, recipes and trivia to nobody."""
from __future__ import annotations

import pytest

from bot.guidance.referral import department_for, referral
from tests.test_actions import pinned_today, run, texts, tracker  # noqa: F401  (pinned_today: the demo FAQ, a fixed date)

HOME = ("성동구", "성동", "서울", "seongdong", "seoul")
NAMES = {"district": "성동구", "district_en": "Seongdong-gu"}
DISTRICT_DEPARTMENTS = ("청소행정과", "자원순환과", "공원녹지과", "환경과", "Environment Division", "Resource Circulation",
                        "Parks and Greenery")


@pytest.mark.parametrize("question, lang", [
    ("내일 날씨 어때요?", "ko"), ("이번 주 로또 번호 알려줘", "ko"), ("파스타 맛있게 만드는 법", "ko"),
    ("What is the capital of France?", "en"), ("What's the weather tomorrow?", "en"), ("비트코인 시세 알려줘", "ko"),
    ("Where can I watch a movie in Denver?", "en"),
])
def test_questions_no_public_office_handles_name_nobody(district, question, lang):
    assert referral(district, question, lang, HOME, NAMES) is None


@pytest.mark.parametrize("question, expected", [
    ("부산 해운대구 쓰레기 버리는 요일", "정부민원안내콜센터(110)"),
    ("강남구 대형폐기물 스티커 어디서 사요", "강남구청이나 다산콜센터 120에"),
])
def test_another_places_question_goes_to_that_place(district, question, expected):
    line = referral(district, question, "ko", HOME, NAMES)
    assert expected in line and not any(name in line for name in DISTRICT_DEPARTMENTS)


@pytest.mark.parametrize("question, department", [
    ("구청 대강당 대관은 어떻게 해요?", "총무과"), ("거주자우선주차 배정 순서가 궁금해요", "주차관리과"),
    ("기초연금 금액이 얼마인지 알고 싶어요", "국민연금공단"), ("투표소가 어디예요?", "중앙선거관리위원회"),
    ("My street light is broken", "Road Division"),
])
def test_the_districts_business_goes_to_its_department(district, question, department):
    found = department_for(district, question)
    assert department in (found.name, found.name_en)


def test_english_topic_words_match_whole_words_only(district):
    assert department_for(district, "I have to be careful with business hours") is None   # not "care", not "bus"


def test_a_place_outside_seoul_is_told_the_districts_own_name(district):
    """The district is the one configured (MINWON_DISTRICT, MINWON_DISTRICT_EN), never the demo's name."""
    names = {"district": "해운대구", "district_en": "Haeundae-gu"}
    ko = referral(district, "제주시 쓰레기 버리는 요일 알려줘", "ko", ("해운대구",), names)
    en = referral(district, "When is trash day in Jeju?", "en", ("haeundae-gu",), names)
    assert ko.startswith("저는 해운대구의 일만 안내해 드려요.") and en.startswith("I can only help with Haeundae-gu.")
    assert "성동" not in ko + en and "Seongdong" not in en


def test_anything_else_goes_to_the_120_call_centre(district):
    assert "다산콜센터(120)" in referral(district, "우리 아파트 관리비가 너무 비싸요", "ko", HOME, NAMES)


def test_the_residents_reply_for_weather_and_busan(district):
    from actions.knowledge import ActionAnswerFromKnowledge
    from actions.waste import ActionCollectionDays

    weather = texts(run(ActionAnswerFromKnowledge(), tracker("내일 날씨 어때요?", "nlu_fallback"))[0])
    assert weather.startswith("죄송해요, 그 질문은 제가 답할 수 있는 자료가 없어요.") and "문의" not in weather
    busan = texts(run(ActionCollectionDays(), tracker("부산 해운대구 쓰레기 버리는 요일", "waste_collection_schedule"))[0])
    assert "정부민원안내콜센터(110)" in busan and "청소행정과" not in busan
