"""Answers outside the forms a counsellor gives, each held over a conversation through action_converse (intents and
confidences as the NLU read such messages on the end-to-end stack). Found by the sixth development set's first
play (tests/conversations/fresh5/, written blind) and grouped into classes; the sentences here are our own."""
from __future__ import annotations

from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)


# The put-out hours are the same in every 동: asked without a 동, they are answered, not "어느 동에 사세요?".

def test_put_out_hours_asked_without_a_dong_are_answered_and_the_item_talk_goes_on():
    resident = Resident()
    resident.says("책꽂이 버리려고요", "bulky_waste", 0.7)
    reply = resident.says("근데 종량제 봉투는 몇 시부터 내놔요?", "waste_collection_schedule", 0.99)
    assert "20:00" in reply and "어느 동에 사세요" not in reply
    assert resident.state.asked is None          # no question left open for the next message to be read against
    assert "5,000원" in resident.says("높이가 1미터 넘어요", "nlu_fallback", 0.25)


def test_put_out_hours_in_english():
    reply = Resident("en").says("what time can I put the general trash out?", "waste_collection_schedule", 0.99)
    assert "20:00" in reply and "Which neighbourhood" not in reply


def test_the_days_still_need_the_dong():      # a guard: the hours are answered, the days still need the 동
    reply = Resident().says("음식물 쓰레기 무슨 요일에 내놔요?", "waste_collection_schedule", 0.99)
    assert "어느 동에 사세요" in reply


# Hardship (a job lost, the rent unpaid) is met with 긴급복지 and 129; "밤에도 받아요?" next is about 129.

def test_a_lost_job_and_unpaid_rent_get_emergency_welfare_then_129_at_night():
    resident = Resident()
    reply = resident.says("지난주에 직장에서 잘려서 월세도 못 낼 것 같아요", "report_cleaning_issue", 0.39)
    assert "긴급복지" in reply and "129" in reply
    reply = resident.says("주말인데 전화하면 받나요?", "out_of_scope", 0.33)
    assert "129" in reply and "주말" in reply


def test_laid_off_in_english():
    reply = Resident("en").says("I was let go from my job and I'm behind on the bills", "out_of_scope", 0.4)
    assert "129" in reply and "Emergency Welfare" in reply


# Deleting one's data, asked first thing, in English or half in English.

def test_deleting_data_asked_first_in_english_or_konglish():
    reply = Resident("en").says("do you keep what I write? please delete it", "out_of_scope", 0.94)
    assert "deleted" in reply and "complaint already filed" in reply
    reply = Resident().says("내 personal data 전부 delete 부탁해요", "request_human", 0.56)
    assert "지웠어요" in reply and "직원과 직접" not in reply


# Unsure who the help is for: examples of who is helped, the question still open — never the bare question again.

def test_unsure_who_the_welfare_is_for_gets_examples_and_the_question_stays_open():
    resident = Resident()
    resident.says("복지 혜택 알아보려구요", "welfare_programs", 0.97)
    reply = resident.says("글쎄요 잘 모르겠네", "affirm", 0.53)
    assert "예를 들어" in reply and "어르신" in reply and "기초연금" in reply
    assert resident.state.asked == "topic"
    assert "기초연금" in resident.says("혼자 사시는 여든 살 아버지요", "inform", 0.5)


def test_unsure_in_english():
    resident = Resident("en")
    resident.says("welfare help", "welfare_programs", 0.98)
    reply = resident.says("not sure", "deny", 0.86)
    assert "For example" in reply and "Seniors" in reply


# Items counted in a message the NLU could not place are bulky items: each one's fee.

def test_counted_items_at_fallback_get_each_fee():
    reply = Resident().says("솜이불 한 채랑 전기요 하나요", "nlu_fallback", 0.25)
    assert "이불 대형폐기물 수수료예요." in reply and "전기장판 대형폐기물 수수료예요." in reply


# A kind of the item just priced ("바퀴 달린 사무용") is a follow-up of its fees, not an unknown item to sort.

def test_a_kind_of_the_chair_just_priced_gets_its_fees():
    resident = Resident()
    resident.says("의자 버리는 수수료요", "bulky_waste", 0.97)
    reply = resident.says("바퀴 달린 사무용이요", "recycling_guide", 0.25)
    assert "3,000원" in reply and "잘 모르겠어요" not in reply


def test_where_to_get_the_sticker_after_a_fee_is_the_booking_guide():
    resident = Resident()
    resident.says("돌침대 버리는 데 얼마예요", "bulky_waste", 0.98)
    reply = resident.says("스티카는 어디서 사요", "out_of_scope", 0.65)
    assert "주민센터" in reply and "스티커" in reply


# A landmark and a waste day, read as bulky waste: the 동 of the landmark and its days.

def test_a_landmark_and_a_waste_day_read_as_bulky_waste_get_the_dongs_days():
    reply = Resident().says("한대앞 자취하는데 일반쓰레기 언제 버려요?", "bulky_waste", 0.56)
    assert reply.startswith("사근동 배출 요일이에요.")
    reply = Resident().says("서울숲역 근처 사는데 재활용 버리는 날", "bulky_waste", 0.39)
    assert reply.startswith("성수1가1동 배출 요일이에요.") and "재활용품" in reply


def test_two_kinds_of_waste_with_one_when_get_both_days():
    reply = Resident().says("우리 집 행당1동이에요 음식물은 언제 내놔요 그리고 재활용도요", "waste_collection_schedule", 0.88)
    assert "• 음식물쓰레기:" in reply and "• 재활용품:" in reply and "문의:" not in reply


# A side question about the centres' days inside the welfare question: answered, then back to that question.

def test_centres_on_saturday_inside_the_welfare_question_resumes_it():
    resident = Resident()
    resident.says("복지 혜택 좀 알아보려는데요", "welfare_programs", 0.94)
    reply = resident.says("근데 주민센터 토요일에도 문 열어요?", "office_info", 0.99)
    assert "토요일" in reply and "문을 닫아요" in reply and "09:00-18:00" in reply
    assert "어떤 분을 위한 지원" in reply and "어느 동에 사세요" not in reply
    assert "기초연금" in resident.says("저희 어머니요 일흔둘이세요", "greet", 0.76)


# "그럼 온라인으로는요?" after an office's answer: the same need online (the office's documents), not another
# service's online row.

def test_online_after_the_offices_hours_is_its_documents_online():
    resident = Resident()
    resident.says("구청 몇 시에 열어요?", "office_info", 0.99, now="2026-11-28T10:00")
    reply = resident.says("그럼 온라인으로는요?", "out_of_scope", 0.57)
    assert "정부24" in reply and "여권 재발급" not in reply


def test_online_after_a_closed_centre_and_a_named_need_is_that_need_online():   # a guard: the named need
    resident = Resident()
    resident.says("주민센터 토요일에 열어요? 등본 한 통 필요해서요", "office_info", 0.99, now="2026-11-28T10:00")
    reply = resident.says("인터넷으로는 안 돼요?", "out_of_scope", 0.57)
    assert "정부24" in reply and "등본" in reply
