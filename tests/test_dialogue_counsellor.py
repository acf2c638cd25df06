"""Rules of conversation a counsellor follows, each held over a conversation through action_converse (the intents and
confidences are the NLU's own readings of these messages, as the end-to-end stack gave them). Found by the fifth
development set's first play (tests/conversations/fresh4/, written blind) and grouped into classes; the sentences
here are our own, not the set's."""
from __future__ import annotations

from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)


def at_consent(lang: str = "ko") -> Resident:
    resident = Resident(lang)
    opening = ("왕십리역 6번 출구 앞 인도에 킥보드 세 대가 넘어져 있어서 유모차가 못 지나가요 신고할게요" if lang == "ko" else
               "Three e-scooters are lying across the pavement at Wangsimni Station exit 6, strollers can't pass")
    resident.says(opening, "file_complaint", 0.99)
    assert resident.state.asked == "consent", resident.state
    return resident


def at_details() -> Resident:
    resident = Resident()
    resident.says("가로등 고장 신고할게요", "file_complaint", 0.99)
    resident.says("송정동", "affirm", 0.41)
    resident.says("동일로43길 13 주민센터 뒤 골목", "office_info", 0.95)
    assert resident.state.asked == "description", resident.state
    return resident


# A wish to have it filed, at the consent or the phone question, files it without contact (never read as consent).

def test_asking_to_file_at_the_consent_question_files_without_contact():
    resident = at_consent()
    reply = resident.says("ㅇㅇ 그냥 접수해줘", "affirm", 0.38)
    assert "접수번호는 2026-" in reply
    import actions.complaints

    assert not actions.complaints.complaint_store().listing()[0].phone


def test_yes_submit_it_at_the_consent_question_in_english_files_it():
    resident = at_consent("en")
    reply = resident.says("yes, just submit it", "affirm", 0.99)
    assert "ticket number is 2026-" in reply


def test_file_it_at_the_phone_question_files_without_a_number():
    resident = at_consent()
    assert "휴대전화 번호를 적어" in resident.says("네 동의해요", "affirm", 0.95)
    reply = resident.says("ㅇㅋ 접수", "affirm", 0.75)
    assert "접수번호는 2026-" in reply


def test_agreeing_and_asking_to_file_asks_the_number():
    resident = at_consent()
    reply = resident.says("동의하고 접수해 주세요", "affirm", 0.9)
    assert "휴대전화 번호" in reply and "접수번호는" not in reply


# A refusal of contact in any words is the consent's answer, not a cancellation of the complaint.

def test_contact_refused_in_slang_or_with_dwaetgo_is_no_contact_not_a_cancel():
    for said in ("연락 ㄴㄴ", "연락은 됐고예", "문자는 괜찮아요"):
        resident = at_consent()
        reply = resident.says(said, "deny", 0.6)
        assert resident.state.task == "complaint" and resident.state.values.get("consent") == "no", (said, reply)
        assert "맞으면" in reply
    resident = at_consent()
    resident.says("연락은 됐고 그냥 취소할게요", "deny", 0.7)
    assert resident.state.task is None        # 취소 said as well: a cancel


def test_a_short_file_now_at_the_details_question_files_with_what_was_said():
    resident = at_details()
    resident.says("연락은 괜찮아요", "deny", 0.78)
    reply = resident.says("네 접수", "affirm", 0.9)
    assert "접수번호는 2026-" in reply


def test_skip_at_the_exact_place_question_moves_on():
    resident = Resident("en")
    resident.says("I want to report a broken streetlight", "file_complaint", 0.99)
    resident.says("Songjeong-dong", "affirm", 0.41)
    assert resident.state.asked == "location", resident.state
    reply = resident.says("skip", "affirm", 0.44)
    assert "Noted: skip" not in reply and resident.state.asked != "location"
    assert not resident.state.values.get("location")


# A correction that names another landmark moves the place and its 동 together.

def test_correcting_to_another_school_moves_the_place_and_the_dong():
    resident = at_consent()
    resident.says("아 헷갈렸다 왕십리역 말고 금북초등학교 정문 앞이에요", "report_cleaning_issue", 0.6)
    values = resident.state.values
    assert "금북초" in values["location"] and values["dong"] != "행당1동"


def test_an_english_correction_it_is_x_not_y_moves_the_place():
    resident = Resident("en")
    resident.says("I want to report a broken pavement", "file_complaint", 0.99)
    resident.says("In front of Majang Station exit 3", "file_complaint", 0.35)
    assert resident.state.values["dong"] == "마장동"
    resident.says("Sorry my bad, it's Yongdap Station, not Majang", "report_cleaning_issue", 0.5)
    values = resident.state.values
    assert values["dong"] == "용답동" and "용답" in values["location"]
    assert "my bad" not in (values.get("description") or "")


# The kind of problem is read from everyday words, so the form does not ask a label the resident already described.

def test_everyday_words_name_the_kind_of_problem(district):
    from bot.dialogue.categories import category_named

    said = {"집 앞 골목길 아스팔트가 움푹 꺼졌어요": "road_damage",
            "There's a big hole in the road by the market": "road_damage",
            "편의점 앞에 트럭을 맨날 세워 놓고 가요": "illegal_parking",
            "윗집에서 밤마다 음악 소리가 너무 커요": "noise",
            "the bar downstairs blasts music from speakers until 3am": "noise"}
    for text, kind in said.items():
        found = category_named(text, district.complaint_categories)
        assert found is not None and found.category == kind, text
    assert category_named("노래 교실은 언제 해요?", district.complaint_categories) is None


def test_a_described_problem_is_not_asked_its_kind():
    resident = Resident()
    reply = resident.says("사근동 한양대 정문 앞 찻길이 움푹 패여서 차들이 덜컹거려요 신고해 주세요", "file_complaint", 0.9)
    assert "어떤 문제를 신고" not in reply and resident.state.values.get("category") == "road_damage"


# "그건 그렇고" sets the task aside for a question; it does not leave it.

def test_that_aside_inside_a_complaint_is_a_side_question():
    resident = at_consent()
    reply = resident.says("아 그건 그렇고 안마의자 버리려면 얼마예요?", "bulky_waste", 0.99)
    assert "안마의자" in reply and "그만둘게요" not in reply
    assert resident.state.task == "complaint" and resident.state.asked == "consent"


# The person a welfare question is for: raising a child alone says more than the age; a person described answers
# "어떤 분을 위한 지원을 찾으세요?".

def test_a_young_single_mother_gets_single_parent_support():
    reply = Resident().says("스물넷인데 혼자 애기 키우는 싱글맘이에요 받을 수 있는 지원 있어요?", "welfare_programs", 0.8)
    assert "한부모" in reply and "청년월세" not in reply
    reply = Resident("en").says("I'm a 22 year old single mother, my baby is 3 months. Any support?",
                                "welfare_programs", 0.99)
    assert "Single" in reply or "single" in reply


def test_a_person_described_answers_who_the_support_is_for():
    resident = Resident()
    assert "어떤 분을 위한" in resident.says("복지 혜택 알아보고 싶어요", "welfare_programs", 0.99)
    reply = resident.says("우리 엄마요 올해 여든둘이세요", "greet", 0.62)
    assert "기초연금" in reply or "어르신" in reply


def test_hardship_in_english_is_heard_first_and_the_night_line_follows():
    resident = Resident("en")
    reply = resident.says("my wife lost her job and we have no money for heating this winter, the kids are cold",
                          "welfare_programs", 0.95)
    assert "Emergency Welfare" in reply
    reply = resident.says("can I call someone at night?", "request_human", 0.5)
    assert "129" in reply


# Deleting one's data in slang, and declining what was just offered.

def test_delete_my_data_in_slang():
    reply = Resident().says("채팅 기록 다 삭제 ㄱㄱ", "out_of_scope", 0.4)
    assert "지웠" in reply


def test_declining_after_an_answer_is_acknowledged_not_answered_again():
    resident = Resident()
    resident.says("안마의자 버리는 데 얼마예요", "bulky_waste", 0.99)
    reply = resident.says("에이 비싸네 그냥 당근에 팔래요 신청 안 할게요", "welfare_apply", 0.6)
    assert "알겠어요" in reply and "신청 방법" not in reply


# A danger now is met with safety first (119, the duty desk), then the report.

def test_sparks_from_a_streetlight_at_night_get_119_before_the_form():
    resident = Resident()
    reply = resident.says("밤인데 골목 가로등 전선에서 스파크가 튀어요 무서워 죽겠어요", "file_complaint", 0.99,
                          now="2026-11-25T23:50")
    assert "119" in reply and "당직" in reply and resident.state.task == "complaint"
    reply = Resident("en").says("there's a smell of gas near the market entrance, I want to report it", "file_complaint", 0.95)
    assert "119" in reply
    assert "119" not in Resident().says("가로등이 며칠째 꺼져 있어요 신고할게요", "file_complaint", 0.99)


def test_a_correction_naming_an_exit_number_is_still_the_place():
    resident = Resident("en")
    resident.says("I want to report a broken pavement", "file_complaint", 0.99)
    resident.says("In front of Majang Station exit 3", "file_complaint", 0.35)
    resident.says("Oh wait, it's Yongdap Station, not Majang. Same exit number though.", "report_cleaning_issue", 0.5)
    assert resident.state.values["dong"] == "용답동" and resident.state.values.get("consent") is None


# Two problems in one report: both are heard; the second is offered at the same place once the first is filed.

def test_two_problems_in_one_report_are_filed_one_after_the_other():
    resident = Resident()
    reply = resident.says("서울숲역 3번 출구 앞에 킥보드가 쓰러져 있고요 그 옆 가로등도 며칠째 꺼져 있어요 둘 다 신고할게요",
                          "file_complaint", 0.99)
    assert "킥보드" in reply and "가로등" in reply
    reply = resident.says("연락은 안 받을게요", "deny", 0.9)
    reply = resident.says("네 접수해 주세요", "affirm", 0.95)
    assert "접수번호는 2026-" in reply and "가로등 고장도 같은 곳으로 이어서 접수할까요" in reply
    resident.says("/file_complaint", "file_complaint", 1.0)
    reply = resident.says("네", "affirm", 0.95)
    assert "접수번호는 2026-" in reply
    import actions.complaints

    filed = actions.complaints.complaint_store().listing()
    assert sorted(c.category for c in filed) == ["e_scooter", "streetlight"]
    assert len({c.dong for c in filed}) == 1
    single = Resident().says("킥보드가 인도 한가운데 쓰러져 있어요 신고할게요", "file_complaint", 0.99)
    assert "도 말씀하셨어요" not in single


def test_something_filed_before_asked_after_is_a_status_lookup():
    reply = Resident("en").says("I lodged something with you last week, could you check how it's going?",
                                "complaint_status", 0.99)
    assert "ticket number" in reply
