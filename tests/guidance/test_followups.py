"""bot.guidance.followups: a follow-up resolves against the last answer's rows (the real district)."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.guidance import Guidance, community, joined, waste
from bot.guidance.followups import follow_up
from bot.guidance.offices import office_card
from tests.conftest import TODAY

NOW = dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def ids(guidance):
    return [c.id for c in guidance.citations]


def ask(district, guidance, text, lang="ko", intent="events_search"):
    return follow_up(district, intent, ids(guidance), text, lang, NOW)


def event(district, key):
    return next(e for e in district.events if e.id == key)


def test_every_table_answer_cites_its_row(district):
    assert ids(community.event_card(event(district, "ev-002"), "ko")) == ["events:ev-002"]
    assert ids(waste.collection_days(district.schedules[0], "ko"))[0] == f"waste_collection:{district.schedules[0].dong}"
    assert ids(waste.bulky_fee(district, "소파", "ko"))[0] == "bulky_fees:소파"
    programme = district.welfare[1]
    assert ids(community.how_to_apply(programme, "ko")) == [f"welfare:{programme.id}"]
    assert ids(office_card(district.offices[0], "ko")) == [f"offices:{district.offices[0].id}"]


def test_signup_question_about_a_named_event_of_the_list(district):
    listed = community.events_on(district, None, TODAY, "ko")
    answer = ask(district, listed, "숲 산책은 미리 신청해야 돼요?")
    assert answer.text.startswith("네, 미리 신청해야 해요.")
    assert ids(answer) == ["events:ev-002"]
    where = ask(district, answer, "거기는 어디서 모여요?")
    assert "서울숲 방문자센터 앞에서 해요." in where.text


def test_no_signup_needed_is_said_plainly(district):
    card = community.event_card(event(district, "ev-004"), "ko")
    assert ask(district, card, "신청 안 하고 그냥 가도 돼요?").text.startswith("아니요, 미리 신청하지 않아도 돼요.")
    assert "무료예요" in ask(district, card, "무료예요?").text
    assert ask(district, card, "is it free?", "en").text.startswith("Neighbourhood Health Check")


def test_several_listed_events_each_get_the_answer(district):
    two = community.event_citations([event(district, "ev-001"), event(district, "ev-002")], "ko")
    answer = follow_up(district, "events_search", [c.id for c in two], "미리 신청해야 돼요?", "ko", NOW)
    assert "• 성동 김장 나눔 축제: 아니요" in answer.text and "• 서울숲 가족 겨울 숲 산책: 네" in answer.text


def test_an_event_detail_not_in_a_column_comes_with_the_card(district):
    card = community.event_card(event(district, "ev-013"), "ko")
    assert "떡국" in ask(district, card, "떡국도 준다면서요?").text


@pytest.mark.parametrize("text", ["고마워요", "쓰레기 언제 버려요?", "소파 버리려면 얼마예요?",
                                  "다음 달에 아이랑 갈 만한 행사 있어요? 주말이면 좋겠어요 평일은 일을 해서요"])
def test_not_a_follow_up(district, text):
    card = community.event_card(event(district, "ev-002"), "ko")
    assert ask(district, card, text) is None


def test_proxy_application_from_the_welfare_row(district):
    listed = community.programmes_for(district, "seniors", "ko")
    answer = ask(district, listed, "돌봄 서비스는 제가 대신 신청해 드려도 되나요?", intent="welfare_programs")
    assert answer.text.startswith("가족이나 이웃이 대신 신청해도 돼요.")
    assert ids(answer) == ["welfare:wf-002"]
    en = follow_up(district, "welfare_programs", ids(answer), "can my son apply for me?", "en", NOW)
    assert en.text.startswith("Family or neighbours can apply on your behalf")
    how = ask(district, answer, "신청은 어떻게 해요?", intent="welfare_apply")
    assert how.text.startswith("언제든지 주민센터에")


def test_welfare_documents_and_phone(district):
    card = community.how_to_apply(next(p for p in district.welfare if p.id == "wf-001"), "ko")
    assert ask(district, card, "서류는 뭐 챙겨요?").text.startswith("준비 서류: 신분증")
    assert ask(district, card, "전화번호는요?").text.startswith("문의: 국민연금공단 1355")


def test_centre_of_a_dong_is_not_a_welfare_follow_up(district):
    card = community.how_to_apply(district.welfare[1], "ko")
    assert ask(district, card, "행당2동 주민센터 전화번호도 알려 주세요") is None


def test_another_dong_and_another_waste_kind(district):
    majang = next(s for s in district.schedules if s.dong == "마장동")
    days = waste.collection_days(majang, "ko")
    food = ask(district, days, "음식물은요?", intent="waste_collection_schedule")
    assert food.text.startswith("마장동 배출 요일") and "음식물쓰레기" in food.text and "재활용품" not in food.text
    other = ask(district, days, "행당2동은요?", intent="waste_collection_schedule")
    assert ids(other) == ["waste_collection:행당2동"]
    several = ask(district, days, "왕십리는요?", intent="waste_collection_schedule")
    assert "어느 동인가요?" in several.text and len(several.buttons) == 2
    assert ask(district, days, "거기는요?", intent="waste_collection_schedule") is None


def test_bulky_follow_ups(district):
    fee = waste.bulky_fee(district, "소파", "ko")
    assert ask(district, fee, "신청은 어떻게 해요?", intent="bulky_waste").text.startswith("신청 방법:")
    other = ask(district, fee, "침대는요?", intent="bulky_waste")
    assert "침대 프레임 대형폐기물 수수료예요." in other.text


def test_office_follow_ups(district):
    card = office_card(district.office_of("community_centre", "왕십리2동"), "ko")
    assert "02-2286-7141" in ask(district, card, "전화번호는요?", intent="office_info").text
    nearby = ask(district, card, "마장동은요?", intent="office_info")
    assert ids(nearby) == [f"offices:{district.office_of('community_centre', '마장동').id}"]
    late = follow_up(district, "office_info", ids(card), "지금 열었어요?", "ko",
                     dt.datetime(2026, 11, 25, 23, 0, tzinfo=NOW.tzinfo))
    assert "내일 09:00에 열어요" in late.text


def test_capacity_and_a_phone_question_no_event_column_answers(district):
    listed = Guidance("", citations=community.event_citations([event(district, "ev-007"), event(district, "ev-001")], "ko"))
    assert "20명" in ask(district, listed, "몇 명까지 받아요?").text
    assert "20" in ask(district, listed, "is there a limit on numbers?", "en").text
    assert ask(district, listed, "any number I can call right now?", "en") is None


def test_both_centres_at_once_and_another_day(district):
    two = joined([office_card(district.office_of("community_centre", d), "ko") for d in ("성수1가1동", "성수2가1동")])
    both = ask(district, two, "둘 다 주소도 알려 주세요", intent="office_info")
    assert "뚝섬로3길 18" in both.text and "성수이로 51" in both.text
    card = office_card(district.office_of("district_office"), "en")
    assert ask(district, card, "is it open on saturdays?", "en", "office_info").text.startswith(
        "Seongdong-gu Office is closed on Saturdays.")
    night = ask(district, card, "밤에도 받는 번호는 없어요?", intent="office_info")
    assert "120" in night.text


def test_a_size_requotes_the_fee_and_a_time_requotes_the_days(district):
    fee = waste.bulky_fee(district, "소파", "ko")
    assert "8,000원" in ask(district, fee, "아 잘못 말했네요 3인용이에요", intent="bulky_waste").text
    two = joined([waste.collection_days(s, "en") for s in district.schedules[:2]])
    answer = ask(district, two, "what time?", "en", "waste_collection_schedule")
    assert answer.text.count("Put it out between 20:00~24:00") == 2


def test_common_english_words_name_no_event(district):
    from bot.guidance.naming import named_rows

    names = lambda e: (e.title, e.title_en)  # noqa: E731
    assert named_rows("Any free things to do with my 7 year old on Saturday December 5th?", district.events, names) == []
    assert [e.id for e in named_rows("is the kimchi festival free?", district.events, names)] == ["ev-001"]
    assert [e.id for e in named_rows("christmas card workshop, who can go?", district.events, names)] == ["ev-007"]
    assert [e.id for e in named_rows("When is the year-end concert?", district.events, names)] == ["ev-011"]
    assert named_rows("이거 인터넷으로 신청해도 되는 거죠? 카드로 내고요", district.events, names) == []
    assert [e.id for e in named_rows("크리스마스 카드 만들기는 누가 가요?", district.events, names)] == ["ev-007"]


def test_the_programme_a_welfare_faq_answer_names_answers_a_column_question(district):
    from bot.guidance.followups import rows_behind_faq

    faq = "혼자 생활하기 어려운 만 65세 이상 어르신은 노인맞춤돌봄서비스로 안부 확인, 생활 지원을 받을 수 있어요."
    behind = rows_behind_faq(district, ["welfare-004"], faq)
    assert behind == ["welfare:wf-002"]
    assert rows_behind_faq(district, ["tax-001"], faq) == []          # only a FAQ answer about welfare
    cited = ["welfare-004", *behind]
    answer = follow_up(district, "welfare_programs", cited, "제가 대신 신청해도 되죠?", "ko", NOW)
    assert answer.text.startswith("가족이나 이웃이 대신 신청해도 돼요.") and ids(answer) == ["welfare:wf-002"]
    # a question no column answers stays the FAQ's ("늦게 하면 어떻게 돼요?")
    assert follow_up(district, "welfare_programs", cited, "늦게 하면 어떻게 돼요?", "ko", NOW) is None


def test_an_age_question_gets_the_audience_even_with_until_in_it(district):
    card = community.event_card(event(district, "ev-006"), "ko")
    assert ask(district, card, "몇 살까지 참여할 수 있나요?").text.startswith("대상:")
    assert not ask(district, card, "몇 시까지 해요?").text.startswith("대상:")


def test_a_kind_of_the_item_just_quoted_is_that_item_not_another(district):
    fee = waste.bulky_fee(district, "김치냉장고", "ko")
    answer = ask(district, fee, "스탠드형은요?", intent="bulky_waste")
    assert ids(answer)[0] == "bulky_fees:김치냉장고" and "8,000원" in answer.text


def test_when_to_put_the_item_out_is_the_booking(district):
    fee = waste.bulky_fee(district, "옷장", "ko")
    assert ask(district, fee, "그럼 언제 내놓으면 돼요?", intent="bulky_waste").text.startswith("신청 방법:")
    assert ask(district, fee, "so can I put them out tonight?", "en", intent="bulky_waste").citations[0].id \
        .startswith("bulky_booking:")


def test_a_sign_up_question_after_the_booking_guide_alone_is_the_booking_again(district):
    guide = waste.booking(district, "en")
    again = ask(district, guide, "and how do I book it on the website?", "en", intent="bulky_waste")
    assert again is not None and again.citations[0].id.startswith("bulky_booking:")
    assert ask(district, guide, "what about the food waste days?", "en", intent="bulky_waste") is None
