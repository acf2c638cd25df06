"""The dialogue manager (action_converse) over whole conversations: a real rasa-sdk Tracker and
CollectingDispatcher each turn, the slots carried from turn to turn as Rasa would, a real SQLite
complaint store. The NLU's intent is given per turn, as Rasa would give it."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.complaints
import actions.knowledge
import actions.phones
import actions.turn
from actions.converse import ActionConverse
from bot.answer.pipeline import AnswerService
from bot.complaints.phone_vault import PhoneVault
from bot.complaints.store import ComplaintStore
from bot.dialogue.state import DialogueState
from bot.settings import Settings
from bot.unanswered import UnansweredStore
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def pinned(monkeypatch, tmp_path, demo_index, embedder):
    settings = Settings.load({"today": TODAY.isoformat(), "data_dir": str(tmp_path)}, environ={})
    monkeypatch.setattr(actions.turn, "settings", lambda: settings)
    service = AnswerService(settings, index=demo_index, embedder=embedder)
    monkeypatch.setattr(actions.knowledge, "answer_service", lambda: service)
    unanswered = UnansweredStore(settings.database)
    monkeypatch.setattr(actions.knowledge, "unanswered_store", lambda: unanswered)
    store = ComplaintStore(settings.database)
    monkeypatch.setattr(actions.complaints, "complaint_store", lambda: store)
    vault = PhoneVault(settings.database)
    monkeypatch.setattr(actions.phones, "phone_vault", lambda: vault)
    return store


class Resident:
    """One conversation: each ``says`` is a turn through action_converse, slots kept between turns."""

    def __init__(self, lang: str = "ko") -> None:
        self.slots: dict = {"lang": lang}
        self.events: list = []

    def says(self, text: str, intent: str, confidence: float = 0.9, entities: list | None = None,
             now: str | None = None) -> str:
        metadata = {"lang": self.slots["lang"], **({"now": now} if now else {})}
        message = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": entities or [],
                   "metadata": metadata}
        tracker = Tracker("web:resident", dict(self.slots), message, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        self.events = asyncio.run(ActionConverse().run(dispatcher, tracker, {}))
        for event in self.events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        said = "\n".join(m["text"] for m in dispatcher.messages if m.get("text"))
        return said

    @property
    def state(self) -> DialogueState:
        return DialogueState.load(self.slots.get("dialogue"))


def test_a_first_message_with_place_and_details_asks_only_the_consent_then_files_on_free_text(pinned):
    resident = Resident()
    reply = resident.says("마장동 축산물시장 입구 앞 인도에 전동킥보드 세 대가 쓰러져 있어서 유모차가 못 지나가요. "
                          "신고 좀 해 주세요", "file_complaint", 0.99)
    assert "개인정보" in reply and "어떤 문제를 신고" not in reply and "어느 동" not in reply
    assert resident.slots["requested_slot"] == "complaint_phone"   # the gateway vaults a number sent now
    reply = resident.says("동의 안 해요", "deny")
    assert "축산물시장" in reply and "맞으면" in reply
    reply = resident.says("네 접수해 주세요", "affirm")
    assert "접수번호는 2026-" in reply
    filed = pinned.listing()[0]
    assert (filed.category, filed.dong) == ("e_scooter", "마장동")
    assert "축산물시장" in filed.location and "킥보드" in filed.description


def test_each_question_in_turn_and_details_asked_when_the_opening_names_only_the_kind(pinned):
    resident = Resident()
    assert "어디에서 생긴 일" in resident.says("가로등이 고장 났어요 신고할게요", "file_complaint")
    assert "어디" in resident.says("사근동", "affirm", 0.3)
    assert "자세히" in resident.says("사근동길 37 주민센터 뒤쪽 계단 올라가는 데요", "office_info")
    assert "개인정보" in resident.says("밤에 불이 아예 안 들어와요", "file_complaint")
    assert "사근동길 37" in resident.says("아니요 연락은 안 주셔도 돼요", "deny")
    resident.says("네 맞아요", "affirm")
    filed = pinned.listing()[0]
    assert filed.location.startswith("사근동길 37") and "불이" in filed.description and not filed.phone


def test_a_side_question_is_answered_and_the_form_resumes(pinned):
    resident = Resident()
    resident.says("쓰레기 무단투기 신고하려고요", "report_cleaning_issue")
    resident.says("금호2가동이요", "office_info", 0.4)
    reply = resident.says("잠깐만요, 근데 접수하면 보통 며칠 만에 처리돼요?", "out_of_scope", 0.5)
    assert "3일" in reply and "어디" in reply.splitlines()[-1]
    assert resident.state.asked == "location"


def test_cancel_leaves_the_form_and_nothing_is_filed(pinned):
    resident = Resident()
    resident.says("킥보드 방치된 거 신고할게요", "file_complaint")
    reply = resident.says("아 됐어요 그만할래요. 다른 사람이 벌써 치웠대요", "deny")
    assert "취소" in reply and resident.state.task is None
    assert pinned.listing() == []


def test_consent_refused_is_not_a_cancellation():
    resident = Resident()
    resident.says("마장동 마장로 286 주민센터 앞 횡단보도에 전동킥보드가 누워 있어요. 신고할게요", "file_complaint")
    reply = resident.says("동의 안 할래요", "deny")
    assert "마장로 286" in reply and resident.state.task == "complaint"


def test_a_correction_at_the_confirmation_changes_the_place(pinned):
    resident = Resident()
    resident.says("불법 주차 신고합니다", "file_complaint")
    resident.says("행당2동", "office_info", 0.3)
    resident.says("행당로 79 주민센터 앞", "office_info")
    resident.says("소화전 바로 앞에 승용차가 이틀째 서 있어요", "file_complaint")
    resident.says("동의 안 합니다", "deny")
    reply = resident.says("아 잠깐만요 위치가 틀렸어요. 79 말고 행당로 81 약국 앞이에요", "deny", 0.4)
    assert "행당로 81" in reply
    resident.says("네 이제 맞아요 접수해 주세요", "affirm")
    assert "행당로 81" in pinned.listing()[0].location


def test_two_unusable_answers_get_an_example_then_a_way_out_never_the_same_question_thrice():
    resident = Resident()
    first = resident.says("쓰레기 무단투기 신고요", "report_cleaning_issue")
    second = resident.says("우리 동네요", "out_of_scope", 0.3)
    third = resident.says("글쎄 그걸 내가 어떻게 알아요", "out_of_scope", 0.3)
    assert "예:" in second and "120" in third
    assert len({first.splitlines()[-1], second.splitlines()[-1], third.splitlines()[-1]}) == 3
    assert "어디" in resident.says("아 생각났다 마장동이에요", "affirm", 0.3)


def test_a_low_confidence_complaint_never_starts_the_form():
    resident = Resident()
    reply = resident.says("아 그리고 식탁도 하나 버릴 거예요", "file_complaint", 0.41)
    assert resident.state.task is None and "어떤 문제를 신고" not in reply


def test_the_status_lookup_reads_a_ticket_by_its_pattern_never_the_sentence():
    resident = Resident()
    assert "접수번호" in resident.says("제가 전에 넣은 민원 어떻게 됐는지 알고 싶어요", "complaint_status")
    reply = resident.says("번호를 어디 적어 놨는데 종이를 못 찾겠어요", "complaint_status", 0.6)
    assert "종이를" not in reply and "120" in reply
    reply = resident.says("아 찾았다 2026-003392-M4 예요", "complaint_status")
    assert "2026-003392" in reply and "찾지 못" in reply and "아 찾았다" not in reply   # a number nobody was given: at once
    reply = resident.says("끝자리는 7710", "out_of_scope", 0.3)
    assert "2026-003392" in reply and "찾지 못" in reply and "아 찾았다" not in reply


def test_a_corrected_ticket_number_replaces_the_first():
    resident = Resident()
    resident.says("민원 조회", "complaint_status")
    resident.says("2026-004817", "complaint_status")
    resident.says("아 번호를 잘못 봤어요 2026-004871이에요", "complaint_status")
    reply = resident.says("3366", "affirm", 0.3)
    assert "2026-004871" in reply and "2026-004817" not in reply


def test_deleting_what_was_sent_restarts_the_conversation_and_says_what_is_kept():
    resident = Resident()
    resident.says("가로등 고장 신고할게요", "file_complaint")
    reply = resident.says("아 그냥 그만하고 제가 쓴 전화번호랑 다 지워 주세요", "out_of_scope", 0.4)
    assert "지웠" in reply and "보관" in reply
    assert any(e.get("event") == "restart" for e in resident.events)
    assert resident.state.task is None


def test_a_filed_complaint_is_never_deleted_silently():
    reply = Resident().says("아 근데 방금 접수한 민원 지워 주세요. 벌써 치워졌대요", "file_complaint", 0.5)
    assert "취하" in reply and "지웠어요" not in reply


def test_repeat_says_the_last_answer_again():
    resident = Resident()
    first = resident.says("구청 전화번호 좀", "office_info", 0.95)
    again = resident.says("뭐라고? 다시 한 번만 말해 줘", "out_of_scope", 0.5)
    assert again.startswith("다시 말씀드릴게요.") and first in again


def test_a_damaged_state_is_a_fresh_start_not_an_error():
    resident = Resident()
    resident.slots["dialogue"] = "{not json"
    resident.says("안녕하세요", "greet", 0.99)
    assert any(e.get("name") == "dialogue" for e in resident.events) and resident.state.task is None


def test_who_the_support_is_for_is_read_from_age_and_situation():
    from bot.dialogue.people import group_in

    assert group_in("저희 어머니가 올해 일흔여덟이시고 행당2동에서 혼자 사세요") == "seniors"
    assert group_in("스물여섯 살 자취생인데 월세 지원 같은 거 받을 수 있어요?") == "youth"
    assert group_in("지난달에 애기 낳았는데") == "children"
    assert group_in("my brother is 41") is None


def test_a_welfare_question_that_says_who_is_not_asked_again():
    reply = Resident().says("저희 어머니가 올해 일흔여덟이시고 행당2동에서 혼자 사세요. 받을 수 있는 복지가 뭐가 있을까요?",
                            "welfare_programs", 0.99)
    assert "어떤 분을 위한" not in reply and "기초연금" in reply


def test_a_landmark_gives_the_dong(pinned):
    resident = Resident()
    reply = resident.says("왕십리역 4번 출구 앞 횡단보도를 킥보드가 막고 있어요", "file_complaint", 0.96)
    assert resident.state.values["dong"] == "행당1동" and "왕십리역 4번 출구 앞" in resident.state.values["location"]
    assert "어디" not in reply.splitlines()[0] and "어떤 문제를 신고" not in reply


def test_a_follow_up_after_a_welfare_faq_answer_is_answered_from_the_programme_row(pinned):
    resident = Resident()
    first = resident.says("혼자 사는 부모님을 돌봐 주는 서비스가 있어요?", "out_of_scope", 0.5)
    assert "노인맞춤돌봄서비스" in first
    assert "welfare:wf-002" in resident.state.last_citations
    reply = resident.says("제가 대신 신청해도 되죠?", "welfare_apply", 0.98)
    assert "대신 신청" in reply and "어떤 분을 위한" not in reply


def test_a_faq_follow_up_that_brings_back_the_same_row_takes_another_row_of_the_same_area(pinned):
    resident = Resident()
    assert "재산세" in resident.says("재산세는 언제 내요?", "out_of_scope", 0.5)
    reply = resident.says("자동차세는요?", "out_of_scope", 0.4)
    assert "자동차세" in reply and "앞에서 말씀드린" not in reply
    assert resident.state.last_question == "자동차세는요?"
    other = Resident()
    assert "전입신고" in other.says("이사 왔는데 전입신고는 언제까지 해야 돼요?", "out_of_scope", 0.5)
    late = other.says("늦게 하면 어떻게 돼요?", "out_of_scope", 0.4)
    assert "과태료" in late          # a row of another area (a library's late returns) is not taken


def test_a_follow_up_after_a_topic_answered_from_the_faq_is_read_with_that_question(pinned):
    resident = Resident("en")
    first = resident.says("how should I register my new dog?", "welfare_apply", 0.65)
    assert "registered" in first and resident.state.last_question == "how should I register my new dog?"
    assert "fine" in resident.says("and if I skip it, is there a fine?", "bot_challenge", 0.45)


def test_the_same_cards_of_several_rows_asked_again_are_all_said():
    from types import SimpleNamespace

    from actions.converse import drop_repeated_tail
    from actions.talk import Talk
    from bot.guidance import Citation, Guidance

    cards = "A 주민센터\n• 주소: 가길 1\n\nB 주민센터\n• 주소: 나길 2"
    cited = [Citation("offices:a", "A", ""), Citation("offices:b", "B", "")]
    state = DialogueState(last_text=cards, last_tail="B 주민센터\n• 주소: 나길 2")
    talk = Talk(SimpleNamespace(lang="ko"), state, out=[Guidance(cards, citations=list(cited))])
    drop_repeated_tail(talk)
    assert "A 주민센터" in talk.out[0].text and "B 주민센터" in talk.out[0].text
    booking = "소파 수수료\n\n신청 방법: …"
    talk = Talk(SimpleNamespace(lang="ko"), DialogueState(last_text=booking, last_tail="신청 방법: …"),
                out=[Guidance(booking, citations=[Citation("bulky_fees:소파", "소파", ""), Citation("bulky_booking:x", "x", "")])])
    drop_repeated_tail(talk)
    assert talk.out[0].text == "소파 수수료"      # a closing block read just before is still said once


def test_who_to_call_right_after_a_faq_answer_is_that_answers_contact(pinned):
    resident = Resident()
    assert "1599-0120" in resident.says("따릉이 빌리는 데 요금이 얼마나 들어요?", "out_of_scope", 0.5)
    reply = resident.says("자전거가 고장 나면 어디로 전화해요?", "out_of_scope", 0.3)
    assert "1599-0120" in reply and "02-2286-5114" not in reply


def test_a_question_after_the_route_for_a_sad_resident_is_about_the_programmes_it_named(pinned):
    resident = Resident()
    first = resident.says("요즘 혼자 지내니까 너무 외롭고 우울해요", "out_of_scope", 0.4)
    assert "노인맞춤돌봄서비스" in first
    assert resident.state.last_citations[:2] == ["welfare:wf-002", "welfare:wf-008"]
    reply = resident.says("그건 누가 받을 수 있는 거예요?", "welfare_programs", 0.5)
    assert "노인맞춤돌봄서비스" in reply and "어떤 분을 위한" not in reply


def test_asking_for_a_person_through_the_manager_joins_the_queue_of_the_last_topic(pinned):
    """Every intent reaches action_converse now: "상담원 연결" must still hand the conversation to the staff
    inbox (issue 23) — the queue of the department of what the bot last answered — not just give numbers."""
    from bot.handoff.inbox import Inbox

    resident = Resident()
    resident.says("행당2동 쓰레기 언제 버려요?", "waste_collection_schedule",
                  entities=[{"entity": "dong", "value": "행당2동"}])
    reply = resident.says("상담원 연결해 주세요", "request_human", now="2026-11-25T10:00")
    assert reply.startswith("청소행정과 직원에게 연결하고 있어요.")
    held = Inbox(actions.turn.settings().database).held("web:resident")
    assert (held.department, held.state) == ("청소행정과", "waiting")


def test_every_slot_the_actions_set_is_in_the_domain():
    """Rasa drops a SlotSet for a slot its domain lacks, without a word: ``requested_slot`` exists only in a
    domain with forms unless declared, and without it the gateway stopped vaulting the phone number (issue 26)."""
    import re

    import yaml

    from bot.settings import ROOT

    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    set_here = set(re.findall(r"(?:SlotSet|\.slot)\(\s*\"(\w+)\"\s*,", source))
    declared = set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["slots"])
    assert {"requested_slot", "complaint_phone", "dialogue", "topic"} <= set_here
    assert set_here - declared == set()


def test_two_turns_in_a_row_the_bot_cannot_help_offer_a_person(pinned):
    """Issue 23: the bot failing twice in a row offers a person (a button to the staff inbox); an answer
    in between starts the count again."""
    resident = Resident()
    first = resident.says("비트코인 지금 사도 돼요?", "out_of_scope")
    assert "직원과 이야기하시겠어요" not in first
    second = resident.says("내일 서울 날씨 알려줘", "out_of_scope")
    assert "직원과 이야기하시겠어요" in second
    assert {"title": "상담원 연결", "payload": "/request_human"} in resident.state.last_buttons
    resident.says("행당2동 쓰레기 언제 버려요?", "waste_collection_schedule",
                  entities=[{"entity": "dong", "value": "행당2동"}])
    assert "직원과 이야기하시겠어요" not in resident.says("주식 추천해 줘", "out_of_scope")


# --- issue 21, second round: mechanisms that generalise (each failed before it was built) ---------------------

def test_a_topic_guess_its_words_do_not_bear_out_is_read_by_the_topic_they_name():
    reply = Resident().says("지금 가서 볼 수 있는 전시회 있어요?", "welfare_programs", 0.59)
    assert "어떤 분을 위한" not in reply and "전시" in reply


def test_a_question_is_not_taken_for_the_answer_to_the_topics_question_nor_asked_a_third_time():
    resident = Resident()
    assert "어떤 분을 위한" in resident.says("지원 받을 수 있는 거 있어요?", "welfare_programs", 0.7)
    second = resident.says("그게 언제까지 해요?", "events_search", 0.43)
    third = resident.says("어디서 해요?", "out_of_scope", 0.5)
    assert not (second.endswith("골라 주세요.") and third.endswith("골라 주세요.")), (second, third)


def test_the_same_question_is_never_asked_a_third_time_in_a_row():
    resident = Resident()
    asked = [resident.says(text, "waste_collection_schedule", 0.9).splitlines()[-1]
             for text in ("쓰레기 언제 버려요?", "쓰레기 요일이요", "쓰레기 언제 버리냐고요")]
    assert asked[0] != asked[2] or asked[1] != asked[2]


def test_a_follow_up_that_points_back_is_answered_from_the_row_even_when_long():
    resident = Resident("en")
    resident.says("im 27 and renting a tiny room alone in seoul, any help with rent??", "welfare_programs", 0.9)
    reply = resident.says("wait, my brother is 41, can he get it too?", "bulky_waste", 0.47)
    assert "39" in reply and "fee list" not in reply


def test_what_x_malgo_names_is_left_out_and_the_person_described_is_kept():
    resident = Resident()
    resident.says("스물여섯 살 자취생인데 월세 지원 같은 거 받을 수 있어요?", "welfare_programs", 0.95)
    reply = resident.says("월세 말고 일자리 구하는 동안 받는 돈도 있어요?", "welfare_programs", 0.89)
    assert "청년수당" in reply and "노인일자리" not in reply


def test_one_of_several_programmes_is_told_apart_by_its_own_words():
    resident = Resident()
    resident.says("기초수급자인데 겨울에 난방비 지원 나오는 거 있어요?", "welfare_programs", 0.99)
    reply = resident.says("작년에 받았는데 올해 또 신청해야 돼요?", "welfare_apply", 0.94)
    assert "에너지바우처" in reply and "생계급여" not in reply


def test_where_to_apply_with_a_dong_gives_that_dongs_centre():
    resident = Resident()
    resident.says("혼자 산 지 오래됐는데 요즘은 너무 외롭고 사는 게 힘들어요", "complaint_status", 0.8)
    resident.says("누가 가끔 들여다봐 주는 그런 것도 있어요?", "welfare_programs", 0.5)
    reply = resident.says("그건 어디다 신청해요? 성수2가3동 살아요", "welfare_apply", 0.92)
    assert "02-2286-7481" in reply and "마켓" not in reply


def test_a_follow_up_that_would_repeat_the_fee_but_asks_something_new_gets_the_faq_about_it():
    resident = Resident()
    resident.says("냉장고 버리려면 얼마예요", "bulky_waste", 0.95)
    reply = resident.says("냉장고는 공짜로 가져가는 데도 있다던데 그게 맞아요?", "bulky_waste", 0.9)
    assert "1599-0903" in reply


def test_two_things_asked_at_once_get_one_faq_answer_each():
    reply = Resident().says("재산세랑 자동차세 내는 달이 각각 언제예요?", "out_of_scope", 0.95)
    assert "7월" in reply and "12월" in reply


def test_who_to_call_after_a_topic_answer_is_that_topics_department():
    resident = Resident()
    resident.says("오락실 게임기 같은 큰 기계 버리려면 얼마예요", "bulky_waste", 0.9)
    reply = resident.says("그럼 그냥 전화로 물어볼게요. 어디로 하면 돼요?", "recycling_guide", 0.5)
    assert "02-2286-5525" in reply


def test_an_upset_question_where_to_turn_gets_the_faq_not_the_form():
    reply = Resident().says("윗집 애들이 밤마다 뛰어서 미치겠어요 층간소음 어디다 말해야 돼요", "file_complaint", 0.79)
    assert "1661-2642" in reply and "어디에서 생긴 일" not in reply


def test_the_form_asks_where_reads_a_landmark_says_it_back_and_a_skipped_consent_is_no(pinned):
    resident = Resident()
    assert "어디에서 생긴 일" in resident.says("불법주차 신고하려고요", "file_complaint", 0.98)
    reply = resident.says("옥수역 1번 출구 앞 소화전 바로 앞이요", "out_of_scope", 0.4)
    assert "옥수역 1번 출구 앞" in reply.splitlines()[0] and "적었어요" in reply.splitlines()[0]
    resident.says("흰색 승합차가 맨날 서 있어요", "file_complaint", 0.6)
    assert "종류" in resident.says("그건 넘어가 주세요", "out_of_scope", 0.3)      # the summary, no phone asked
    assert "접수번호" in resident.says("네 이대로 접수해 주세요", "file_complaint", 0.4)
    assert pinned.listing()[0].dong == "옥수동"


def test_a_question_naming_a_dong_at_the_where_question_is_a_side_question():
    resident = Resident()
    resident.says("민원 넣을라구요", "file_complaint", 0.9)
    resident.says("가로등이요", "file_complaint", 0.6)
    reply = resident.says("근데 그 전에 하나만요 행당2동 오늘 쓰레기 내놔도 되는 날이에요?", "waste_collection_schedule", 1.0)
    assert "행당2동" in reply and "수요일" in reply and "어디에서 생긴 일" in reply.splitlines()[-1]
    assert resident.state.values.get("dong") is None


def test_a_vague_place_is_asked_again_with_an_example():
    resident = Resident()
    resident.says("쓰레기 무단투기 신고요", "report_cleaning_issue")
    assert "예:" in resident.says("우리 동네요", "out_of_scope", 0.3)


def test_holidays_and_the_rows_own_note_answer_questions_about_a_dongs_schedule():
    resident = Resident()
    resident.says("용답동 사는디유 재활용은 무슨 요일에 내놓는규?", "waste_collection_schedule", 0.9,
                  entities=[{"entity": "dong", "value": "용답동"}])
    assert "명절" in resident.says("명절에는 달라지남유", "nlu_fallback", 0.25)
    resident = Resident()
    resident.says("옥수동 음식물 쓰레기는 언제 내놓아요?", "waste_collection_schedule", 0.9,
                  entities=[{"entity": "dong", "value": "옥수동"}])
    assert "관리사무소" in resident.says("아파트는 따로 하는 거여?", "bot_challenge", 0.87)


def test_after_deleting_what_was_sent_the_resident_is_told_again_what_is_kept():
    resident = Resident()
    resident.says("제가 쓴 거 다 지워 주세요", "out_of_scope", 0.4)
    assert any(e.get("name") == "forgotten" and e.get("value") for e in resident.events)   # the store deletes it
    assert "지웠어요" in resident.says("진짜 다 지운 거죠?", "bot_challenge", 0.83)


def test_asking_whether_a_report_can_be_made_now_says_yes_and_starts_it():
    reply = Resident().says("그럼 쓰레기 민원 지금 넣어도 돼요?", "waste_collection_schedule", 0.87)
    assert "지금도 민원을 접수할 수 있어요" in reply and "어떤 문제를 신고" in reply


def test_a_plain_ask_for_a_person_is_one_whatever_the_nlu_read(pinned):
    reply = Resident("en").says("hi po can i talk to a real staff? i have a problem with my address registration",
                                "bulky_waste", 0.46, now="2026-11-25T10:00")
    assert "staff" in reply.lower() and "fee" not in reply.lower()


def test_on_a_holiday_the_community_centres_are_closed_today():
    reply = Resident().says("오늘 주민센터 문 열어요? 등본 떼러 갈라고", "office_info", 0.73, now="2026-12-25T09:30")
    assert "쉬는 날" in reply


def test_a_sad_residents_night_question_gets_129_and_the_programmes_stay_for_the_next():
    resident = Resident()
    resident.says("남편이 갑자기 쓰러져서 일을 못하게 됐어요 애들 둘 데리고 당장 다음달 생활비가 없어요 어떡해요",
                  "welfare_programs", 0.6)
    assert "129" in resident.says("밤에도 전화 받아요?", "office_info", 0.48)
    assert "신분증" in resident.says("주민센터 가면 뭐 가져가야 돼요", "office_info", 0.78)


def test_questions_of_different_topics_in_one_message_get_one_answer_each():
    reply = Resident().says("안녕하세요 이번에 사근동으로 이사왔는데요 쓰레기 버리는 요일이랑, 1미터 넘는 책상 대형폐기물로 "
                            "버리는 비용이랑, 전입신고는 언제까지 해야되는지 알려주세요", "bulky_waste", 0.98)
    assert "사근동" in reply and "요일" in reply and "책상" in reply and "14일" in reply
