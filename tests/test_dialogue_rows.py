"""Answers outside the forms taken from the rows of the tables and from the last answer's row, each held over a
conversation through action_converse (intents and confidences as the NLU read such messages on the end-to-end stack).
Found by the seventh development set's play (tests/conversations/fresh6/, written blind) and grouped into classes;
the sentences here are our own."""
from __future__ import annotations

from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)


# A question about the item just sorted is answered by the sentence of its own row that says it.

def test_a_condition_about_the_item_just_sorted_gets_the_sentence_of_its_row():
    resident = Resident()
    resident.says("컵라면 용기는 어떻게 버려요", "recycling_guide", 0.99)
    reply = resident.says("빨간 자국이 계속 남으면요?", "out_of_scope", 0.78)
    assert "종량제 봉투" in reply and "남은 음식" not in reply


def test_a_part_of_the_item_just_sorted_in_english():
    resident = Resident("en")
    resident.says("how do I recycle a pizza box?", "recycling_guide", 0.99)
    reply = resident.says("what do I do with the greasy corner?", "recycling_guide", 0.45)
    assert "volume-rate bag" in reply


def test_where_the_bin_is_comes_from_a_row_of_the_same_category():
    resident = Resident()
    resident.says("보조배터리 어떻게 버려요", "recycling_guide", 0.9)
    reply = resident.says("그 수거함 어디 있는데요?", "recycling_guide", 0.82)
    assert "주민센터나 아파트" in reply and "어떤 물건인지" not in reply
    resident = Resident("en")
    resident.says("how do I get rid of a power bank", "recycling_guide", 0.97)
    assert "community centre or apartment" in resident.says("where do I find that bin?", "recycling_guide", 0.6)


def test_a_larger_amount_of_the_oil_just_sorted():
    resident = Resident()
    resident.says("튀김하고 남은 식용유 어떻게 버려요", "recycling_guide", 0.95)
    reply = resident.says("한 통이 넘는데 양이 많으면요?", "bot_challenge", 0.53)
    assert "폐식용유 수거통" in reply


def test_sorting_items_in_a_long_message_read_as_bulky_waste_get_each_row():
    reply = Resident().says("부모님 댁 정리하다 보니 먹다 남은 알약이 한 봉지고 식용유도 반 통 남았는데 이런 건 다 어떻게 "
                            "처리해야 되는지 몰라서요", "bulky_waste", 0.99)
    assert "폐의약품 수거함" in reply and "폐식용유" in reply and "어떤 물건을 버리시려고" not in reply


def test_an_item_whose_name_is_said_apart():
    reply = Resident().says("치킨 시켜 먹고 남은 뼈는 음식물로 버리면 되죠?", "recycling_guide", 0.93)
    assert "뼈는 음식물쓰레기가 아니에요" in reply


# Bulky items: the size the resident gives picks the fee row, whatever the NLU made of the message; never a wrong price.

def test_a_size_in_drawers_picks_its_row_and_a_recount_is_a_new_size():
    resident = Resident()
    reply = resident.says("서랍 4단짜리 버리는 비용 얼마예요", "out_of_scope", 0.71)
    assert "4단 이상: 5,000원이에요" in reply
    reply = resident.says("아 다시 보니 2단이네요", "file_complaint", 0.77)
    assert "3단 이하: 3,000원이에요" in reply and "어떤 문제를 신고" not in reply


def test_the_item_just_priced_named_with_its_size_at_a_confident_other_intent():
    resident = Resident()
    resident.says("책꽂이 버리려고요", "bulky_waste", 0.7)
    reply = resident.says("1미터가 넘는 책꽂이면 얼마인가요", "out_of_scope", 0.97)
    assert "높이 1m 이상: 5,000원이에요" in reply


def test_a_number_alone_after_a_fee():
    resident = Resident("en")
    resident.says("massage chair disposal fee?", "bulky_waste", 0.99)
    assert "KRW 45,000 altogether" in resident.says("and for three?", "bulky_waste", 0.45)


def test_items_named_in_the_plural_in_english():
    reply = Resident("en").says("we need to throw out two desks and three chairs, what are the fees?", "bulky_waste", 0.99)
    assert "desk" in reply.lower() and "Standard chair: KRW 2,000" in reply


def test_the_phone_asked_after_a_fee_is_that_topics_department():
    resident = Resident()
    resident.says("평상 하나 버리면 얼마예요", "bulky_waste", 0.99)
    reply = resident.says("인터넷은 어렵고 전화로 할라는데 번호 좀", "request_human", 0.78)
    assert "청소행정과" in reply and "02-2286-5525" in reply and "당직실" not in reply


def test_the_booking_guide_shown_with_the_item_question_answers_what_to_attach():
    resident = Resident()
    reply = resident.says("대형폐기물 인터넷 신청 방법 알려주세요", "bulky_waste", 0.97)
    assert "어떤 물건을 버리시려고" in reply        # the item is asked, the booking guide shown with it
    reply = resident.says("신청 끝나면 물건에 뭘 붙이는 거예요?", "welfare_apply", 0.88)
    assert "접수번호" in reply and "어떤 분을 위한" not in reply


def test_a_thing_the_fee_table_does_not_list_after_another_topic_is_a_new_topic():
    resident = Resident()
    resident.says("장애인 복지 뭐 있어요", "welfare_programs", 0.99)
    reply = resident.says("아 그거 말고 휠체어 버리는 건 얼마예요", "bulky_waste", 0.69)
    assert "'휠체어'" in reply and "청소행정과" in reply and "장애인활동지원" not in reply


# Welfare: the programme named is answered for what is asked; the person described; the question resumed.

def test_a_programme_named_with_its_group_gets_what_is_asked_of_it():
    reply = Resident().says("일흔 넘은 우리 아버지가 노인일자리 하고 싶다는데 언제 모집해요?", "welfare_programs", 0.74)
    assert "11~12월" in reply and "기초연금:" not in reply


def test_a_longer_question_whether_someone_else_may_apply_is_a_follow_up():
    resident = Resident("en")
    resident.says("any rent help for young people? I'm 23 and rent a room", "welfare_programs", 0.99)
    reply = resident.says("can my mum sign me up for it because my korean is bad", "welfare_apply", 0.66)
    assert "apply yourself" in reply and "Same as I said" not in reply


def test_a_parent_named_without_an_age_is_asked_their_age():
    reply = Resident().says("어머니 받을 수 있는 복지 좀 알아보려고요", "welfare_programs", 0.99)
    assert "연세" in reply


def test_the_welfare_question_comes_back_after_an_office_question_set_aside():
    resident = Resident()
    resident.says("복지 지원 알아보려고요", "welfare_programs", 0.99)
    reply = resident.says("잠깐 그 전에 마장동 주민센터 전화번호 좀요", "office_info", 0.99,
                          [{"entity": "dong", "value": "마장동"}])
    assert "02-2286-" in reply and "어떤 분을 위한" in reply
    reply = resident.says("몸이 불편한 장애 있는 제 남편이요", "events_search", 0.37)
    assert "장애인활동지원" in reply


# Events: a grandparent is a senior, and no row is named by the start of a longer word of its title.

def test_a_class_for_a_grandparent_on_weekday_mornings():
    reply = Resident("en").says("any class for my grandpa on weekday mornings?", "events_search", 0.99)
    assert "Smartphone Class for Seniors" in reply and "Grandparent-Led" not in reply


# Offices: a centre named by its 동 in English, then "their" number.

def test_a_centre_named_by_its_dong_then_their_phone():
    resident = Resident("en")
    reply = resident.says("is the Oksu-dong centre open now?", "waste_collection_schedule", 0.85)
    assert "Oksu-dong Community Service Center" in reply
    reply = resident.says("what's their phone number?", "office_info", 0.7)
    assert "Oksu-dong Community Service Center" in reply and "Seongdong-gu Office" not in reply


# What the bot can do, asked as what one may ask.

def test_what_one_may_ask():
    assert "대형폐기물" in Resident().says("그럼 여기서는 뭘 물어볼 수 있는데요", "out_of_scope", 0.41)


# Found by fresh7's play (written blind; answers-21j): more of the same classes.

def test_a_programme_the_person_gets_now_in_english_is_not_the_answer():
    reply = Resident("en").says("My mum is 78, lives on her own and gets the basic pension. Any help at home for her?",
                                "welfare_programs", 1.0)
    assert "Customised Care" in reply and not reply.startswith("A family member")


def test_a_follow_up_told_apart_by_an_english_word_of_one_row():
    resident = Resident("en")
    resident.says("we just had a baby, what support is there?", "welfare_programs", 0.68)
    assert "KRW 3 million" in resident.says("and if it's our second one?", "bulky_waste", 0.27)


def test_a_group_asked_of_the_events_just_listed():
    resident = Resident("en")
    resident.says("any free events this weekend?", "events_search", 0.99)
    reply = resident.says("anything for little kids?", "welfare_programs", 0.73)
    assert "Forest Walk" in reply and "Small Exhibition" not in reply


def test_an_event_named_at_out_of_scope_with_a_column_asked():
    resident = Resident("en")
    assert "KRW 5,000" in resident.says("what does the year-end concert cost?", "out_of_scope", 0.62)


def test_a_day_of_the_week_after_a_dongs_days():
    resident = Resident("en")
    resident.says("songjeong-dong trash days?", "waste_collection_schedule", 0.99)
    reply = resident.says("what about saturday?", "deny", 0.36)
    assert "not a collection day" in reply
    resident = Resident()
    resident.says("송정동 쓰레기 요일", "waste_collection_schedule", 0.99)
    assert "일요일에는 재활용품" in resident.says("일요일은요? 내놔도 돼요?", "deny", 0.4)


def test_where_asked_in_dialect_after_cooking_oil():
    resident = Resident()
    resident.says("튀김 기름이 많은데 하수구에 버려도 되나", "recycling_guide", 0.9)
    assert "폐식용유 수거통" in resident.says("그라믄 어데 버려야 되노", "recycling_guide", 0.29)


def test_two_questions_joined_by_rang_without_a_comma():
    reply = Resident().says("송정동 음식물 요일이랑 안마의자 수수료랑 알려 줘요", "waste_collection_schedule", 0.89)
    assert "송정동" in reply and "15,000원" in reply


def test_two_programmes_asked_in_one_question_with_the_group():
    reply = Resident().says("애기가 8개월인데 부모급여는 얼마 나오고 아동수당은 얼마예요?", "welfare_programs", 0.99)
    assert "부모급여" in reply and "아동수당" in reply and "100만 원" in reply and "10만 원" in reply


def test_calling_the_centres_now_at_night():
    reply = Resident().says("주민센터 지금 전화하면 받아요?", "office_info", 0.94, now="2026-11-25T23:30")
    assert "09:00" in reply and "어느 동에 사세요" in reply      # closed now, and the 동 asked for its number


def test_a_follow_up_naming_nothing_asks_of_the_last_subject():
    resident = Resident()
    resident.says("성동구에서 여권 어디서 만들어요", "out_of_scope", 0.88)
    assert "1주일" in resident.says("그럼 얼마나 걸려요?", "out_of_scope", 0.46)


def test_rubbish_asked_by_a_landmark_read_as_bulky_waste():
    reply = Resident().says("한양대역 근처 원룸인데 쓰레기 언제 내놔요", "bulky_waste", 0.63)
    assert "사근동" in reply and "어떤 물건을" not in reply


def test_the_total_of_several_items_uses_the_sizes_said_with_them():
    resident = Resident()
    resident.says("이사하면서 3인용 소파랑 1미터 안 되는 책장 버리는데 얼마예요", "bulky_waste", 0.98)
    reply = resident.says("다 합치면요?", "out_of_scope", 0.32)
    assert "모두 합치면 11,000원이에요" in reply


def test_a_size_under_the_number_said_picks_the_row_below():
    reply = Resident().says("1미터 안 되는 책장 버리면 얼마예요", "bulky_waste", 0.99)
    assert "높이 1m 미만: 3,000원이에요" in reply


# An answer naming nothing at a topic's item question: examples, then a way out — never the question a third time.

def test_an_answer_naming_nothing_at_the_item_question_gets_examples_then_a_way_out():
    resident = Resident()
    assert "어떤 물건을 버리시려고" in resident.says("대형폐기물 인터넷 신청 방법 알려주세요", "bulky_waste", 0.97)
    reply = resident.says("그거 있잖아요 그거", "affirm", 0.8)
    assert "예: 소파" in reply
    reply = resident.says("아 저거요", "deny", 0.7)
    assert "상담원 연결" in reply


# Right after deleting: "다 없어진 거죠?" asks whether it is gone, whatever the NLU guessed.

def test_whether_it_is_all_gone_right_after_deleting():
    resident = Resident()
    resident.says("제가 여기 쓴 거 전부 지워 주세요", "out_of_scope", 0.6)
    reply = resident.says("그럼 여태 말한 건 이제 다 없어진 거죠?", "complaint_status", 0.58)
    assert "지웠" in reply or "삭제" in reply or "보관" in reply
