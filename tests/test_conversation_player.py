"""The conversation player against a small fake gateway on loopback (not ours: a scripted one that
records what it was sent), with a fake Rasa tracker endpoint and a real SQLite complaints database."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from bot.cli import main
from bot.complaints.store import ComplaintStore, NewComplaint
from bot.conversations import Player, load_conversations, play
from bot.conversations.player import GatewayUnreachable
from bot.conversations.report import summary, transcript
from tests.fakes.wire import send_json

DONGS = [{"title": "행당1동", "payload": '/waste_collection_schedule{"dong":"행당1동"}'},
         {"title": "행당2동", "payload": '/waste_collection_schedule{"dong":"행당2동"}'}]


class FakeGateway:
    """/api/chat answering from a script, and Rasa's GET /conversations/<sender>/tracker."""

    def __init__(self, database: str, clock: bool = True) -> None:
        self.database, self.clock = database, clock
        self.received: list[dict] = []
        self.slots: dict[str, dict] = {}
        self.busy_once = True
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                sender = url.path.split("/")[2]
                if parse_qs(url.query).get("token") != ["s3cret"]:
                    send_json(self, 401, {"message": "User is not authenticated."})
                    return
                send_json(self, 200, {"sender_id": sender, "slots": fake.slots.get(sender, {}),
                                      "latest_message": {"text": "hi"} if sender in fake.slots else {},
                                      "latest_event_time": 1.0})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.received.append({"body": body, "now": self.headers.get("X-Minwon-Now")})
                status, reply = fake.answer(body)
                if status == 429:
                    self.send_response(429)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(status)
                data = json.dumps(reply, ensure_ascii=False).encode()
                self.send_header("Content-Type", "application/json")
                if fake.clock and status == 200:
                    self.send_header("X-Minwon-Now", self.headers["X-Minwon-Now"])
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, body: dict) -> tuple[int, dict]:
        session, message = body["session_id"], body["message"]
        lang = body.get("lang", "ko")

        def said(text: str, buttons=None, intent="greet", citations=()) -> tuple[int, dict]:
            return 200, {"session_id": session, "messages": [{"text": text, **({"buttons": buttons} if buttons else {})}],
                         "source": "intent", "intent": {"name": intent, "confidence": 0.9}, "lang": lang,
                         "citations": [{"id": c, "title": c, "url": "https://www.sd.go.kr"} for c in citations]}

        if message == "쓰레기 언제 버려요?":
            return said("어느 동에 사세요?", DONGS, "waste_collection_schedule")
        if message == DONGS[1]["payload"]:
            self.slots[f"web:{session}"] = {"dong": "행당2동"}
            return said("행당2동 배출 요일이에요.", intent="waste_collection_schedule", citations=["waste:행당2동"])
        if message == "킥보드 신고 접수해 주세요":
            filed = ComplaintStore(self.database).file(NewComplaint(session, "e_scooter", "행당1동", "왕십리역 4번 출구",
                                                                    "킥보드가 횡단보도를 막고 있어요"), None)
            return said(f"접수되었어요. 접수번호는 {filed.ticket}이에요.", intent="file_complaint")
        if message == "민원 조회":
            return said("접수번호를 알려 주세요. (예: 2026-000123)", intent="complaint_status")
        if "처리됐나요" in message:
            return said(f"접수번호 {message.split()[0]}은(는) 처리 중이에요.", intent="complaint_status")
        if message == "붐":
            return 500, {"error": {"code": 500, "name": "Internal Server Error", "message": "Something went wrong."}}
        if message == "바빠요" and self.busy_once:
            self.busy_once = False
            return 429, {}
        return said("무슨 말씀인지 모르겠어요. 어떤 문제를 신고하시나요?", intent="nlu_fallback")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def database(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'complaints.db'}"


@pytest.fixture()
def gateway(database):
    fake = FakeGateway(database)
    yield fake
    fake.close()


CORPUS = """\
conversations:
  - name: 요일을 묻고 동을 고른다
    lang: ko
    turns:
      - user: 쓰레기 언제 버려요?
        expect: {intent: waste_collection_schedule, buttons: [행당1동, 행당2동]}
      - button: 행당2동
        expect:
          contains: [행당2동 배출 요일]
          citations: true
          slots: {dong: 행당2동}
      - button: 마장동
  - name: 신고하고 또 묻는다
    now: "2026-11-25T23:40"
    turns:
      - user: 킥보드 신고 접수해 주세요
        expect:
          complaint: {location: 4번 출구, category: e_scooter, dong: 행당1동}
      - user: 바빠요
        expect: {not_contains: [어떤 문제를]}
      - user: 뭐라고요
      - user: 그러니까요
      - user: 붐
      - user: 민원 조회
      - user: "{ticket} 처리됐나요?"
        expect:
          contains: ["접수번호 {ticket}은(는) 처리 중"]
  - name: 접수번호 없이 조회한다
    turns:
      - user: "{ticket} 처리됐나요?"
      - user: 뭐라고요
        expect: {contains: ["{ticket}"]}
"""


def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "conversations" / "sample.yml"
    path.parent.mkdir()
    path.write_text(CORPUS, encoding="utf-8")
    return path


def test_each_turn_is_sent_as_the_widget_would_and_judged(gateway, database, tmp_path):
    player = Player(gateway.url, rasa_url=f"http://127.0.0.1:9|{gateway.url}", rasa_token="s3cret", database=database)
    result = play(load_conversations([corpus(tmp_path)]), player)
    sent = [r["body"] for r in gateway.received]
    first, second, third = ({b["session_id"] for b in part} for part in (sent[:2], sent[2:10], sent[10:]))
    assert len(first) == len(second) == len(third) == 1 and len(first | second | third) == 3   # fresh sessions
    ticket = ComplaintStore(database).listing()[0].ticket
    assert [b["message"] for b in sent] == ["쓰레기 언제 버려요?", DONGS[1]["payload"], "킥보드 신고 접수해 주세요",
                                            "바빠요", "바빠요", "뭐라고요", "그러니까요", "붐",   # 429: sent again
                                            "민원 조회", f"{ticket} 처리됐나요?", "뭐라고요"]   # not the example
    assert [b.get("lang") for b in sent[:3]] == ["ko", "ko", None]
    assert [r["now"] for r in gateway.received[1:3]] == ["2026-11-25T14:00", "2026-11-25T23:40"]

    waste, complaint, no_ticket = result.conversations
    assert [t.failures for t in waste.turns] == [
        [], [], ["no button '마장동' in the last reply (offered: none)"]]
    assert [t.failures for t in complaint.turns] == [
        [], ["must not say '어떤 문제를'"], [],
        ["the same question a third time in a row: '무슨 말씀인지 모르겠어요. 어떤 문제를 신고하시나요?'"],
        ["the gateway answered HTTP 500: Something went wrong."], [], []]
    assert [t.failures for t in no_ticket.turns] == [
        ["{ticket}: no ticket number was given earlier in this conversation"],
        ["{ticket} in the checks: no ticket number was given earlier in this conversation"]]
    assert summary(result) == {"turns": 12, "passed": 6, "rate": 0.5,
                               "by_file": {str(tmp_path / "conversations" / "sample.yml"):
                                           {"turns": 12, "passed": 6, "rate": 0.5}}}
    assert not player.clock_ignored

    shown = transcript(waste)
    assert "resident: 쓰레기 언제 버려요?\n  bot:   어느 동에 사세요?\n         [행당1동] [행당2동]\n" in shown
    assert "(waste_collection_schedule 0.9, intent, ko)\n  ✓ turn 1\n" in shown
    assert f"resident: [button 행당2동] → {DONGS[1]['payload']}" in shown and "cites waste:행당2동" in shown
    assert "✗ turn 3: no button '마장동'" in shown and shown.endswith("-> FAILED: 2/3 turns passed")


def test_without_rasa_and_database_those_checks_fail_as_unverifiable(gateway, tmp_path):
    result = play(load_conversations([corpus(tmp_path)]), Player(gateway.url))
    assert result.conversations[0].turns[1].failures == [
        "slots: unverifiable: give --rasa-url: slots are read from the conversation's Rasa tracker"]
    assert result.conversations[1].turns[0].failures == [
        "complaint: unverifiable: give --database: the filed complaint is read from the complaints database"]


def test_a_rasa_api_that_refuses_says_to_give_the_token(gateway, tmp_path):
    result = play(load_conversations([corpus(tmp_path)]), Player(gateway.url, rasa_url=gateway.url))
    assert result.conversations[0].turns[1].failures == [
        f"slots: unverifiable: no Rasa has this conversation's tracker ({gateway.url}: HTTP 401 (give --rasa-token))"]


def test_the_command_prints_the_transcript_or_the_json_figures(gateway, database, tmp_path, capsys):
    path = corpus(tmp_path)
    args = ["converse", "--url", gateway.url, "--rasa-url", gateway.url, "--rasa-token", "s3cret", "--database", database]
    assert main([*args, str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert "== " + str(path) + ": 요일을 묻고 동을 고른다" in out and "-> PASSED" not in out
    assert out.rstrip().endswith(f"{path}: 6/12 turns, rate 0.5\nturn pass rate 0.5 (6/12 turns); "
                                 "0/3 conversations passed every turn")
    assert main([*args, "--json", str(path)]) == 1
    figures = json.loads(capsys.readouterr().out)
    assert figures == {"turns": 12, "passed": 6, "rate": 0.5,
                       "by_file": {str(path): {"turns": 12, "passed": 6, "rate": 0.5}}}


def test_a_gateway_without_the_test_clock_is_noticed(database, tmp_path, capsys):
    fake = FakeGateway(database, clock=False)
    try:
        path = tmp_path / "one.yml"
        path.write_text("conversations:\n  - name: hi\n    turns:\n      - user: 쓰레기 언제 버려요?\n", encoding="utf-8")
        assert main(["converse", "--url", fake.url, "--json", str(path)]) == 0
    finally:
        fake.close()
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rate"] == 1.0
    assert "the gateway ignored X-Minwon-Now (start it with MINWON_TEST_CLOCK=true)" in captured.err


def test_format_errors_and_an_unreachable_gateway_play_nothing(tmp_path, capsys):
    path = tmp_path / "bad.yml"
    path.write_text("conversations:\n  - name: hi\n    turns:\n      - user: 안녕\n        expect: {intnet: greet}\n",
                    encoding="utf-8")
    assert main(["converse", "--url", "http://127.0.0.1:9", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, conversation #1 'hi', turn 1 (line 4): `expect.intnet` is not a check" in err
    assert "Nothing was played" in err
    path.write_text("conversations:\n  - name: hi\n    turns:\n      - user: 안녕\n", encoding="utf-8")
    with pytest.raises(GatewayUnreachable):
        play(load_conversations([path]), Player("http://127.0.0.1:9"))
    assert main(["converse", "--url", "http://127.0.0.1:9", str(path)]) == 2
    assert "Cannot play: nothing answers at http://127.0.0.1:9" in capsys.readouterr().err


def test_the_token_kept_in_the_data_folder_opens_rasa(gateway, database, tmp_path, monkeypatch, capsys):
    path = corpus(tmp_path)
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path / "var"))
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "rasa_token").write_text("s3cret\n", encoding="utf-8")
    main(["converse", "--url", gateway.url, "--rasa-url", gateway.url, "--database", database, "--json", str(path)])
    assert json.loads(capsys.readouterr().out)["passed"] == 6    # the slots check passed: the tracker was read
