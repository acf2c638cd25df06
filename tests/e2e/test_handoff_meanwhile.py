"""While a resident waits for a person, a question the bot can answer is answered meanwhile (the staff
member sees it too); after hours, "when can I call?" is answered instead of being taken for the message."""
import pytest

from bot.handoff.inbox import Inbox

pytestmark = pytest.mark.e2e


def chat(stack, session, text, now):
    import requests

    response = requests.post(stack.web_url + "/api/chat", json={"session_id": session, "message": text},
                             headers={"X-Minwon-Now": now}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_question_while_waiting_is_answered_meanwhile(stack, stack_database):
    s, day = "e2e-meanwhile", "2026-11-25T14:00"
    queued = chat(stack, s, "사람이랑 얘기하고 싶어요", day)
    assert queued["source"] == "handoff" and "대기" in queued["messages"][0]["text"]
    asked = chat(stack, s, "행당2동 주민센터는 몇 시까지 해요?", day)
    lines = [m["text"] for m in asked["messages"]]
    assert lines[0].startswith("직원 연결을 기다리는 중이에요")
    assert any("18:00" in line for line in lines[1:])
    assert Inbox(stack_database).held(f"web:{s}").state == "waiting"     # still in the queue
    left = chat(stack, s, "아 됐어요 그냥 물어볼게요. 행당2동 주민센터 전화번호 알려 주세요", day)
    assert left["messages"][0]["text"] == "직원 연결 대기를 그만둘게요."
    assert any("02-" in m["text"] for m in left["messages"][1:])
    assert Inbox(stack_database).held(f"web:{s}") is None


def test_after_hours_when_to_call_is_answered_and_thanks_leaves_no_request(stack, stack_database):
    s, night = "e2e-night-call", "2026-11-25T23:30"
    closed = chat(stack, s, "상담원 연결해 주세요", night)
    assert "근무 시간이 아니라" in closed["messages"][0]["text"]
    when = chat(stack, s, "그럼 내일 몇 시부터 전화하면 돼요?", night)
    assert any("09:00" in m["text"] for m in when["messages"])
    assert when["messages"][-1]["text"].startswith("직원에게 남기실 말씀이 있으면")
    thanks = chat(stack, s, "알겠어요 고마워요", night)
    assert thanks["intent"]["name"] == "thanks"
    assert Inbox(stack_database).latest(f"web:{s}").state == "closed"
