"""conv-21f's mechanisms (issue 21), each over a conversation: a correction of the value the last answer used is
answered again with the new value whatever the NLU guessed at moderate confidence; asking whether one may report a
problem is never a status lookup, and a weak status guess never starts the lookup; a short follow-up that names
nothing new after a FAQ answer stays with that answer's row."""
from __future__ import annotations

import pytest

from bot.dialogue.corrections import corrected, count_in, size_fits, size_in
from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)

SATURDAY = "2026-11-28T10:00:00+09:00"
LATE = "2026-11-25T23:30:00+09:00"


@pytest.mark.parametrize("words, instead", [
    ("sorry not two. three people sofa", "three people sofa"), ("아니 3인용이요", "3인용이요"), ("아 2개 말고 3개", "3개"),
    ("행당1동 말고 2동", "2동"), ("I meant the fridge", "the fridge"), ("Majang-dong, not Haengdang", "Majang-dong"),
    ("not the sofa, the bed", "the bed"), ("아니요 2인용 말고 3인용이요", "3인용이요")])
def test_what_a_correction_says_instead(words, instead):
    assert corrected(words) == instead


@pytest.mark.parametrize("words", ["아니요", "is it not free?", "This is not fair", "I do not know", "2인용 소파 얼마예요"])
def test_no_correction_where_nothing_is_taken_back(words):
    assert corrected(words) is None


def test_sizes_and_counts_are_read_against_the_fee_tables_labels():
    assert size_in("three people sofa") == (3.0, "seat") and size_in("120cm 책장") == (1.2, "m")
    assert count_in("아 2개 말고 3개") == 2 and count_in("3개") == 3 and count_in("두 대요") == 2
    assert size_fits("3인용 이상", (3, "seat")) and size_fits("3 seats or more", (4, "seat"))
    assert not size_fits("2인용", (3, "seat")) and size_fits("폭 1m 이상", (1.2, "m"))
    assert size_fits("32인치 이상", (43, "inch")) and not size_fits("32인치 미만", (43, "inch"))


def sofa_priced(lang: str = "en") -> Resident:
    resident = Resident(lang)
    question = "how much to throw away a 2 seat sofa" if lang == "en" else "2인용 소파 버리는 데 얼마예요"
    resident.says(question, "bulky_waste", 0.99)
    assert "bulky_fees:소파" in resident.state.last_citations
    return resident


def test_an_english_size_correction_read_as_a_report_is_the_fee_again_for_the_new_size():
    resident = sofa_priced("en")
    reply = resident.says("sorry not two. three people sofa", "report_cleaning_issue", 0.58)
    assert resident.state.task is None and "problem" not in reply
    assert reply.startswith("Sofa, 3 seats or more: KRW 8,000")


@pytest.mark.parametrize("words, lead", [("아니 3인용이요", "소파 3인용 이상: 8,000원"),
                                         ("아 2개 말고 3개", "소파 3개면 하나에 4,000원~8,000원씩, 모두 12,000원~24,000원")])
def test_a_korean_correction_of_the_size_or_the_number_is_answered_with_it(words, lead):
    resident = sofa_priced("ko")
    reply = resident.says(words, "report_cleaning_issue", 0.6)
    assert resident.state.task is None and "신고하시나요" not in reply
    assert reply.startswith(lead)


def test_a_correction_of_the_dong_gives_the_other_dongs_days():
    resident = Resident()
    resident.says("행당1동 쓰레기 언제 버려요", "waste_collection_schedule", 0.99)
    reply = resident.says("아 행당1동 말고 2동이요", "office_info", 0.7)
    assert reply.startswith("행당2동 배출 요일")


def test_a_correction_that_names_a_problem_is_a_report_not_a_fee():
    resident = sofa_priced("ko")
    resident.says("아니 소파 말고 골목에 누가 버린 매트리스 신고하려고요", "report_cleaning_issue", 0.93)
    assert resident.state.task == "complaint"


def test_asking_late_at_night_whether_one_may_still_report_is_the_form_not_a_ticket_lookup():
    resident = Resident("en")
    reply = resident.says("ok but can I still report a broken street light now?", "complaint_status", 0.5, now=LATE)
    assert "ticket number" not in reply and resident.state.task == "complaint"


def test_a_weak_status_guess_is_asked_not_started_and_a_yes_starts_the_lookup():
    resident = Resident()
    reply = resident.says("지난번 민원 건 때문에요", "complaint_status", 0.45)
    assert resident.state.task is None and "처리 상황을 확인할까요" in reply
    reply = resident.says("네", "affirm", 0.95)
    assert resident.state.task == "status" and "접수번호" in reply


def test_a_clear_status_question_still_starts_the_lookup_at_a_low_confidence():
    resident = Resident()
    resident.says("접수한 민원 처리 됐는지 조회하고 싶어요", "complaint_status", 0.45)
    assert resident.state.task == "status"


@pytest.mark.parametrize("first, intent", [("등본 인터넷으로 뗄 수 있어요?", "out_of_scope"),
                                           ("주민센터 오늘 문 열어요? 등본 떼야 되는데", "office_info")])
def test_a_follow_up_naming_only_the_last_answers_subject_stays_with_its_row(first, intent):
    resident = Resident()
    resident.says(first, intent, 0.9, now=SATURDAY)
    assert "cert-001" in resident.state.last_citations
    reply = resident.says("그럼 오늘은 등본 못 떼요?", "out_of_scope", 0.43, now=SATURDAY)
    assert "정부24" in reply and "초본" not in reply and "위임장" not in reply


def test_a_size_given_with_the_first_question_leads_the_fee():
    resident = Resident()
    reply = resident.says("43인치 티비 버리려면 얼마예요", "bulky_waste", 0.99)
    assert reply.startswith("텔레비전 32인치 이상: 5,000원이에요.")
    reply = resident.says("냉장고는요? 500리터짜리", "bulky_waste", 0.8)
    assert reply.startswith("냉장고 300L 이상: 9,000원이에요.")
