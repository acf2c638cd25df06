"""After a conversation full of personal data, none of it is in Rasa's tracker, the database or the logs
(except the phone number of a consented complaint, in that complaint's row)."""
import json
import re

import pytest
import requests
from sqlalchemy import create_engine, inspect, text

pytestmark = pytest.mark.e2e
SECRETS = ["900101-1234568", "9001011234568", "4111 1111 1111 1111", "110-123-456789", "M12345678",
           "hong@example.com", "12가 3456", "010-9876-5432", "01098765432",
           # issue 20: no hyphen and no checksum (post-2020), full-width, dotted, a card failing Luhn after 카드,
           # a number split over two messages, personal data behind a '/'
           "8503152345678", "2345678", "７１０７０４", "2938475", "630512.1827364", "1827364",
           "1234-5678-9012-3456", "9012-3456", "3987654", "6123456", "5556667"]
CONSENTED_PHONE = "010-5555-7777"


def test_personal_data_is_nowhere_but_in_the_consented_complaint(stack, stack_database):
    s = "e2e-privacy"
    first = stack.chat(s, "제 주민번호는 900101-1234568이고 카드는 4111 1111 1111 1111이에요")
    assert first["messages"][0]["text"].startswith("개인정보(주민등록번호, 카드·계좌번호, 전화번호 등)는 보내지 않으셔도 돼요.")
    assert all("900101" not in m["text"] for m in first["messages"])
    second = stack.chat(s, "환불은 110-123-456789 계좌로, 메일 hong@example.com, 연락 010-9876-5432")
    assert not second["messages"][0]["text"].startswith("개인정보")   # told once, kindly
    stack.chat(s, "여권 M12345678 재발급 문의요")
    stack.chat(s, "주민번호 8503152345678 이에요")
    stack.chat(s, "제 번호 ７１０７０４－２９３８４７５ 그리고 630512.1827364")
    stack.chat(s, "카드 1234-5678-9012-3456 으로 냈어요")
    stack.chat(s, "주민번호는 030115")
    stack.chat(s, "3987654")
    slashed = stack.chat(s, "/out_of_scope 제 외국인등록번호 900101-6123456")
    assert all("6123456" not in m["text"] for m in slashed["messages"])
    stack.chat(s, '/bulky_waste{"bulky_item":"주민번호 900101-5556667"}')
    stack.chat(s, "12가 3456 차량이 횡단보도에 불법주차 했어요 신고할게요")
    stack.chat(s, "행당1동")
    stack.chat(s, "행당역 2번 출구")
    stack.chat(s, "동의해요")
    summary = stack.chat(s, CONSENTED_PHONE)
    assert "010-****-7777" in summary["messages"][0]["text"]
    filed = stack.chat(s, "접수")["messages"][0]["text"]
    ticket = re.search(r"20\d\d-\d{6}", filed).group(0)

    tracker = requests.get(f"{stack.rasa_url}/conversations/web:{s}/tracker", params={"token": stack.rasa_token},
                           timeout=10)
    assert tracker.status_code == 200
    tracker = json.dumps(tracker.json(), ensure_ascii=False)   # decoded: Rasa escapes Hangul in its JSON
    for secret in SECRETS + [CONSENTED_PHONE, "01055557777"]:
        assert secret not in tracker, f"{secret} in the tracker store"

    engine = create_engine(stack_database)
    with engine.connect() as conn:
        for table in inspect(engine).get_table_names():
            dump = " ".join(str(row) for row in conn.execute(text(f'select * from "{table}"')))
            for secret in SECRETS:
                assert secret not in dump and secret.replace(" ", "") not in dump, f"{secret} in {table}"
            if table != "complaints":
                assert "010-5555-7777" not in dump and "01055557777" not in dump, table
        stored = conn.execute(text("select phone, description from complaints where ticket = :t"), {"t": ticket}).one()
    engine.dispose()
    assert stored.phone == CONSENTED_PHONE and "12가 3456" not in stored.description

    for log in stack.workdir.glob("*.log"):
        content = log.read_text(errors="replace")
        for secret in SECRETS + [CONSENTED_PHONE]:
            assert secret not in content, f"{secret} in {log.name}"


def test_delete_what_i_sent_deletes_the_stored_events_from_the_in_memory_tracker_store(stack):
    """Rasa's default store (`make run`): the tracker Rasa's API returns after "지워 주세요" holds nothing the
    resident sent before it, and the next turn still knows what was just deleted."""
    s = "e2e-forget-store"
    stack.chat(s, "행당2동 쓰레기 언제 버려요?")
    stack.chat(s, "마장동 축산물시장 앞에 킥보드가 쓰러져 있어요 신고할게요")

    def stored() -> str:     # every event Rasa holds, in every session and before any restart
        tracker = requests.get(f"{stack.rasa_url}/conversations/web:{s}/tracker",
                               params={"token": stack.rasa_token, "include_events": "ALL"}, timeout=10)
        assert tracker.status_code == 200
        return json.dumps(tracker.json(), ensure_ascii=False)   # Rasa escapes Hangul as \uXXXX in its JSON
    assert "행당2동" in stored()
    assert "지웠어요" in stack.say(s, "제가 보낸 거 다 지워 주세요")
    kept = stored()
    assert "행당2동" not in kept and "축산물시장" not in kept and "지워 주세요" not in kept
    assert "지웠어요" in stack.say(s, "진짜 다 지운 거죠?")
