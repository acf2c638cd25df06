"""Every action, run with a real rasa-sdk Tracker and CollectingDispatcher."""
from __future__ import annotations

import asyncio
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.knowledge
import actions.turn
from bot.answer.pipeline import AnswerService
from bot.unanswered import UnansweredStore
from actions.community import ActionEvents, ActionWelfareApply, ActionWelfarePrograms
from actions.knowledge import ActionAnswerFromKnowledge
from actions.offices import ActionOfficeInfo, ActionRequestHuman
from actions.waste import ActionBulkyWaste, ActionCollectionDays, ActionSortingGuide
from bot.settings import Settings
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch, tmp_path, demo_index, embedder):
    pinned = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={})
    monkeypatch.setattr(actions.turn, "settings", lambda: pinned)
    service = AnswerService(pinned, index=demo_index, embedder=embedder)
    monkeypatch.setattr(actions.knowledge, "answer_service", lambda: service)
    unanswered = UnansweredStore(pinned.database)
    monkeypatch.setattr(actions.knowledge, "unanswered_store", lambda: unanswered)


def tracker(text: str, intent: str, entities: list[dict] | None = None, **slots) -> Tracker:
    entities = list(entities or [])
    for entity in entities:
        start = text.find(entity["value"]) if "start" not in entity else entity["start"]
        entity.setdefault("start", max(start, 0))
        entity.setdefault("end", entity["start"] + len(entity["value"]))
    return Tracker("resident-1", slots, {"text": text, "intent": {"name": intent, "confidence": 0.9},
                                         "entities": entities}, [], False, None, {}, "action_listen")


def run(action, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def texts(messages):
    return "\n".join(m["text"] for m in messages if m.get("text"))


def extras(messages) -> dict:
    return next(m["custom"] for m in messages if m.get("custom"))


def buttons(messages):
    return [b for m in messages for b in m.get("buttons") or []]


# --- collection days -------------------------------------------------------------------

def test_collection_days_without_dong_asks_which_with_buttons(district):
    messages, events = run(ActionCollectionDays(), tracker("쓰레기 언제 버려요?", "waste_collection_schedule"))
    assert "어느 동에 사세요?" in texts(messages)
    titles = [b["title"] for b in buttons(messages)]
    assert titles == [s.dong for s in district.schedules]
    assert buttons(messages)[0]["payload"] == f'/waste_collection_schedule{{"dong":"{district.schedules[0].dong}"}}'
    assert {"event": "slot", "name": "topic", "value": "waste_collection_schedule", "timestamp": None} in events


def test_collection_days_for_a_dong_lists_days_time_and_source(district):
    schedule = district.dong_index.exact("행당2동")[0]
    messages, _ = run(ActionCollectionDays(), tracker("행당2동 쓰레기 버리는 날", "waste_collection_schedule",
                                                      [{"entity": "dong", "value": "행당2동"}]))
    text = texts(messages)
    assert text.startswith("행당2동 배출 요일이에요.")
    assert f"일반쓰레기(종량제 봉투): {'·'.join(d + '요일' for d in schedule.general_days)}" in text
    assert f"{schedule.put_out_from}~{schedule.put_out_until}" in text
    assert extras(messages)["citations"] == [{"id": "waste_collection:행당2동", "title": "행당2동 쓰레기 배출 안내",
                                              "url": schedule.source_url}]


def test_ambiguous_dong_gets_a_choice_not_a_guess():
    messages, _ = run(ActionCollectionDays(), tracker("성수동 음식물 언제 내놔요", "waste_collection_schedule",
                                                      [{"entity": "dong", "value": "성수동"}]))
    assert "'성수동'은 여러 행정동으로 나뉘어 있어요" in texts(messages)
    assert [b["title"] for b in buttons(messages)] == ["성수1가1동", "성수1가2동", "성수2가1동", "성수2가3동"]


def test_only_the_asked_waste_type_and_english(district):
    schedule = district.dong_index.exact("마장동")[0]
    messages, _ = run(ActionCollectionDays(), tracker("When is food waste collected in Majang-dong?",
                                                      "waste_collection_schedule",
                                                      [{"entity": "dong", "value": "Majang-dong"}], lang="en"))
    text = texts(messages)
    assert text.startswith("Collection days in Majang-dong")
    assert "Food waste:" in text and "General waste" not in text
    assert extras(messages)["citations"][0]["title"] == "Waste collection in Majang-dong"
    assert schedule.dong_en in text


def test_dong_remembered_from_earlier_turn():
    messages, _ = run(ActionCollectionDays(), tracker("재활용은 언제예요", "waste_collection_schedule", dong="옥수동"))
    assert texts(messages).startswith("옥수동 배출 요일이에요.")
    assert "재활용품:" in texts(messages) and "음식물쓰레기" not in texts(messages)


def test_follow_up_keeps_the_previous_topic(district):
    """"행당2동은요?" after an office question answers the office, not collection days."""
    messages, events = run(ActionCollectionDays(), tracker("행당2동은요?", "waste_collection_schedule",
                                                           [{"entity": "dong", "value": "행당2동"}], topic="office_info"))
    office = district.office_of("community_centre", "행당2동")
    assert office.phone in texts(messages)
    assert events[0]["value"] == "office_info"


# --- bulky waste, sorting --------------------------------------------------------------

def test_bulky_fee_for_an_item_with_sizes_and_booking(district):
    fees = district.fees_for("소파")
    messages, _ = run(ActionBulkyWaste(), tracker("쇼파 버리려면 얼마예요", "bulky_waste",
                                                  [{"entity": "bulky_item", "value": "쇼파"}]))
    text = texts(messages)
    assert text.startswith("소파 대형폐기물 수수료예요.")
    for fee in fees:
        assert f"{fee.fee_krw:,}원" in text
    assert "신청 방법:" in text and district.booking[0].method in text
    assert extras(messages)["citations"][0]["id"] == "bulky_fees:소파"


def test_unknown_bulky_item_offers_nearest_matches(district):
    messages, _ = run(ActionBulkyWaste(), tracker("안마기계 버리는 방법", "bulky_waste"))
    assert "'안마기계'는 수수료 목록에서 찾지 못했어요" in texts(messages)
    assert buttons(messages), "nearest items are offered as buttons"
    assert all(b["payload"].startswith('/bulky_waste{"bulky_item":') for b in buttons(messages))


def test_bulky_without_item_asks_which(district):
    messages, _ = run(ActionBulkyWaste(), tracker("/bulky_waste", "bulky_waste"))
    assert texts(messages).startswith("어떤 물건을 버리시려고 하나요?")
    assert [b["title"] for b in buttons(messages)][:2] == list(dict.fromkeys(f.item for f in district.bulky_fees))[:2]


def test_sorting_an_item(district):
    item = district.recycling_named("건전지")[0]
    messages, _ = run(ActionSortingGuide(), tracker("다 쓴 건전지 어디다 버려요", "recycling_guide"))
    assert texts(messages).startswith(f"{item.item}: '{item.category}'(으)로 버려요.")
    assert item.how in texts(messages)


def test_sorting_in_english(district):
    item = district.recycling_named("styrofoam")[0]
    messages, _ = run(ActionSortingGuide(), tracker("how do I throw away styrofoam", "recycling_guide", lang="en"))
    assert texts(messages).startswith(f"{item.item_en}: dispose of it as '{item.category_en}'.")


# --- events, welfare, offices ----------------------------------------------------------

def test_events_this_weekend_come_from_the_calendar(district):
    expected = district.events_between(TODAY.replace(day=28), TODAY.replace(day=29))
    messages, _ = run(ActionEvents(), tracker("이번 주말 행사 있어요?", "events_search",
                                              [{"entity": "date", "value": "이번 주말"}]))
    text = texts(messages)
    assert text.startswith("11월 28일(토) ~ 11월 29일(일) 행사예요.") if expected else "등록된 행사가 없어요" in text
    for event in expected[:5]:
        assert event.title in text


def test_events_for_seniors_on_a_date_in_english(district):
    messages, _ = run(ActionEvents(), tracker("events for seniors next week", "events_search", lang="en"))
    text = texts(messages)
    for event in district.events_between(TODAY.replace(day=30), TODAY.replace(month=12, day=6), "seniors")[:5]:
        assert event.title_en in text
    assert "for seniors" in text or "for older" in text.lower()


def test_past_events_are_not_offered(district):
    past = [e for e in district.events if e.end_date < TODAY]
    messages, _ = run(ActionEvents(), tracker("행사 뭐 있어요", "events_search"))
    for event in past:
        assert event.title not in texts(messages)


def test_welfare_without_group_asks_for_group():
    messages, _ = run(ActionWelfarePrograms(), tracker("복지 혜택 뭐 있어요", "welfare_programs"))
    assert texts(messages).startswith("어떤 분을 위한 지원을 찾으세요?")
    assert len(buttons(messages)) == 6


def test_welfare_for_seniors_lists_programmes_with_apply_buttons(district):
    messages, _ = run(ActionWelfarePrograms(), tracker("어르신 복지 뭐 있어요", "welfare_programs",
                                                       [{"entity": "target_group", "value": "어르신"}]))
    programmes = district.welfare_for("seniors")
    for programme in programmes:
        assert programme.name in texts(messages)
    assert len(buttons(messages)) == len(programmes)
    assert len(extras(messages)["citations"]) == len(programmes)


def test_welfare_apply_names_documents_and_phone(district):
    programme = district.welfare[0]
    messages, _ = run(ActionWelfareApply(), tracker(f"{programme.name} 신청하려면 뭐 가져가요", "welfare_apply"))
    text = texts(messages)
    assert programme.how_to_apply in text and programme.phone in text
    for document in programme.documents:
        assert document in text


def test_office_hours_of_district_office(district):
    office = district.office_of("district_office")
    messages, _ = run(ActionOfficeInfo(), tracker("구청 몇 시까지 해요?", "office_info"))
    assert office.hours in texts(messages) and office.phone in texts(messages)


def test_community_centre_without_dong_asks_which():
    messages, _ = run(ActionOfficeInfo(), tracker("동사무소 전화번호 알려줘", "office_info"))
    assert "어느 동에 사세요?" in texts(messages)
    assert buttons(messages)[0]["payload"].startswith('/office_info{"dong":')


def test_community_centre_by_dong(district):
    office = district.office_of("community_centre", "옥수동")
    messages, _ = run(ActionOfficeInfo(), tracker("옥수동 주민센터 몇시까지", "office_info",
                                                  [{"entity": "dong", "value": "옥수동"}]))
    assert texts(messages).startswith(office.name) and office.phone in texts(messages)


def asking_for_a_person(at: str, topic: str | None = None) -> Tracker:
    events = [{"event": "user", "text": "쓰레기 언제 버려요?"}, {"event": "bot", "text": "어느 동인가요?"},
              {"event": "user", "text": "상담원 연결해 주세요"}]
    return Tracker("web:resident-9", {"topic": topic}, {
        "text": "상담원 연결해 주세요", "intent": {"name": "request_human", "confidence": 0.9}, "entities": [],
        "metadata": {"channel": "web", "lang": "ko", "now": at}}, events, False, None, {}, "action_listen")


def test_request_human_in_office_hours_joins_the_departments_queue_with_the_transcript():
    from bot.handoff.inbox import Inbox

    messages, _ = run(ActionRequestHuman(), asking_for_a_person("2026-11-25T10:00", "waste_collection_schedule"))
    assert texts(messages).startswith("청소행정과 직원에게 연결하고 있어요. 지금 대기 1번째")
    assert extras(messages)["source"] == "handoff"
    inbox = Inbox(actions.turn.settings().database)
    held = inbox.held("web:resident-9")
    assert (held.channel, held.department, held.state) == ("web", "청소행정과", "waiting")
    assert [m.text for m in inbox.messages(held.id)] == ["쓰레기 언제 버려요?", "어느 동인가요?", "상담원 연결해 주세요"]


def test_request_human_after_hours_says_when_the_office_opens():
    messages, _ = run(ActionRequestHuman(), asking_for_a_person("2026-11-25T22:00"))
    assert texts(messages).startswith("지금은 근무 시간이 아니라 직원과 바로 연결할 수 없어요")
    assert "다음 근무는 11월 26일(목) 09:00에 시작해요." in texts(messages)


def test_request_human_without_the_inbox_gives_numbers_and_hours(district, monkeypatch):
    from bot import handoff
    from bot.complaints.store import DatabaseUnavailable

    def down(*args, **kwargs):
        raise DatabaseUnavailable("no database")

    monkeypatch.setattr(handoff, "request", down)
    messages, _ = run(ActionRequestHuman(), tracker("상담원 연결해 주세요", "request_human"))
    assert district.office_of("district_office").phone in texts(messages)
    assert district.office_of("call_centre").phone in texts(messages)


def test_out_of_scope_is_refused_kindly_with_a_contact():
    messages, _ = run(ActionAnswerFromKnowledge(), tracker("내일 날씨 어때?", "out_of_scope"))
    assert texts(messages).startswith("죄송해요, 그 질문은 제가 답할 수 있는 자료가 없어요.")
    assert extras(messages)["source"] == "fallback"
    assert json.dumps(buttons(messages), ensure_ascii=False).count("payload") == 3


# --- questions with no rule: the FAQ ----------------------------------------------------

def test_open_question_answered_from_faq_with_citation():
    messages, _ = run(ActionAnswerFromKnowledge(), tracker("재산세 언제 내는 거예요?", "nlu_fallback"))
    assert extras(messages)["source"] == "faq"
    assert extras(messages)["citations"][0]["id"] == "tax-001"
    assert "7월" in texts(messages)


def test_english_question_prefers_the_english_row():
    messages, _ = run(ActionAnswerFromKnowledge(), tracker("When do I pay property tax?", "nlu_fallback", lang="en"))
    assert extras(messages)["citations"][0]["id"] == "tax-001-en"
    assert "July" in texts(messages)


def test_other_city_is_refused_not_answered_from_our_rows_and_kept_for_staff(tmp_path):
    messages, _ = run(ActionAnswerFromKnowledge(), tracker("부산 해운대구 쓰레기 배출 요일", "out_of_scope"))
    assert extras(messages)["source"] == "fallback"
    assert texts(messages).startswith("죄송해요")
    kept = actions.knowledge.unanswered_store().recent()
    assert [(q.question, q.reason) for q in kept] == [("부산 해운대구 쓰레기 배출 요일", "out_of_scope")]


def test_political_judgement_gets_the_neutral_answer():
    messages, _ = run(ActionAnswerFromKnowledge(), tracker("이번 선거에 누구 뽑아야 돼?", "out_of_scope"))
    assert "1390" in texts(messages) and "중립" in texts(messages)


def test_topic_without_a_specific_answer_uses_a_clearly_matching_faq_row():
    """No sorting item is named, but a FAQ row answers exactly this."""
    messages, _ = run(ActionSortingGuide(), tracker("종량제 봉투는 어디서 사나요?", "recycling_guide"))
    assert extras(messages)["citations"][0]["id"] == "clean-002"


def test_a_vague_topic_question_keeps_the_dialogue_when_no_row_clearly_matches():
    messages, _ = run(ActionSortingGuide(), tracker("이거 어떻게 버려요", "recycling_guide"))
    assert texts(messages).startswith("어떤 물건인지 잘 모르겠어요.")
