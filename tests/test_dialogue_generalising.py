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
