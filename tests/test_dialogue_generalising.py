"""dialogue-21b's mechanisms (issue 21), each over a conversation or a table, never one phrase per failure:
an English sentence that names a Korean place stays English; "can I go there today?" gets whether the office
is open now before the rest; "where do I call?" after a FAQ answer gets that answer's own contact."""
from __future__ import annotations

import datetime as dt

from bot.guidance.offices import visit_today
from bot.language import detect_language
from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)

SATURDAY = dt.datetime(2026, 11, 28, 10, 0)
CHRISTMAS = dt.datetime(2026, 12, 25, 9, 30)
WEDNESDAY = dt.datetime(2026, 11, 25, 14, 0)


def test_latin_words_outnumbering_a_korean_name_keep_the_message_english():
    assert detect_language("Hello, I live in 옥수동. When is trash day?") == "en"
    assert detect_language("I want to throw away my 장롱 and 침대") == "en"
    # Korean with an English word or a brand in it stays Korean
    assert detect_language("LG 냉장고 버리려면 얼마예요") == "ko"
    assert detect_language("이번 주 weekend event 있어요?") == "ko"
    assert detect_language("what is 대형폐기물?") == "ko"       # too few words to outvote the Hangul


def test_going_to_the_office_today_is_told_whether_it_is_open_now(district):
    closed = visit_today(district, "오늘 구청 가면 서류 뗄 수 있어요?", SATURDAY, "ko")
    assert closed is not None and "쉬는 날" in closed.text and "월" in closed.text
    holiday = visit_today(district, "Is the community centre open today? I need a resident registration document",
                          CHRISTMAS, "en")
    assert holiday is not None and "closed today" in holiday.text
    open_now = visit_today(district, "지금 옥수동 주민센터 가도 돼요?", WEDNESDAY, "ko")
    assert open_now is not None and "옥수동 주민센터" in open_now.text and "운영 중" in open_now.text
    # no office, or no "now", or no visit: not this question
    assert visit_today(district, "오늘 쓰레기 내놔도 돼요?", WEDNESDAY, "ko") is None
    assert visit_today(district, "구청 주소가 어디예요?", WEDNESDAY, "ko") is None


def test_a_saturday_visit_question_says_closed_first_and_no_apology_after(pinned):  # noqa: F811
    resident = Resident()
    reply = resident.says("오늘 구청 가면 서류 뗄 수 있어요?", "out_of_scope", 0.55, now="2026-11-28T10:00:00+09:00")
    assert reply.startswith("오늘은 쉬는 날") and "자료가 없어요" not in reply


def test_where_to_call_after_a_faq_answer_is_that_answers_own_contact(pinned):  # noqa: F811
    resident = Resident()
    first = resident.says("재산세 언제 내요?", "out_of_scope", 0.6)
    assert "문의:" in first
    contact = first.split("문의:")[1].strip().splitlines()[0]
    reply = resident.says("그럼 그냥 전화로 물어볼게요. 어디로 하면 돼요?", "recycling_guide", 0.5)
    assert contact in reply and "120" in reply


def test_a_dong_named_earlier_answers_a_later_collection_day_question(pinned):  # noqa: F811
    resident = Resident()
    resident.says("이번에 사근동으로 이사왔어요", "greet", 0.4)
    assert resident.state.dong == "사근동"
    reply = resident.says("재활용은 무슨 요일이에요", "waste_collection_schedule", 0.46)   # a weak guess, no 동 named
    assert "사근동" in reply and "요일" in reply and "어느 동" not in reply


def test_the_total_of_several_items_fees_is_summed_from_the_table(district):
    from bot.guidance.followups import follow_up

    cited = ["bulky_fees:옷장", "bulky_fees:침대 프레임", "bulky_booking:온라인 신청"]
    fees = {item: [f.fee_krw for f in district.fees_for(item)] for item in ("옷장", "침대 프레임")}
    low, high = sum(min(v) for v in fees.values()), sum(max(v) for v in fees.values())
    found = follow_up(district, "bulky_waste", cited, "그럼 다 합치면 얼마예요?", "ko", WEDNESDAY)
    assert found is not None and f"{low:,}원" in found.text and f"{high:,}원" in found.text
    english = follow_up(district, "bulky_waste", cited, "how much is it in total?", "en", WEDNESDAY)
    assert english is not None and f"KRW {high:,}" in english.text
    # one item has no total to give: its own fee
    one = follow_up(district, "bulky_waste", cited[:1], "그럼 다 합치면 얼마예요?", "ko", WEDNESDAY)
    assert one is None or "합치면" not in one.text


def test_where_to_apply_at_the_centre_stays_the_topic_just_answered(district):
    from bot.guidance.followups import follow_up

    booked = follow_up(district, "bulky_waste", ["bulky_fees:냉장고", "bulky_booking:온라인 신청"],
                       "신청은 주민센터 가서 하면 되는규?", "ko", WEDNESDAY)
    assert booked is not None and "주민센터" in booked.text and "스티커" in booked.text


def test_a_move_in_report_is_no_complaint_status_lookup(pinned):  # noqa: F811
    resident = Resident(lang="en")
    reply = resident.says("i moved to sageun-dong last month po, is it late already to report?", "complaint_status", 0.94)
    assert "ticket number" not in reply.lower() and resident.state.task is None


def test_a_follow_up_with_it_is_read_with_the_faq_rows_own_question(pinned):  # noqa: F811
    resident = Resident(lang="en")
    first = resident.says("can I get a resident registration certificate online?", "out_of_scope", 0.6)
    assert "Gov24" in first
    assert resident.state.last_row      # the row's own question, kept for "it"
    reply = resident.says("do I pay for it online?", "out_of_scope", 0.45)
    assert "free" in reply.lower() and "tax" not in reply.lower()


def test_a_complaint_guess_naming_a_bulky_item_and_its_fee_answers_the_fee_not_the_form(pinned):  # noqa: F811
    resident = Resident()
    reply = resident.says("어머니가 쓰시던 장롱이 폭이 1미터 반은 되고 침대도 버리려고 해요 각각 얼마씩인지 알려주세요",
                          "file_complaint", 0.62)
    assert "어떤 문제를 신고" not in reply and "원" in reply and resident.state.task is None


def test_a_size_correction_after_a_fee_is_a_follow_up_even_when_read_as_a_complaint(pinned):  # noqa: F811
    resident = Resident()
    resident.says("소파 버리려면 얼마예요? 2인용이요", "bulky_waste", 0.95)
    reply = resident.says("아 아니다 3인용이에요 길이가 길더라구요", "file_complaint", 0.88)
    assert "3인용" in reply and "어떤 문제를 신고" not in reply and resident.state.task is None


def test_skipping_a_detail_after_a_fee_gives_every_size(pinned, district):  # noqa: F811
    resident = Resident()
    resident.says("냉장고 버리려고요", "bulky_waste", 0.9)
    reply = resident.says("용량은 몰르것는디 넘어가 주쇼", "out_of_scope", 0.45)
    for fee in district.fees_for("냉장고"):
        assert f"{fee.fee_krw:,}원" in reply
    assert "자료가 없어요" not in reply


def test_the_read_back_of_a_first_message_names_the_kind_of_problem_too(pinned):  # noqa: F811
    resident = Resident()
    reply = resident.says("뚝섬역 1번출구 앞 점자블록 위에 공유킥보드 세 대가 쓰러져 있어요", "file_complaint", 0.99)
    assert "전동킥보드 방치 —" in reply and "뚝섬역" in reply


def test_rhetorical_anger_is_acknowledged_first():
    from bot.guidance.feelings import is_upset

    assert is_upset("쓰레기를 사흘째 안 가져가는데 이게 말이 됩니까 구청은 뭐하는 겁니까")
    assert is_upset("I pay my taxes and nobody collects the trash")
    assert not is_upset("주민센터 뭐 하는 곳이에요?") and not is_upset("세금 내는 날이 언제예요")


def test_what_can_you_do_is_answered_with_what_the_bot_does(pinned):  # noqa: F811
    resident = Resident()
    reply = resident.says("그럼 니가 해줄 수 있는게 뭔데", "events_search", 0.45)
    assert "쓰레기" in reply and "민원" in reply and "복지" in reply


def test_a_clear_change_of_topic_inside_the_form_is_no_correction(pinned):  # noqa: F811
    resident = Resident()
    resident.says("골목에 누가 쓰레기를 몰래 버리고 갔어요 신고할래요", "file_complaint", 0.99)
    reply = resident.says("아 그거 말고요 그냥 송정동 쓰레기 버리는 요일이나 알려줘요", "waste_collection_schedule", 0.99)
    assert "고쳤어요" not in reply and "송정동" in reply and "요일" in reply and resident.state.task is None


def test_a_short_answer_to_english_dong_buttons_and_a_sibling_dong(pinned, district):  # noqa: F811
    from bot.guidance.followups import follow_up

    sibling = follow_up(district, "waste_collection_schedule", ["waste_collection:행당1동"], "2동은요?", "ko", WEDNESDAY)
    assert sibling is not None and sibling.text.startswith("행당2동")
    resident = Resident(lang="en")
    resident.says("when is trash day in Geumho-dong?", "waste_collection_schedule", 0.95)
    assert "Geumho 4-ga-dong" in [b["title"] for b in resident.state.last_buttons]
    reply = resident.says("4-ga", "out_of_scope", 0.25)
    assert "Geumho 4-ga" in reply and "Monday" in reply


def test_the_corrected_age_is_the_one_meant():
    from bot.dialogue.people import age_in, group_in

    assert age_in("예순셋 아니고 예순다섯이에요") == 65 and group_in("예순셋 아니고 예순다섯이에요") == "seniors"
    assert age_in("my dad is not 60, he is 65") == 65
    assert age_in("올해 일흔여덟이세요") == 78


def test_a_weekend_the_resident_is_busy_on_is_not_the_weekend_asked_for(district):
    from bot.dates import find_date
    from bot.guidance.events import read_query

    today = WEDNESDAY.date()
    for text in ("평일 낮에 엄마 모시고 갈만한 행사 있나요 주말은 제가 일을 해서요",
                 "my grandmother is 70, she want some class on weekday, not weekend"):
        query = read_query(district, text, find_date(text, today), today)
        assert query.weekdays_only and query.end > query.start
    english = "my grandmother is 70, she want some class on weekday, not weekend"
    assert read_query(district, english, find_date(english, today), today).group == "seniors"
    wanted = "평일엔 일을 해서 주말에 갈 만한 행사"      # here the weekend is what is asked for
    query = read_query(district, wanted, find_date(wanted, today), today)
    assert not query.weekdays_only and query.start.weekday() >= 5


def test_everyday_words_for_a_parked_car_name_illegal_parking_and_modal_can_names_no_can(district):
    from bot.dialogue.categories import category_named

    assert category_named("소화전 앞에 맨날 차 대놓는 집이 있어요 신고할래요", district.complaint_categories).category == \
        "illegal_parking"
    from bot.guidance.followups import MODAL_CAN

    assert not district.items_named(MODAL_CAN.sub(" ", "what money can we get from government"), prefer_bulky=True)[0]


def test_a_free_pick_up_asked_after_a_fee_goes_to_the_faq_about_that_item(pinned):  # noqa: F811
    resident = Resident()
    resident.says("냉장고 버리려고요", "bulky_waste", 0.9)
    reply = resident.says("공짜로 가져가는 데는 없어라?", "bulky_waste", 0.45)
    assert "무료" in reply or "무상" in reply


def test_a_bulky_item_and_its_size_read_as_nothing_is_the_items_fee(pinned, district):  # noqa: F811
    resident = Resident()
    reply = resident.says("티비는 43인치요", "nlu_fallback", 0.25)
    item = district.bulky_items_named("티비")[0]
    assert all(f"{fee.fee_krw:,}원" in reply for fee in district.fees_for(item))


def test_declining_texts_at_the_consent_is_a_no():
    from bot.dialogue import reading

    for words in ("문자는 안 받아요", "알림은 필요 없어요", "no texts please", "don't call me"):
        assert reading.says_no(words), words
    assert not reading.says_no("네 동의해요")


def test_a_hedge_at_the_forms_question_counts_as_an_unusable_answer(pinned):  # noqa: F811
    resident = Resident()
    resident.says("길에 보도블럭이 깨져서 할머니가 넘어지실 뻔했어요 신고할께요", "file_complaint", 0.99)
    resident.says("글쎄요 그냥 저기요", "greet", 0.9)
    reply = resident.says("ㅁㄴㅇㄹ", "affirm", 0.5)
    assert "취소" in reply or "직원" in reply or "상담" in reply      # the way out, not the question a third time


def test_a_closed_office_and_a_need_named_gets_the_other_way(pinned):  # noqa: F811
    resident = Resident()
    reply = resident.says("주민센터 오늘 문 열어요? 등본 떼야 되는데", "office_info", 0.49, now="2026-11-28T10:00:00+09:00")
    assert "닫" in reply and ("정부24" in reply or "무인민원발급기" in reply)


def test_a_follow_up_after_a_side_question_is_about_the_answer_before_it(pinned):  # noqa: F811
    resident = Resident()
    resident.says("혼자 사시는 어르신을 도와드릴 복지 지원이 뭐가 있어요?", "welfare_programs", 0.95)
    resident.says("근데 송정동 주민센터 전화번호가 뭐예요", "office_info", 0.98)
    reply = resident.says("저는 가족이 아니고 이웃인데 제가 신청해도 되는거죠?", "welfare_apply", 0.87)
    assert "신청" in reply and "송정동 주민센터\n" not in reply
    assert resident.state.last_intent in ("welfare_programs", "welfare_apply")
