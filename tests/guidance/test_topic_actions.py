"""The topic actions with the guidance of issue 21: named events, filters, several items, open now."""
from __future__ import annotations

import pytest

from rasa_sdk import Tracker

from actions.community import ActionEvents
from actions.offices import ActionOfficeInfo
from actions.waste import ActionBulkyWaste, ActionSortingGuide
from tests.test_actions import extras, pinned_today, run, texts, tracker  # noqa: F401  (pinned_today: fixture)


def at(text: str, intent: str, now: str) -> Tracker:
    return Tracker("resident-1", {}, {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [],
                                      "metadata": {"now": now}}, [], False, None, {}, "action_listen")


def test_a_named_event_gets_its_card_and_a_day_it_does_not_run_is_said():
    messages, _ = run(ActionEvents(), tracker("다음 주 월요일에도 어르신 스마트폰 교실 해요?", "events_search"))
    reply = texts(messages)
    assert reply.startswith("다음 주 월요일에는 열리지 않아요.") and "매주 화·목요일" in reply
    assert [c["id"] for c in extras(messages)["citations"]] == ["events:ev-003"]


def test_events_for_next_saturday_not_this_week():
    messages, _ = run(ActionEvents(), tracker("이번 주 말고 다음 주 토요일에 초등학생 딸이랑 갈 만한 거 있나요?",
                                              "events_search"))
    reply = texts(messages)
    assert "크리스마스 카드" in reply and "김장" not in reply and "스마트폰 교실" not in reply


def test_free_events_in_december_leave_out_the_paid_concert():
    messages, _ = run(ActionEvents(), tracker("12월 18일에 공짜로 볼 수 있는 공연 있을까요", "events_search"))
    reply = texts(messages)
    assert reply.startswith("12월 18일(금) 무료 조건에 맞는 행사는 찾지 못했어요.") and "(유료예요" in reply


def test_two_bulky_items_through_the_action():
    messages, _ = run(ActionBulkyWaste(), tracker("장롱이랑 침대 버리고 싶은데 어떻게 해요", "bulky_waste",
                                                  [{"entity": "bulky_item", "value": "장롱"}]))
    reply = texts(messages)
    assert "옷장 대형폐기물 수수료예요." in reply and "침대 프레임 대형폐기물 수수료예요." in reply
    assert [c["id"] for c in extras(messages)["citations"]][:2] == ["bulky_fees:옷장", "bulky_fees:침대 프레임"]


def test_several_items_to_sort_through_the_action():
    messages, _ = run(ActionSortingGuide(), tracker("건전지랑 형광등이랑 소파는 어떻게 버려요?", "recycling_guide"))
    reply = texts(messages)
    assert reply.index("건전지:") < reply.index("형광등:") < reply.index("소파 대형폐기물 수수료예요.")


def test_is_the_office_open_now():
    messages, _ = run(ActionOfficeInfo(), at("구청 지금 문 열었어요?", "office_info", "2026-11-26T07:30"))
    assert texts(messages).startswith("지금은 운영 시간이 아니라 성동구청이 문을 닫았어요. 오늘 09:00에 열어요.")
    messages, _ = run(ActionOfficeInfo(), at("오늘 구청 가면 서류 뗄 수 있어요?", "office_info", "2026-11-28T10:00"))
    assert texts(messages).startswith("오늘은 쉬는 날이라 성동구청이 문을 닫았어요. 11월 30일(월) 09:00에 열어요.")


def test_two_dongs_in_one_message_get_one_answer_each():
    from actions.waste import ActionCollectionDays

    messages, _ = run(ActionCollectionDays(), tracker("저는 응봉동 살고 딸은 송정동 사는데 둘 다 쓰레기 버리는 요일 알려 주세요",
                                                      "waste_collection_schedule",
                                                      [{"entity": "dong", "value": "응봉동"}]))
    reply = texts(messages)
    assert reply.index("응봉동 배출 요일") < reply.index("송정동 배출 요일")
    assert [c["id"] for c in extras(messages)["citations"]] == ["waste_collection:응봉동", "waste_collection:송정동"]


def test_two_centres_phone_numbers():
    messages, _ = run(ActionOfficeInfo(), tracker("성수1가1동이랑 성수2가1동 주민센터 전화번호 둘 다 알려 주세요", "office_info",
                                                  [{"entity": "dong", "value": "성수1가1동"}]))
    assert "02-2286-7421" in texts(messages) and "02-2286-7461" in texts(messages)


def test_two_programmes_in_one_question():
    from actions.community import ActionWelfareApply

    messages, _ = run(ActionWelfareApply(), tracker("기초연금이랑 노인일자리 둘 다 신청하고 싶은데 각각 어디서 해요?",
                                                    "welfare_apply"))
    reply = texts(messages)
    assert reply.index("기초연금") < reply.index("노인일자리 및 사회활동 지원")
    assert [c["id"] for c in extras(messages)["citations"]] == ["welfare:wf-001", "welfare:wf-003"]


def test_is_anyone_there_late_at_night():
    from actions.offices import ActionRequestHuman

    messages, _ = run(ActionRequestHuman(), at("지금 누구 있어요? 급하게 물어볼 게 있는데", "request_human", "2026-11-25T23:40"))
    reply = texts(messages)
    assert reply.startswith("지금은 운영 시간이 아니라 성동구청이 문을 닫았어요. 내일 09:00에 열어요.") and "120" in reply
    # Asking for a person at night (issue 23): the office is closed, when it opens, leave a message
    messages, _ = run(ActionRequestHuman(), at("상담원 연결해 주세요", "request_human", "2026-11-25T23:40"))
    assert texts(messages).startswith("지금은 근무 시간이 아니라 직원과 바로 연결할 수 없어요")
    assert "다음 근무는 11월 26일(목) 09:00에 시작해요." in texts(messages)


def test_signing_up_for_a_named_event_classified_as_welfare_apply():
    from actions.community import ActionWelfareApply

    messages, _ = run(ActionWelfareApply(), tracker("숲 산책은 미리 신청해야 돼요?", "welfare_apply"))
    assert texts(messages).startswith("네, 미리 신청해야 해요.")
    assert [c["id"] for c in extras(messages)["citations"]] == ["events:ev-002"]


def test_centres_hours_without_a_dong():
    messages, _ = run(ActionOfficeInfo(), tracker("주민센터는 몇 시꺼정 하노", "office_info"))
    assert texts(messages).startswith("동 주민센터는 모두 평일 09:00-18:00에 열어요.\n어느 동에 사세요?")
    messages, _ = run(ActionOfficeInfo(), tracker("주민센터 전화번호 알려 주세요", "office_info"))
    assert texts(messages).startswith("어느 동에 사세요?")


@pytest.mark.parametrize("question", ["what time can I put the general trash out?",
                                      "until when can I put the general trash out?"])
def test_put_out_hours_without_a_dong_in_any_wording(question):   # a guard for the one HOURS_ASKED of actions/waste
    from actions.waste import ActionCollectionDays

    reply = texts(run(ActionCollectionDays(), tracker(question, "waste_collection_schedule", lang="en"))[0])
    assert "20:00" in reply and "Which neighbourhood" not in reply
