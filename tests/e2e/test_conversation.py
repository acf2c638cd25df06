"""A resident's conversation through /api/chat, with the real Rasa server, action server and gateway."""
import pytest

pytestmark = pytest.mark.e2e


def test_collection_days_dialogue_in_korean_then_english(stack):
    session = "e2e-resident-1"
    first = stack.chat(session, "쓰레기 언제 버려요?")
    assert first["intent"]["name"] == "waste_collection_schedule"
    assert first["messages"][0]["text"].startswith("어느 동에 사세요?")
    dong_buttons = {b["title"]: b["payload"] for b in first["messages"][0]["buttons"]}
    assert "행당1동" in dong_buttons

    second = stack.chat(session, "행당1동이요")
    assert second["messages"][0]["text"].startswith("행당1동 배출 요일이에요.")
    assert second["citations"][0]["id"] == "waste_collection:행당1동"
    assert second["citations"][0]["url"].startswith("https://")
    assert second["source"] == "intent" and second["lang"] == "ko"

    third = stack.chat(session, "행당2동은요?")
    assert third["messages"][0]["text"].startswith("행당2동 배출 요일이에요.")
    assert third["citations"][0]["title"] == "행당2동 쓰레기 배출 안내"

    english = stack.chat(session, "When is food waste collected in Majang-dong?")
    assert english["lang"] == "en"
    assert english["messages"][0]["text"].startswith("Collection days in Majang-dong")
    assert "Food waste:" in english["messages"][0]["text"]
    assert english["citations"][0]["title"] == "Waste collection in Majang-dong"


def test_button_payload_and_ambiguous_dong(stack):
    session = "e2e-resident-2"
    reply = stack.chat(session, "성수동 재활용 언제 내놔요")
    assert "여러 행정동으로 나뉘어 있어요" in reply["messages"][0]["text"]
    choice = reply["messages"][0]["buttons"][1]
    picked = stack.chat(session, choice["payload"])
    assert picked["messages"][0]["text"].startswith(f"{choice['title']} 배출 요일이에요.")


def test_chit_chat_and_greeting_buttons(stack):
    greeting = stack.chat("e2e-resident-3", "안녕하세요")
    assert greeting["intent"]["name"] == "greet"
    assert greeting["messages"][0]["text"].startswith("안녕하세요! 성동구 주민 안내 챗봇이에요.")
    assert [b["title"] for b in greeting["messages"][0]["buttons"]][0] == "쓰레기 배출 요일"
    english = stack.chat("e2e-resident-4", "hello there")
    assert english["messages"][0]["text"].startswith("Hello! I'm the Seongdong-gu resident assistant")
    bot = stack.chat("e2e-resident-3", "너 로봇이야?")
    assert bot["messages"][0]["text"].startswith("저는 사람이 아니라 챗봇이에요.")


def test_out_of_scope_refused_kindly(stack):
    reply = stack.chat("e2e-resident-5", "오늘 주식 뭐 사면 좋을까?")
    assert reply["source"] == "fallback"
    assert reply["messages"][0]["text"].startswith("죄송해요, 그 질문은 제가 답할 수 있는 자료가 없어요.")


def test_events_and_welfare(stack):
    events = stack.chat("e2e-resident-6", "이번 주말에 행사 있어요?")
    assert events["intent"]["name"] == "events_search"
    assert "11월 28일(토)" in events["messages"][0]["text"]
    welfare = stack.chat("e2e-resident-7", "어르신 복지 뭐 있어요?")
    assert welfare["intent"]["name"] == "welfare_programs"
    assert welfare["messages"][0]["text"].startswith("어르신을 위한 복지 지원이에요.")
    assert welfare["citations"]


def test_question_with_no_rule_is_answered_from_the_faq_with_citation(stack):
    reply = stack.chat("e2e-resident-8", "재산세 언제 내는 거예요?")
    assert reply["source"] in ("faq", "llm"), reply
    assert reply["citations"][0]["id"] == "tax-001"
    assert reply["citations"][0]["url"].startswith("https://")
    assert "7월" in reply["messages"][0]["text"]


def test_out_of_scope_near_domain_is_refused_with_a_contact(stack):
    reply = stack.chat("e2e-resident-9", "부산 해운대구 쓰레기 배출 요일 알려줘")
    assert reply["source"] == "fallback"
    text = reply["messages"][0]["text"]
    # Another city's question goes to that city (110 finds the right office), never to a 성동구 department.
    assert text.startswith("죄송해요") and "정부민원안내콜센터(110)" in text and "02-2286" not in text
