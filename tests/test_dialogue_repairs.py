"""Repairs a counsellor makes without being asked twice, each held over a conversation through action_converse
(intents and confidences as the NLU reads such messages). Found by the seventh development set's first play
(tests/conversations/fresh6/, written blind) and grouped into classes; the sentences here are our own."""
from __future__ import annotations

from tests.test_dialogue import Resident, pinned  # noqa: F401  (the fixture: pinned settings and stores)


# "다시 말해 주세요" in any register — with 좀, "뭐라구요", "again please" — repeats the last answer, whatever the NLU
# made of the words.

def test_asked_again_with_jom_and_muragu_repeats_the_fee():
    resident = Resident()
    assert "15,000원" in resident.says("안마의자 내다 버리면 수수료 얼마 나와요", "bulky_waste", 0.98)
    reply = resident.says("네? 뭐라구요 다시 좀 얘기해 줘요", "file_complaint", 0.35)
    assert "15,000원" in reply


def test_again_please_in_english_repeats_the_fee():
    resident = Resident("en")
    assert "15,000" in resident.says("how much is it to dispose of a massage chair?", "bulky_waste", 0.98)
    assert "15,000" in resident.says("sorry, one more time please", "file_complaint", 0.43)
    assert "15,000" in resident.says("again plz", "greet", 0.4)


# A name that covers several 동 is asked about with the choices named in the words as well as on the buttons
# (a channel without buttons, a screen reader, a resident who would rather type).

def test_a_split_dong_names_its_parts_in_the_question():
    reply = Resident().says("금호동 음식물 쓰레기 언제 내놔요?", "waste_collection_schedule", 0.97,
                                entities=[{"entity": "dong", "value": "금호동"}])
    assert "여러 행정동으로 나뉘어 있어요" in reply
    assert "금호1가동" in reply and "금호4가동" in reply


def test_a_split_dong_names_its_parts_in_english():
    reply = Resident("en").says("which days is the rubbish collected in Seongsu-dong?", "waste_collection_schedule", 0.97,
                                entities=[{"entity": "dong", "value": "성수동"}])
    assert "covers several neighbourhoods" in reply
    assert "Seongsu 1-ga 1-dong" in reply and "Seongsu 2-ga 3-dong" in reply


# A message that is only an item's name ("장롱", "microwave"), read by the NLU as a weak "yes": the item is answered
# (its bulky fee, or how to sort it), not "알겠어요, 또 궁금한 것이 있으면…".

def test_a_bare_bulky_item_gets_its_fee_not_an_okay():
    reply = Resident().says("장롱", "affirm", 0.6)
    assert "옷장" in reply and "원" in reply and "알겠어요" not in reply


def test_a_bare_bulky_item_in_english():
    reply = Resident("en").says("microwave", "affirm", 0.55)
    assert "microwave" in reply.lower() and "KRW 2,000" in reply and "Okay!" not in reply


def test_a_plain_yes_is_still_a_yes():       # a guard: "네네", "ok thanks" name no item
    assert "수수료" not in Resident().says("네네", "affirm", 0.7)
    assert "KRW" not in Resident("en").says("ok thanks", "thanks", 0.7)


# A welfare question that names one programme and no group is answered with that programme, not "어떤 분을 위한
# 지원을 찾으세요?" — the resident already said which.

def test_a_named_programme_without_a_group_is_answered():
    reply = Resident().says("첫만남이용권은 얼마나 받을 수 있는 거예요?", "welfare_programs", 0.8)
    assert "200만 원" in reply and "어떤 분을 위한" not in reply


def test_a_named_programme_in_english():
    reply = Resident("en").says("how much does the energy voucher give?", "welfare_programs", 0.7)
    assert "Energy Voucher" in reply and "Who is the support for" not in reply


def test_no_programme_named_still_asks_who_it_is_for():   # a guard
    assert "어떤 분을 위한" in Resident().says("복지 혜택 좀 알아보려고 하는데요", "welfare_programs", 0.95)


# Only a number of things right after a fee ("세 대면요?", "and for two of them?"): that fee, times the number —
# whatever the NLU made of so few words.

def test_a_count_after_a_fee_gets_the_total():
    resident = Resident()
    assert "15,000원" in resident.says("안마의자 버리는 수수료요", "bulky_waste", 0.97)
    reply = resident.says("세 대면요?", "bot_challenge", 0.63)
    assert "45,000원" in reply


def test_a_count_after_a_fee_in_english():
    resident = Resident("en")
    assert "15,000" in resident.says("fee for a massage chair?", "bulky_waste", 0.97)
    assert "KRW 30,000" in resident.says("and for two of them?", "bulky_waste", 0.45)
