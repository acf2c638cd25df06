"""conv-21i's mechanisms (issue 21): the dialogue read against the bot's own last question and the state it keeps —
an empty reply ("그거요", "the thing") is no yes or thanks and gets the question again with examples, then a way out;
"잠깐만요" and "what can you do?" inside a form keep its question; each over a conversation (tests/test_dialogue.py's
Resident, the NLU's guess given per turn as it was seen)."""
from __future__ import annotations

import re

import pytest

from bot.dialogue import reading
from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)

LATE = "2026-11-25T23:30:00+09:00"


@pytest.mark.parametrize("words", ["그거요", "아 그거 있잖아요", "어 그거", "the thing", "you know the thing", "?", "이거요?",
                                   "거시기 뭐더라"])
def test_pointers_and_fillers_alone_are_an_empty_reply(words):
    assert reading.empty_reply(words)


@pytest.mark.parametrize("words", ["네", "어", "응", "아니요", "몰라요", "저요", "아이요", "소파요", "그거 소파요", "고마워요", "ok",
                                   "장롱", "ㅋㅋ"])
def test_a_yes_a_no_a_name_or_a_thank_you_is_not_empty(words):
    assert not reading.empty_reply(words)


def bulky_asked(lang: str) -> Resident:
    resident = Resident(lang)
    resident.says("대형폐기물 버리려고요" if lang == "ko" else "I want to throw away a big item", "bulky_waste", 0.99)
    assert resident.state.last_intent == "bulky_waste" or resident.state.asked_for == "bulky_waste"
    return resident


@pytest.mark.parametrize("lang, first, intent, second, second_intent, example, way_out", [
    ("ko", "그거요", "affirm", "아 그거 있잖아요", "deny", "예: 소파", "상담원"),
    ("en", "the thing", "greet", "you know the thing", "thanks", "e.g. Sofa", "Talk to a person")])
def test_an_empty_reply_after_a_topic_is_asked_again_with_examples_then_a_way_out(lang, first, intent, second,
                                                                                   second_intent, example, way_out):
    resident = bulky_asked(lang)
    reply = resident.says(first, intent, 0.86)
    assert example in reply and "알겠어요" not in reply and "welcome" not in reply.lower()
    reply = resident.says(second, second_intent, 0.7)
    assert way_out in reply and "welcome" not in reply.lower()


def test_a_name_after_the_examples_is_the_answer():
    resident = bulky_asked("ko")
    resident.says("그거요", "affirm", 0.86)
    reply = resident.says("장롱이요", "bulky_waste", 0.7)
    assert "옷장" in reply and "원" in reply


def complaint_at_consent() -> Resident:
    resident = Resident()
    reply = resident.says("한양여대 앞 공사장 소리가 새벽 6시부터 너무 시끄러워요", "file_complaint", 0.99)
    assert resident.state.asked == "consent", reply
    return resident


def test_an_empty_reply_at_the_consent_is_no_yes():
    resident = complaint_at_consent()
    reply = resident.says("어 그거", "affirm", 0.8)
    assert resident.state.asked == "consent" and resident.state.values.get("consent") is None
    assert "동의" in reply


def test_wait_a_moment_inside_a_form_keeps_the_question_without_a_greeting_or_a_miss():
    resident = complaint_at_consent()
    reply = resident.says("잠깐만요 ㅎㅎ", "greet", 0.7)
    assert "천천히" in reply and "안녕하세요" not in reply and "접수번호" not in reply
    assert resident.state.asked == "consent" and resident.state.misses == 0


def test_what_can_you_do_at_the_contact_step_is_told_and_the_question_comes_back():
    resident = complaint_at_consent()
    reply = resident.says("근데 너 뭐 할 수 있어?", "bot_challenge", 0.6)
    assert "대형폐기물" in reply and "민원" in reply and resident.state.asked == "consent"
    assert reply.splitlines()[-1].startswith("처리 결과를 연락받으시겠어요") or "동의" in reply.splitlines()[-1]


# --- safety first -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, words, line", [
    ("ko", "옥정초 앞 보도블록이 깨져서 방금 어르신이 넘어져 다치셨어요 빨리 와주세요", "119"),
    ("en", "A kid tripped over the broken pavement outside Wangsimni Station and is bleeding", "119")])
def test_someone_hurt_gets_119_before_any_question_of_the_form(lang, words, line):
    resident = Resident(lang)
    reply = resident.says(words, "file_complaint", 0.97)
    assert resident.state.task == "complaint"
    first, *rest = reply.splitlines()
    assert line in first and not any(line in later for later in rest)
    assert any("?" in later for later in rest)       # the form's question comes after the safety line


@pytest.mark.parametrize("words, now", [
    ("작년에 다쳐서 일을 못 하는데 지원 있나요", False), ("가로수가 쓰러져 있어서 피해서 다녀요", False),
    ("모기에 물렸는데 약 어디서 사요?", False), ("I hurt my back last year, any support?", False),
    ("support for people with an injury?", False), ("부상 제대군인 지원", False), ("미세먼지 때문에 숨쉬기 힘들어요", False),
    ("할머니가 넘어지셨는데 피가 나요", True), ("my son got hurt on the slide", True), ("개한테 물렸어요", True),
    ("싱크홀에 사람이 빠져서 다쳤어요", True), ("킥보드에 아이가 치여서 다쳤어요", True)])
def test_someone_hurt_now_is_urgent_never_an_old_injury_a_welfare_question_or_a_word_like_it(words, now):
    from actions.complaint_task import urgent
    assert urgent(words) is now


def test_a_welfare_question_about_an_old_injury_gets_no_119():
    assert "119" not in Resident().says("작년에 다쳐서 일을 못 하는데 지원 있나요", "welfare_programs", 0.9)


def test_a_risk_of_someone_getting_hurt_is_no_injury():
    resident = Resident()
    reply = resident.says("보도블록이 깨져서 누가 다칠 것 같아요 왕십리역 2번 출구 앞이에요", "file_complaint", 0.97)
    assert "119" not in reply


def test_two_problems_and_an_injury_say_119_first_and_note_the_second():
    resident = Resident()
    reply = resident.says("뚝도시장 뒷골목 가로등이 나가서 깜깜하고 보도블록도 깨져서 할머니가 넘어져 다치셨어요", "file_complaint", 0.9)
    assert reply.startswith("다치신 분은 괜찮으세요?") and "보도" in reply


def test_an_injury_told_at_the_details_question_gets_119_too():
    resident = Resident()
    resident.says("보도블록 깨진 거 신고할게요", "file_complaint", 0.99)
    resident.says("왕십리역 2번 출구 앞이요", "office_info", 0.5)
    reply = resident.says("방금 거기서 아이가 넘어져서 무릎에 피가 나요", "file_complaint", 0.6)
    assert "119" in reply


# --- two problems side by side; the department and the handling time --------------------------------------------------
def test_a_second_problem_joined_by_and_is_noted_but_not_a_consequence_of_the_first():
    resident = Resident()
    reply = resident.says("뚝도시장 뒷골목에 쓰레기통이 넘쳐서 냄새도 지독하고 가로등도 나가서 깜깜해요", "file_complaint", 0.53)
    assert "가로등 고장도 말씀하셨어요" in reply and "악취" not in reply


def test_which_department_fixes_a_kind_is_answered_at_the_consent_and_the_question_comes_back():
    resident = complaint_at_consent()
    reply = resident.says("가로등은 어느 부서에서 고쳐요?", "file_complaint", 0.35)
    assert "도로과" in reply and "02-2286-5432" in reply and resident.state.asked == "consent"


def test_how_long_right_after_filing_is_the_filed_kinds_handling_time(pinned):  # noqa: F811
    resident = complaint_at_consent()
    resident.says("연락처는 안 남길게요", "deny", 0.6)
    assert "2026-" in resident.says("네", "affirm", 0.96)
    reply = resident.says("보통 며칠 걸려요?", "out_of_scope", 0.48)
    assert "5일" in reply and "환경과" in reply


# --- the status lookup --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, words, seen", [("ko", "민원 처리 상황 조회 2026-004321", "찾지 못"),
                                               ("en", "status of 2026-000912 please", "couldn't find")])
def test_a_ticket_nobody_was_given_is_not_found_at_once_and_the_lookup_stays_open(lang, words, seen):
    resident = Resident(lang)
    reply = resident.says(words, "complaint_status", 0.99)
    assert seen in reply and "4" not in reply.replace(words[-11:], "").split("(")[0][-3:]
    assert resident.state.task == "status" and resident.state.asked == "ticket"
    reply = resident.says("아 2026-004312 였나 봐요" if lang == "ko" else "hmm maybe it was 2026-000921", "complaint_status")
    assert ("2026-004312" in reply or "2026-000921" in reply) and seen in reply


def test_a_filed_ticket_with_a_phone_still_asks_the_four_digits(pinned):  # noqa: F811
    resident = complaint_at_consent()
    resident.says("010-2345-6789", "affirm", 0.5)
    ticket = next(w for w in resident.says("네", "affirm", 0.96).split() if w.startswith("2026-"))[:11]
    other = Resident()
    reply = other.says(f"{ticket} 처리됐나요?", "complaint_status", 0.99)
    assert "끝 4자리" in reply and "찾지 못" not in reply


def test_a_departments_number_asked_while_looking_for_the_ticket_is_told_and_the_lookup_resumes():
    resident = Resident()
    resident.says("민원 조회할게요", "complaint_status", 0.9)
    reply = resident.says("잠시만요 문자 찾아볼게요 그동안 민원여권과 전화번호 좀 알려줘요", "office_info", 0.77)
    assert "02-2286-5281" in reply and resident.state.task == "status" and "접수번호" in reply.splitlines()[-1]


# --- the welfare question ----------------------------------------------------------------------------------------------
def test_the_person_named_without_an_age_is_asked_their_age():
    resident = Resident()
    reply = resident.says("아버지 복지 혜택 알아보는 중이에요", "welfare_programs", 0.99)
    assert "아버님 연세" in reply and resident.state.asked == "topic"
    reply = resident.says("일흔둘이세요", "welfare_programs", 0.4)
    assert "기초연금" in reply


def test_the_welfare_question_stays_open_through_one_side_question():
    resident = Resident()
    resident.says("복지 지원 받고 싶은데요", "welfare_programs", 0.99)
    reply = resident.says("그 전에 행당1동 주민센터 전화번호 뭐예요", "office_info", 0.99,
                          entities=[{"entity": "dong", "value": "행당1동"}])
    assert "02-2286-7281" in reply
    reply = resident.says("장애가 있는 제 동생이요", "events_search", 0.37)
    assert "장애인활동지원" in reply


def test_a_held_question_does_not_take_a_new_topics_question():
    resident = Resident()
    resident.says("복지 지원 받고 싶은데요", "welfare_programs", 0.99)
    resident.says("그 전에 행당1동 주민센터 전화번호 뭐예요", "office_info", 0.99, entities=[{"entity": "dong", "value": "행당1동"}])
    reply = resident.says("행당1동 쓰레기 언제 버려요?", "waste_collection_schedule", 0.99)
    assert "배출 요일" in reply or "요일" in reply


def test_leaving_the_last_answer_for_another_topics_question_is_no_correction():
    resident = Resident()
    resident.says("장애인 복지 뭐 있어요", "welfare_programs", 0.99)
    reply = resident.says("아 그거 말고요 전동휠체어 말고 그냥 휠체어 버리는 건 얼마예요", "bulky_waste", 0.69)
    assert "앞에서 말씀드린 것과 같아요" not in reply and "장애인활동지원" not in reply


# --- after deleting, "what can you do?" ----------------------------------------------------------------------------------
def test_asking_whether_all_is_gone_after_deleting_is_told_again():
    resident = Resident()
    resident.says("아까 제가 보낸 전화번호랑 내용 다 지워주세요", "out_of_scope", 0.5)
    reply = resident.says("그럼 지금까지 얘기한 건 다 없어진 거죠?", "complaint_status", 0.58)
    assert "지웠" in reply


@pytest.mark.parametrize("words", ["그럼 뭘 물어볼 수 있는데요", "what can I ask you?"])
def test_what_one_may_ask_is_what_the_bot_does(words):
    resident = Resident("en" if words.startswith("what") else "ko")
    reply = resident.says(words, "out_of_scope", 0.41)
    assert "대형폐기물" in reply or "bulky" in reply


# --- fresh7's classes: reading a report in the resident's words -----------------------------------------------------------
def district():
    from pathlib import Path

    from bot.knowledge.district import load_district
    from bot.settings import ROOT

    return load_district(Path(ROOT / "knowledge" / "tables"))


@pytest.mark.parametrize("words, kind", [
    ("The construction site beside Seongsu Lotte Castle is drilling until 11pm every night.", "noise"),
    ("big truck park in front fire hydrant at geumho elementary school, every day same truck", "illegal_parking"),
    ("PM 기기가 인도에 쓰러져 있어요", "e_scooter"), ("e-scooters blocking the crosswalk", "e_scooter")])
def test_a_latin_keyword_is_a_word_of_its_own_and_never_a_time(words, kind):
    from bot.dialogue.categories import category_named

    assert category_named(words, district().complaint_categories).category == kind


@pytest.mark.parametrize("words, place", [
    ("rubbish bags not collected for 3 days in front of Eungbong Daelim Apartments", "in front of Eungbong Daelim Apartments"),
    ("broken pavement blocks in front of Songwon Elementary, kids keep tripping", "in front of Songwon Elementary"),
    ("The construction site beside Seongsu Lotte Castle is drilling until 11pm every night.", "beside Seongsu Lotte Castle"),
    ("nobody has picked up the trash in front of my building in Sageun-dong for a WEEK!!", None),
    ("it happens at 11pm every night", None)])
def test_an_english_place_is_a_locative_and_something_to_find_there(words, place):
    from bot.dialogue.details import location_in

    assert location_in(words, "en") == place


@pytest.mark.parametrize("words", ["연락처 없음", "연락처 없어요", "nope no number", "연락처는 패스", "아 알겠어 연락처는 안할래"])
def test_contact_refusals_in_few_words_are_a_no_and_never_a_cancel(words):
    assert reading.says_no(words) and not reading.is_cancel(words)


@pytest.mark.parametrize("words", ["아니 그냥 그만 혀유 나중에 할튜", "죄송한데 없던 일로 해 주세요", "접수하지 말아 주세요"])
def test_dialect_and_polite_ways_to_stop(words):
    assert reading.is_cancel(words)


@pytest.mark.parametrize("words", ["사진은 나중에 해도 돼요?", "나중에 하면 수수료 더 내요?", "나중에 해도 되나요",
                                   "신고하지 말라고 했는데 그냥 할래요"])
def test_a_question_about_later_or_reported_speech_is_no_cancel(words):
    assert not reading.is_cancel(words)


def test_asking_whether_the_photo_can_come_later_keeps_the_complaint():
    resident = complaint_at_consent()
    resident.says("사진은 나중에 해도 돼요?", "ask_question", 0.5)
    assert resident.state.task == "complaint"


@pytest.mark.parametrize("words, waits", [("wait a minute please", True), ("hold on", True), ("잠깐만요", True),
                                          ("hold on the sofa is 3 seats", False), ("wait what is the fee", False)])
def test_wait_is_only_a_moment_asked_never_an_answer_after_it(words, waits):
    assert reading.asks_to_wait(words) is waits


@pytest.mark.parametrize("words, asks", [("가로등은 어느 부서에서 고쳐요?", True), ("which department handles potholes?", True),
                                         ("어느 곳이 가까워요?", False), ("which office is open on Saturday?", False)])
def test_which_department_is_asked_by_department_never_by_a_place(words, asks):
    assert reading.asks_department(words) is asks


def test_no_contact_at_the_details_question_is_noted_not_taken_for_the_details():
    resident = Resident()
    resident.says("킥보드 방치 신고요", "file_complaint", 0.93)
    resident.says("서울숲IT밸리 앞 인도요", "file_complaint", 0.52)
    reply = resident.says("연락처 없어요", "deny", 0.53)
    assert "연락은 받지 않으시는 걸로" in reply and resident.state.values.get("consent") == "no"
    assert resident.state.values.get("description") is None
    reply = resident.says("네", "affirm", 0.96)       # nothing to add: on to the summary, never the question a third time
    assert "접수할 내용을 확인해 주세요" in reply


@pytest.mark.parametrize("words", ["접수 ㄱㄱ", "빨리 접수나 해요"])
def test_filing_asked_in_the_residents_words_at_the_summary_files(words, pinned):  # noqa: F811
    resident = complaint_at_consent()
    assert "확인해 주세요" in resident.says("연락처는 안 남길게요", "deny", 0.6)
    assert "접수번호는 2026-" in resident.says(words, "file_complaint", 0.66)


def test_the_one_just_filed_is_answered_without_asking_its_number(pinned):  # noqa: F811
    resident = complaint_at_consent()
    resident.says("연락처는 안 남길게요", "deny", 0.6)
    ticket = re.search(r"\d{4}-\d{6}-[A-Z0-9]{4}", resident.says("네", "affirm", 0.96)).group(0)
    reply = resident.says("방금 신고한거 언제쯤 처리돼요?", "complaint_status", 0.99)
    assert ticket in reply and "환경과" in reply and "5일" in reply and resident.state.task is None


def test_an_earlier_question_after_filing_is_no_question_about_the_one_filed(pinned):  # noqa: F811
    resident = complaint_at_consent()
    resident.says("연락처는 안 남길게요", "deny", 0.6)
    ticket = re.search(r"\d{4}-\d{6}-[A-Z0-9]{4}", resident.says("네", "affirm", 0.96)).group(0)
    reply = resident.says("아까 물어본 소파 수수료 얼마였죠?", "bulky_waste", 0.9)
    assert ticket not in reply and "환경과" not in reply


@pytest.mark.parametrize("words, filed", [("방금 신고한거 언제쯤 처리돼요?", True), ("좀 전에 넣은 민원 어떻게 됐어요", True),
                                          ("아까 물어본 소파 수수료 얼마였죠?", False), ("what was the fee you said just now?", False)])
def test_just_filed_needs_a_filing_word_near_the_time_word(words, filed):
    from actions.outside import JUST_FILED
    assert bool(JUST_FILED.search(words)) is filed


@pytest.mark.parametrize("lang, words, intent", [
    ("en", "strong smell of gas in our building stairwell in Majang-dong, what do I do", "file_complaint"),
    ("ko", "놀이터 옆에 벌집이 있는데 애가 쏘여서 숨쉬기 힘들어해요 어떡해", "report_cleaning_issue")])
def test_an_emergency_gets_119_first_whatever_the_turn_answers(lang, words, intent):
    reply = Resident(lang).says(words, intent, 0.55)
    assert "119" in reply.splitlines()[0]


def test_what_else_can_you_do_while_reporting_is_told_and_the_question_comes_back():
    resident = Resident("en")
    resident.says("I want to report a bad smell", "file_complaint", 0.82)
    reply = resident.says("wait what else can you do actually?", "out_of_scope", 0.49)
    assert "bulky" in reply and resident.state.asked == "where"


def test_not_this_place_but_that_one_moves_the_place_and_its_dong():
    resident = Resident("en")
    resident.says("there's a deep pothole outside Majang Station", "file_complaint", 0.96)
    reply = resident.says("sorry my mistake, not Majang — it's Sangwangsimni Station exit 1", "file_complaint", 0.88)
    assert "Sangwangsimni Station exit 1" in reply
    assert resident.state.values["dong"] == "왕십리도선동"


def test_a_school_named_without_its_last_word_is_the_landmark():
    resident = Resident("en")
    resident.says("broken pavement blocks in front of Songwon Elementary, kids keep tripping", "file_complaint", 0.99)
    assert resident.state.values.get("dong") == "송정동"


@pytest.mark.parametrize("lang, opening, question, seen", [
    ("ko", "행현초 정문 앞에 내놓은 쓰레기가 사흘째 안 가져가고요 그 옆 가로등도 나갔어요", "둘 다 접수되는 거죠?", "두 가지 모두"),
    ("en", "the trash in front of Haenghyeon elementary not collected 3 days and also the street light beside it is broken",
     "both can report?", "both")])
def test_asking_whether_both_problems_are_filed_is_answered_and_the_form_goes_on(lang, opening, question, seen):
    resident = Resident(lang)
    resident.says(opening, "report_cleaning_issue", 0.9)
    assert resident.state.values.get("also")
    asked = resident.state.asked
    reply = resident.says(question, "file_complaint", 0.5)
    assert seen in reply and resident.state.asked == asked and resident.state.task == "complaint"


def test_a_named_problem_and_a_plain_request_to_report_it_is_the_form_whatever_the_moderate_guess():
    resident = Resident()
    reply = resident.says("하수구서 냄새가 겁나게 올라온당께 신고 좀 해주쇼", "out_of_scope", 0.66)
    assert resident.state.task == "complaint" and ("어디" in reply or "위치" in reply)
    reply = resident.says("정확한 데는 잘 모르겄소 그냥 넘어가 주쇼", "out_of_scope", 0.54)
    assert "어떤 문제를 신고" not in reply


def test_a_registration_is_no_report_and_how_to_report_is_a_question():
    resident = Resident()
    resident.says("전입신고 해야 돼요", "out_of_scope", 0.6)
    assert resident.state.task is None


def test_asking_to_see_the_handling_status_starts_the_lookup():
    resident = Resident()
    reply = resident.says("민원 처리현황 볼게요", "complaint_status", 0.51)
    assert resident.state.task == "status" and "접수번호" in reply


def test_a_third_empty_reply_is_not_the_way_out_a_second_time():
    resident = bulky_asked("ko")
    replies = [resident.says("그거요", "affirm", 0.86) for _ in range(3)]
    assert "상담원" in replies[1] and replies[2].splitlines()[-1] != replies[1].splitlines()[-1]
