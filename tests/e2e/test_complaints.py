"""Complaint dialogues through the real Rasa and action server, stored in real PostgreSQL."""
import re

import pytest
from sqlalchemy import create_engine, text

from bot.particles import particle
from tests.e2e.stack import reply_text

pytestmark = pytest.mark.e2e


def say(stack, session, message):
    reply = stack.chat(session, message)
    return reply_text(reply), reply


def rows(url, where="1=1", **params):
    engine = create_engine(url)
    with engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(text(f"select * from complaints where {where}"), params)]
    engine.dispose()
    return found


def test_korean_complaint_with_a_correction_then_status(stack, stack_database):
    s = "e2e-complaint-ko"
    answer, _ = say(stack, s, "횡단보도를 막은 킥보드 신고하려고요")
    assert answer.startswith("어디에서 생긴 일인가요?")
    # a 동 alone asks for the exact place; each place is said back before the next question
    assert say(stack, s, "성수1가1동")[0] == ("성수1가1동으로 적었어요.\n정확히 어디인가요? 가까운 건물이나 출구, 주소를 알려 주세요. "
                                         "(예: 왕십리역 1번 출구 앞)")
    assert "\n어떤 상황인지 자세히 적어 주세요." in say(stack, s, "성수역 3번 출구 앞")[0]   # the opening named the kind
    assert say(stack, s, "두 대가 쓰러져서 횡단보도를 다 막고 있어요")[0].startswith("처리 결과를 연락받으시겠어요?")
    assert say(stack, s, "동의해요")[0].startswith("연락받을 휴대전화 번호를 적어 주세요.")
    summary, reply = say(stack, s, "010-1234-5678")
    assert "• 위치: 성수역 3번 출구 앞" in summary and "• 연락처: 010-****-5678" in summary
    assert "010-1234-5678" not in summary
    assert [b["title"] for b in reply["messages"][0]["buttons"]][0] == "접수"
    assert say(stack, s, "위치 고치기")[0].startswith("정확히 어디인가요?")
    assert "• 위치: 성수역 2번 출구 앞" in say(stack, s, "성수역 2번 출구 앞")[0]
    filed, _ = say(stack, s, "접수")
    found = re.search(r"접수번호는 ((20\d\d-\d{6})-[0-9A-Z]{4})(이에요|예요)", filed)
    full, ticket = found.group(1), found.group(2)     # the resident's number; the short form staff use
    assert found.group(3) == particle(full, "이에요")
    stored = rows(stack_database, "ticket = :t", t=ticket)[0]
    assert (stored["category"], stored["dong"], stored["location"]) == ("e_scooter", "성수1가1동", "성수역 2번 출구 앞")
    assert stored["priority"] == "urgent" and stored["phone"] == "010-1234-5678"

    assert say(stack, s, "민원 처리 어떻게 됐는지 조회하고 싶어요")[0].startswith("접수번호를 알려 주세요.")
    assert say(stack, s, ticket)[0].startswith(f"접수번호 {ticket}{particle(ticket, '을')} 확인할게요. 개인정보 보호를 위해")
    wrong, reply = say(stack, s, "9999")
    assert reply["messages"][0]["text"] == "전화번호 끝 4자리가 맞지 않아 내용을 보여 드릴 수 없어요."
    assert "끝 4자리" in reply["messages"][-1]["text"]        # and the question again, the ticket kept
    say(stack, s, "민원 조회")
    say(stack, s, ticket)
    status, _ = say(stack, s, "5678")
    assert status.startswith(f"접수번호 {full}\n• 상태: 접수\n• 담당: 교통행정과")


def test_cancel_at_any_step_stores_nothing(stack, stack_database):
    s = "e2e-complaint-cancel"
    before = len(rows(stack_database))
    assert say(stack, s, "민원 접수하고 싶어요")[0].startswith("어떤 문제를 신고하시나요?")
    assert say(stack, s, "가로등 고장")[0].startswith("어디에서 생긴 일인가요?")
    assert say(stack, s, "취소")[0] == "민원 접수를 취소했어요. 입력하신 내용은 저장하지 않았어요."
    assert len(rows(stack_database)) == before


def test_english_complaint_without_phone(stack, stack_database):
    s = "e2e-complaint-en"
    assert say(stack, s, "I want to report a broken streetlight")[0].startswith("Where did it happen?")
    assert "\nWhere exactly is it?" in say(stack, s, "Oksu-dong")[0]
    assert "\nPlease describe the problem" in say(stack, s, "In front of Oksu station exit 1")[0]
    assert say(stack, s, "It has been dark for three nights")[0].startswith("Would you like a reply")
    summary, _ = say(stack, s, "I don't agree")
    assert "• Contact: none" in summary and "• Neighbourhood: Oksu-dong (옥수동)" in summary
    filed, _ = say(stack, s, "Submit")
    ticket = re.search(r"ticket number is (20\d\d-\d{6})-[0-9A-Z]{4}\.", filed).group(1)
    assert rows(stack_database, "ticket = :t", t=ticket)[0]["phone"] is None


def test_database_outage_gives_no_ticket_and_a_retry_files_once(stack, stack_database):
    s = "e2e-complaint-outage"
    name = stack_database.rsplit("/", 1)[1]
    admin = create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test", isolation_level="AUTOCOMMIT")
    say(stack, s, "골목에 쓰레기 무단투기가 심해요")
    say(stack, s, "마장동")
    say(stack, s, "마장동 축산물시장 뒤 골목")
    say(stack, s, "밤마다 누가 헌 이불이랑 의자를 몰래 버리고 가요")
    say(stack, s, "동의하지 않아요")
    before = len(rows(stack_database))
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    try:
        down, reply = say(stack, s, "접수")
        assert down.startswith("죄송해요, 지금 민원 시스템에 연결되지 않아 접수하지 못했어요.")
        assert not re.search(r"20\d\d-\d{6}", down)
        retry = reply["messages"][0]["buttons"][0]
        assert retry["title"] == "다시 접수"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    filed, _ = say(stack, s, retry["payload"])
    assert "접수번호는" in filed
    stored = rows(stack_database)
    assert len(stored) == before + 1 and stored[-1]["location"] == "마장동 축산물시장 뒤 골목"
    assert say(stack, s, retry["payload"])[0].startswith("어떤 문제를 신고하시나요?")   # a new complaint starts
