"""Failure classes found by invariant fuzzing (bench/dialogue_fuzz.py: other conversations' turns recombined
inside forms and after other topics), each fixed as a mechanism and held here over a conversation:

- a question inside a task gets the answer it gets outside the task (the status lookup, the complaint form's
  free-text questions), and the task's question comes back;
- a status question inside a complaint leaves it for the lookup, a new report inside a lookup for the form;
- a whole question of another topic after an answer is answered for itself, not from the last answer's rows;
- "is anyone there?" inside a form at a low confidence is answered as such.

Also the fuzzer's own checks, on made-up replies (no stack)."""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.dialogue_fuzz import Step, language_of, pools, violations
from bot.conversations.checks import Observation
from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)


def in_status_lookup() -> Resident:
    resident = Resident()
    resident.says("민원 처리 상황 확인하고 싶어요", "complaint_status", 0.99)
    assert resident.state.task == "status" and resident.state.asked == "ticket"
    return resident


def in_complaint(at: str) -> Resident:
    resident = Resident()
    resident.says("가로등 고장 신고할게요", "file_complaint", 0.99)
    if at in ("location", "description"):
        resident.says("송정동", "affirm", 0.41)
    if at == "description":
        resident.says("동일로43길 13 주민센터 뒤 골목", "office_info", 0.95)
    assert resident.state.task == "complaint" and resident.state.asked == at, resident.state
    return resident


def test_a_general_question_inside_the_status_lookup_is_answered_and_the_ticket_asked_again():
    resident = in_status_lookup()
    reply = resident.says("자동차세는 몇 월에 내는 거예요", "out_of_scope", 0.94)
    assert "자동차세" in reply and "6월" in reply
    assert "접수번호를 알려 주세요" in reply
    assert resident.state.task == "status" and resident.state.misses == 0


def test_a_number_word_in_a_question_is_not_about_the_lookup():
    resident = in_status_lookup()
    reply = resident.says("등본 떼려면 주민번호 말고 뭐가 필요해요? 인터넷으로 뗄 수 있어요?", "out_of_scope", 0.9)
    assert "정부24" in reply or "무인민원발급기" in reply
    assert resident.state.task == "status" and resident.state.misses == 0


def test_a_welfare_question_inside_a_lookup_uses_the_person_it_describes():
    resident = in_status_lookup()
    reply = resident.says("저희 어머니가 올해 일흔여덟이시고 행당2동에서 혼자 사세요. 어머니가 받으실 수 있는 복지가 뭐가 있을까요?",
                          "welfare_programs", 0.99)
    assert "어떤 분을 위한" not in reply and "기초연금" in reply
    assert "접수번호를 알려 주세요" in reply


def test_a_new_report_during_a_lookup_leaves_it_for_the_form():
    resident = Resident("en")
    resident.says("check complaint status", "complaint_status", 0.99)
    resident.says("2026-008140", "complaint_status", 0.96)
    assert resident.state.task == "status"
    resident.says("Somebody parked illegally right in front of the fire hydrant near Yongdap Station, it's been "
                  "there since 7am", "file_complaint", 0.94)
    assert resident.state.task == "complaint"


def test_a_status_question_inside_a_complaint_leaves_it_for_the_lookup():
    resident = in_complaint("where")
    reply = resident.says("지난주에 낸 민원이 처리가 됐는지 좀 볼라고요", "complaint_status", 0.99)
    assert resident.state.task == "status" and "접수번호" in reply


def test_an_events_question_naming_a_station_is_not_the_place_of_the_complaint():
    resident = in_complaint("location")
    reply = resident.says("마장역 근처에서 12월 초에 하는 행사 있어요?", "events_search", 0.99)
    assert "행사 있어요?로 적었어요" not in reply
    assert resident.state.task == "complaint" and resident.state.asked == "location"
    assert "행사" not in (resident.state.values.get("location") or "")


def test_a_welfare_question_without_a_question_mark_is_not_the_details():
    resident = in_complaint("description")
    resident.says("아들이 스물여섯인데 서울서 월세 살아예 청년 월세 지원 내가 대신 신청해 줄 수 있나", "welfare_apply", 0.78)
    assert resident.state.asked == "description" and not resident.state.values.get("description")


def test_a_request_to_be_told_a_fee_is_not_the_details():
    resident = in_complaint("description")
    reply = resident.says("2인용 소파 버리는 비용 알려 주세요", "bulky_waste", 0.88)
    assert "6,000원" in reply
    assert resident.state.asked == "description" and not resident.state.values.get("description")


def test_a_caring_question_read_weakly_as_a_complaint_is_answered_not_taken_as_the_place():
    resident = in_complaint("where")
    reply = resident.says("옆집에 혼자 사시는 할머니가 요즘 끼니를 거르시는 거 같아서 걱정돼요 도와드릴 방법이 있을까요",
                          "file_complaint", 0.44)
    assert "로 적었어요" not in reply
    assert resident.state.asked == "where" and not resident.state.values.get("location")
    assert "어디에서 생긴 일인가요" in reply


def test_anyone_there_inside_a_form_at_a_low_confidence_is_answered_as_such():
    resident = Resident()
    resident.says("뚝섬역 1번출구 바로 앞 점자블록 위에 공유킥보드 세대가 쓰러져 있어요", "file_complaint", 0.99)
    assert resident.state.asked == "consent"
    reply = resident.says("거기 누구 있어요? 이 시간에 물어봐도 되나", "waste_collection_schedule", 0.42)
    assert "배출 요일" not in reply and ("운영" in reply or "18:00" in reply)
    assert resident.state.task == "complaint"


def test_a_whole_question_of_another_topic_is_not_read_as_a_follow_up():
    resident = Resident("en")
    resident.says("how much for throw away sofa for two people", "bulky_waste", 0.99)
    reply = resident.says("im 27 and renting a tiny room alone in seoul, any help with rent??", "welfare_programs", 0.98)
    assert "sofa" not in reply.lower() and "KRW 6,000" not in reply


def test_a_short_question_read_as_another_topic_stays_a_follow_up():
    resident = Resident()
    resident.says("김치냉장고 버리려면 얼마예요", "bulky_waste", 0.99)
    reply = resident.says("신청은 주민센터 가서 하면 되는규?", "welfare_apply", 0.99)
    assert "어떤 분을 위한" not in reply and ("주민센터" in reply or "스티커" in reply)


# --- the fuzzer's checks, on made-up replies ---------------------------------------------------------

def reply(text: str, lang: str = "ko", confidence: float = 0.9, name: str = "x", cites: tuple = ()) -> Observation:
    body = {"messages": [{"text": t} for t in text.split("\n\n")], "lang": lang,
            "intent": {"name": name, "confidence": confidence}, "citations": [{"id": c} for c in cites]}
    return Observation(body, 200, "", [])


def test_the_fuzzer_never_reads_the_held_out_conversations():
    with pytest.raises(SystemExit):
        pools([Path("tests/conversations/heldout")])


def test_the_fuzzer_flags_a_form_opened_at_a_low_confidence_but_not_one_the_words_ask_for():
    step = Step("아 3인용이에요", role="follow_up")
    found = violations(step, step.text, reply("어디에서 생긴 일인가요?", confidence=0.41), {}, {"task": "complaint"}, None)
    assert [name for name, _ in found] == ["low_confidence_form"]
    step = Step("거리 청소 민원이요", role="opener")
    assert not violations(step, step.text, reply("어디에서 생긴 일인가요?", confidence=0.45), {},
                          {"task": "complaint"}, None)


def test_the_fuzzer_flags_a_cancel_that_stays_a_swallowed_side_question_and_a_lost_answer():
    cancel = Step("취소", role="cancel")
    assert [n for n, _ in violations(cancel, "취소", reply("접수번호를 알려 주세요."), {"task": "status"},
                                     {"task": "status"}, None)] == ["cancel_stays"]
    side = Step("자동차세는 언제 내요?", role="side")
    found = violations(side, side.text, reply("접수번호는 이렇게 생겼어요."), {"task": "status", "misses": 0},
                       {"task": "status", "misses": 1}, None, alone={"tax-004"})
    assert sorted(n for n, _ in found) == ["context_changes_answer", "form_swallows"]
    answered = violations(side, side.text, reply("자동차세는 6월과 12월에 내요.\n\n접수번호를 알려 주세요.", cites=("tax-004",)),
                          {"task": "status", "misses": 0}, {"task": "status", "misses": 0}, None, alone={"tax-004"})
    assert answered == []


def test_the_fuzzer_checks_the_language_of_the_reply_against_the_message():
    assert language_of("When is trash day in Oksu-dong?") == "en"
    assert language_of("옥수동 쓰레기 언제 버려요?") == "ko"
    assert language_of("Hello, I live in 옥수동") is None          # mixed: no claim
    step = Step("When is trash day in Oksu-dong?", role="side")
    found = violations(step, step.text, reply("옥수동 배출 요일이에요.", lang="ko"), {}, {}, None)
    assert [n for n, _ in found] == ["language"]


# --- classes the fourth set written apart (fresh3) revealed, each a mechanism ------------------------

def test_the_contact_answered_before_it_is_asked_is_kept_and_submit_files_with_the_dong_known():
    resident = Resident("en")
    resident.says("I want to report noise from a building site, they start drilling at 6am", "file_complaint", 0.99)
    resident.says("It's in Sageun-dong", "waste_collection_schedule", 0.5)
    assert resident.state.asked == "location"
    reply = resident.says("no texts please", "deny", 0.96)
    assert resident.state.values.get("consent") == "no" and resident.state.asked == "location"
    assert "no texts" not in (resident.state.values.get("location") or "") and "no contact" in reply.lower()
    reply = resident.says("yes submit it", "affirm", 0.99)
    assert "2026-" in reply and resident.state.task is None


def test_a_contact_refusal_at_the_details_question_is_not_the_details():
    resident = in_complaint("description")
    resident.says("연락은 안 받을게요", "goodbye", 0.45)
    assert not resident.state.values.get("description") and resident.state.values.get("consent") == "no"


def test_a_call_nobody_answers_at_the_details_question_is_the_details_not_a_contact_refusal():
    resident = in_complaint("description")
    resident.says("담당자한테 몇 번 전화했는데 전화 안 받아요", "file_complaint", 0.6)
    assert resident.state.values.get("consent") is None
    assert "전화 안 받아" in (resident.state.values.get("description") or "")


def test_small_talk_inside_a_form_is_small_talk_not_a_faq_search():
    resident = Resident()
    resident.says("뚝섬역 1번출구 바로 앞 점자블록 위에 공유킥보드 세대가 쓰러져 있어요", "file_complaint", 0.99)
    reply = resident.says("ㅋㅋ 근데 너 사람이야?", "bot_challenge", 0.99)   # utter_iamabot is a domain response
    assert "등본" not in reply and "이어서" in reply and "동의" in reply
    assert resident.state.task == "complaint"


def test_a_day_to_go_out_is_an_events_question_whatever_the_nlu_guessed():
    resident = Resident()
    reply = resident.says("울 엄마가 일흔이신데 평일에 다니실만한 거 있을까요? 주말에는 제가 못 모셔다 드려서요",
                          "file_complaint", 0.67)
    assert resident.state.task is None and "어떤 문제를 신고" not in reply
    assert "스마트폰 교실" in reply or "건강 상담" in reply
    assert "김장" not in reply      # the weekend is the one she cannot do


def test_a_programme_the_person_already_gets_is_not_the_answer():
    resident = Resident()
    reply = resident.says("어머니가 78세시고 응봉동에서 혼자 사세요. 기초연금은 받고 계시는데 집에 와서 좀 들여다봐 주는 서비스가 있을까요",
                          "welfare_programs", 0.97)
    assert "네, 기초연금이 있어요" not in reply and "맞춤돌봄" in reply


def test_someone_to_look_in_on_a_person_is_welfare_whatever_the_place_named():
    resident = Resident("en")
    reply = resident.says("My dad is 72, lives on his own in Majang-dong and already gets the basic pension. Is there "
                          "someone who can check in on him now and then?", "waste_collection_schedule", 0.75)
    assert "Collection days" not in reply and "Care" in reply


def test_a_weak_collection_day_guess_that_asks_nothing_of_days_is_answered_from_the_faq():
    resident = Resident()
    reply = resident.says("용답동으로 이사왔는데요 전입신고는 언제까지 해야 돼요?", "waste_collection_schedule", 0.47)
    assert "14일" in reply and "배출 요일" not in reply
    reply = resident.says("재활용은 무슨 요일이에요?", "waste_collection_schedule", 0.95)
    assert "용답동" in reply       # the 동 said first is still remembered


def test_an_event_named_in_english_words_and_in_a_weak_small_talk_guess_gets_its_fee():
    resident = Resident("en")
    reply = resident.says("the year end concert is free or need money?", "events_search", 0.94)
    assert "5,000" in reply
    resident = Resident()
    reply = resident.says("송년음악회 그거 공짜임?", "bot_challenge", 0.68)
    assert "5,000" in reply and "챗봇" not in reply


def test_a_latin_word_names_a_row_only_nearly_whole():
    from bot.guidance.naming import named_rows

    rows = [("한부모·조손 가족 봄 요리 교실", "Spring Cooking Class for Single-Parent and Grandparent-Led Families"),
            ("어르신 스마트폰 교실", "Smartphone Class for Seniors")]
    assert named_rows("my grandmother is 70, anything for her?", rows, lambda r: r) == []
    assert named_rows("what time are the smartphone classes?", rows, lambda r: r) == [rows[1]]


@pytest.mark.parametrize("text, gets", [
    ("기초연금은 받고 계시는데 다른 거 있어요?", True), ("벌써 기초연금 받으세요", True), ("기초연금은 이미 받아요", True),
    ("my mom already gets the basic pension", True),
    # asking how to get it, or wishing to, is asking for the programme itself
    ("기초연금 받으려면 어떻게 해요?", False), ("기초연금 받는 방법 알려주세요", False), ("기초연금 받고 싶어요", False),
    ("기초연금 받는데 필요한 서류", False), ("how can my mom get the basic pension", False),
])
def test_a_programme_already_got_is_told_from_one_asked_for(district, text, gets):
    from actions.community import already_gets

    pension = next(p for p in district.welfare if p.name == "기초연금")
    assert already_gets(text, pension) is gets


def test_how_to_get_a_named_programme_is_that_programme():
    resident = Resident()
    reply = resident.says("어머니가 78세신데 기초연금 받으려면 어떻게 해요?", "welfare_programs", 0.97)
    assert "기초연금" in reply and "맞춤돌봄" not in reply


# A question naming a thing the last answer never mentions is a new question, not a column of that answer
# (fuzz seeds 2 and 3: "따릉이 … 얼마예요" got an event's fee, "register my puppy" a sofa's booking guide).

def test_a_fee_question_about_another_thing_after_an_event_is_not_the_events_fee():
    resident = Resident()
    resident.says("다음 주 월요일에도 어르신 스마트폰 교실 해요? 우리 엄마 보내 드리려고", "events_search", 0.84)
    reply = resident.says("따릉이 한 시간 타면 얼마예요", "out_of_scope", 0.93)
    assert "따릉이" in reply and "참가비" not in reply


def test_a_sign_up_question_about_another_thing_after_a_bulky_fee_is_asked_for_itself():
    resident = Resident("en")
    resident.says("how much for throw away sofa for two people", "bulky_waste", 1.0)
    reply = resident.says("How do I register my puppy?", "out_of_scope", 0.77)
    assert "pick-up" not in reply and ("dog" in reply.lower() or "pet" in reply.lower())


def test_a_certificate_question_after_events_is_the_certificate():
    resident = Resident()
    resident.says("이번 주말에 하는 행사 뭐 있어요?", "events_search", 0.99)
    reply = resident.says("등본을 인터넷으로 뗄 수 있어요?", "welfare_apply", 0.6)
    assert "정부24" in reply or "무인민원발급기" in reply


def test_a_follow_up_naming_what_the_answer_named_stays_a_follow_up():
    resident = Resident()
    resident.says("이번 주말에 하는 행사 뭐 있어요?", "events_search", 0.99)
    reply = resident.says("숲 산책은 미리 신청해야 돼요?", "welfare_apply", 0.98)
    assert "미리 신청" in reply and "숲 산책" in reply
    resident = Resident()
    resident.says("2인용 소파 버리는 비용 알려 주세요", "bulky_waste", 0.99)
    reply = resident.says("냉장고는요?", "bulky_waste", 0.9)
    assert "냉장고" in reply and "원" in reply
    resident = Resident()
    resident.says("노인맞춤돌봄서비스 신청하려면 어떻게 해요?", "welfare_apply", 0.95)
    reply = resident.says("대신 신청해도 되죠?", "welfare_apply", 0.9)
    assert "대신" in reply or "가족" in reply


def test_a_broken_glass_question_after_a_faq_answer_is_its_own_question():
    resident = Resident()
    resident.says("접수한 민원 취소하고 싶은데 어떻게 해요", "out_of_scope", 0.9)
    reply = resident.says("유리컵이 깨졌는데 이거 유리병이랑 같이 내면 돼요?", "recycling_guide", 0.56)
    assert "취하" not in reply and "유리" in reply


def test_elliptical_and_people_follow_ups_stay_follow_ups():
    resident = Resident("en")
    resident.says("when is recycling day in Yongdap-dong?", "waste_collection_schedule", 0.99)
    reply = resident.says("and general trash?", "recycling_guide", 0.5)
    assert "Mon" in reply or "Tue" in reply or "Wed" in reply
    resident = Resident("en")
    resident.says("I'm 29 and renting a studio by myself, is there any help with rent?", "welfare_programs", 0.99)
    reply = resident.says("my mom wants to do the application for me, is that ok?", "welfare_apply", 0.99)
    assert "parental benefit" not in reply.lower()


# Fuzz seed 4: a question of another topic at a form's free-text question, read with confidence and without a
# question mark, is a side question — never the place or the details.

def test_a_topic_question_without_a_question_mark_at_the_details_is_not_the_details():
    resident = in_complaint("description")
    reply = resident.says("청년월세지원 받을수있나여 저 27살이고 원룸 월세살아요", "welfare_programs", 0.99)
    assert "월세" in reply and resident.state.asked == "description"
    assert not resident.state.values.get("description")


def test_an_office_number_asked_at_the_place_question_is_not_the_place():
    resident = Resident("en")
    resident.says("I want to report illegal dumping", "report_cleaning_issue", 0.98)
    reply = resident.says("phone number for Yongdap-dong community center pls", "office_info", 1.0,
                          entities=[{"entity": "dong", "value": "용답동"}])
    assert "02-" in reply and resident.state.asked == "where"
    assert not resident.state.values.get("dong")


def test_a_place_naming_a_centre_is_still_the_place():
    resident = in_complaint("location")
    resident.says("동일로43길 13 주민센터 뒤 골목", "office_info", 0.95)
    assert resident.state.asked == "description" and "동일로43길" in resident.state.values["location"]


def test_a_topic_question_of_its_own_is_not_read_as_the_answer_to_another_topics_question():
    resident = Resident()
    assert "어떤 분을 위한" in resident.says("복지 혜택 알아보고 싶어요", "welfare_programs", 0.99)
    reply = resident.says("행당2동쓰래기언제버려여", "waste_collection_schedule", 0.87)
    assert "행당2동" in reply and "어떤 분을 위한" not in reply


# --- conv-21e: context_changes_answer, grouped from fuzz seeds 2-4 -----------------------------------------------
# A question of another topic at the contact questions: "응봉동" starts with a "응", but a confident question of its own
# topic, borne out by its words, is not a yes to the consent (nor the phone number): it is answered and the consent
# asked again.

def in_complaint_at_consent() -> Resident:
    resident = Resident()
    resident.says("골목에 누가 이불이랑 쓰레기를 몰래 버리고 갔는데 며칠째 그대로예요", "report_cleaning_issue", 0.99)
    resident.says("마장동이요 신고해 주세요", "file_complaint", 0.87, entities=[{"entity": "dong", "value": "마장동"}])
    resident.says("마장로 286 앞 전봇대 밑이요", "office_info", 0.85)
    assert resident.state.asked == "consent", resident.state
    return resident


def test_a_topic_question_at_the_consent_question_is_not_a_yes():
    resident = in_complaint_at_consent()
    reply = resident.says("응봉동은 재활용 무슨 요일에 내요", "waste_collection_schedule", 0.98,
                          entities=[{"entity": "dong", "value": "응봉동"}])
    assert "응봉동" in reply and "재활용품" in reply
    assert resident.state.asked == "consent" and resident.state.values.get("consent") is None
    assert "동의" in reply.split("\n")[-1] or "동의" in reply[-300:]


def test_a_yes_at_the_consent_question_is_still_a_yes():
    resident = in_complaint_at_consent()
    resident.says("네 좋아요", "affirm", 0.98)
    assert resident.state.values.get("consent") == "yes" and resident.state.asked == "phone"


def test_a_topic_question_at_the_phone_question_is_not_the_phone():
    resident = in_complaint_at_consent()
    resident.says("네 동의해요", "affirm", 0.98)
    assert resident.state.asked == "phone"
    reply = resident.says("사근동 재활용 요일이 언제예요", "waste_collection_schedule", 0.99,
                          entities=[{"entity": "dong", "value": "사근동"}])
    assert "사근동" in reply and resident.state.asked == "phone" and not resident.state.values.get("phone")


# A yes is a word of its own: "응봉동", "어디로", "예약", "네이버" begin with a yes syllable and say no yes.
@pytest.mark.parametrize("words", ["응봉동 재활용은 언제 내요", "어디로 연락이 오는 거예요?", "예약은 따로 해야 돼요?",
                                   "네이버 지도로 봐도 되나요"])
def test_a_word_that_begins_with_a_yes_syllable_is_no_yes(words):
    from bot.dialogue import reading

    assert not reading.says_yes(words)


@pytest.mark.parametrize("words", ["네", "네네", "네에 동의해요", "예 맞아요", "응", "응응 접수해 줘", "어 그래", "넵", "예요"])
def test_a_yes_syllable_alone_or_drawn_out_is_a_yes(words):
    from bot.dialogue import reading

    assert reading.says_yes(words)
