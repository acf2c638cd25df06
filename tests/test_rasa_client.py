"""channels.conversation.RasaClient: routing between Rasa processes and every way a call can fail,
against loopback HTTP servers that answer as the minwon channel does (or fail to)."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.conversation import RasaClient, RasaUnavailable
from tests.e2e.stack import free_port
from tests.fakes.wire import send_json


class FakeRasa:
    """Answers POST /webhooks/minwon/webhook with ``mode``: ok, error (500), not_json or slow."""

    def __init__(self, name: str, mode: str = "ok") -> None:
        self.name, self.mode, self.received = name, mode, []
        self.held = threading.Event()   # mode "hold": answers once this is set
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.received.append({"path": self.path, "type": self.headers["Content-Type"], "body": body})
                if fake.mode == "slow":
                    time.sleep(1.5)
                if fake.mode == "hold":
                    fake.held.wait(10)
                if fake.mode == "error":
                    send_json(self, 500, {"ok": False, "messages": []})
                elif fake.mode == "not_json":
                    send_json(self, 200, raw=b"<html>gateway</html>")
                else:
                    send_json(self, 200, {"ok": True, "messages": [{"text": fake.name}]})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def rasas():
    servers = [FakeRasa("a"), FakeRasa("b")]
    yield servers
    for server in servers:
        server.close()


def answered_by(client: RasaClient, sender: str) -> str:
    return client.send(sender, "안녕하세요", {})["messages"][0]["text"]


def test_a_conversation_stays_with_one_process_and_the_call_is_the_channel_format(rasas):
    client = RasaClient("|".join(s.url for s in rasas), timeout=5)
    for sender in ("resident-1", "resident-2", "resident-3", "resident-4"):
        assert len({answered_by(client, sender) for _ in range(5)}) == 1
    assert {answered_by(client, f"resident-{n}") for n in range(20)} == {"a", "b"}
    call = rasas[0].received[0]
    assert call["path"] == "/webhooks/minwon/webhook" and call["type"] == "application/json"
    assert set(call["body"]) == {"sender", "message", "metadata"} and call["body"]["message"] == "안녕하세요"


def in_background(client: RasaClient, sender: str) -> threading.Thread:
    thread = threading.Thread(target=answered_by, args=(client, sender))
    thread.start()
    return thread


def wait_for(fake: FakeRasa, calls: int) -> None:
    deadline = time.monotonic() + 5
    while len(fake.received) < calls and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(fake.received) == calls


def test_a_new_conversation_goes_to_the_least_busy_process_and_stays_there(rasas):
    client = RasaClient("|".join(s.url for s in rasas), timeout=5)
    assert answered_by(client, "resident-1") == "a"   # idle: turns are taken, a first
    rasas[0].mode = "hold"
    busy = in_background(client, "resident-1")        # resident-1's second turn keeps a busy
    wait_for(rasas[0], 2)
    assert [answered_by(client, f"new-{n}") for n in range(4)] == ["b"] * 4
    rasas[0].held.set()
    busy.join()
    rasas[0].mode = "ok"
    assert answered_by(client, "resident-1") == "a"   # its conversation is still on a
    assert all(answered_by(client, f"new-{n}") == "b" for n in range(4))


def test_hash_routing_places_a_conversation_by_its_sender_alone(rasas):
    urls = "|".join(s.url for s in rasas)
    first, restarted = RasaClient(urls, timeout=5, routing="hash"), RasaClient(urls, timeout=5, routing="hash")
    on_a = [f"resident-{n}" for n in range(20) if answered_by(restarted, f"resident-{n}") == "a"]
    assert 0 < len(on_a) < 20
    rasas[0].mode = "hold"
    busy = in_background(first, on_a[0])
    wait_for(rasas[0], len(on_a) + 1)
    answers: list[str] = []
    second = threading.Thread(target=lambda: answers.append(answered_by(first, on_a[-1])))
    second.start()
    wait_for(rasas[0], len(on_a) + 2)     # to busy a, with b idle: placed by the sender alone
    rasas[0].held.set()
    busy.join()
    second.join()
    assert answers == ["a"] and len(rasas[1].received) == 20 - len(on_a)


def test_round_robin_spreads_one_conversation(rasas):
    client = RasaClient("|".join(s.url for s in rasas), timeout=5, routing="round_robin")
    assert {answered_by(client, "resident-1") for _ in range(4)} == {"a", "b"}


def test_round_robin_sends_a_turn_to_the_less_busy_process(rasas):
    client = RasaClient("|".join(s.url for s in rasas), timeout=5, routing="round_robin")
    assert answered_by(client, "resident-1") == "a"
    rasas[1].mode = "hold"
    busy = in_background(client, "resident-1")     # b's turn, and b holds it
    wait_for(rasas[1], 1)
    assert [answered_by(client, "resident-1") for _ in range(3)] == ["a"] * 3
    rasas[1].held.set()
    busy.join()


def test_a_conversation_whose_process_went_down_stays_where_it_was_answered(rasas):
    client = RasaClient("|".join(s.url for s in rasas), timeout=5)
    assert answered_by(client, "resident-1") == "a"
    client.urls[0] = f"http://127.0.0.1:{free_port()}/webhooks/minwon/webhook"   # a is gone
    assert answered_by(client, "resident-1") == "b"
    client.urls[0] = rasas[0].url + "/webhooks/minwon/webhook"                   # a is back, empty
    assert [answered_by(client, "resident-1") for _ in range(3)] == ["b"] * 3


def test_a_conversation_stays_where_a_turn_failed_with_an_error(rasas):
    client = RasaClient("|".join(s.url for s in rasas), timeout=5)
    answered_by(client, "resident-0")                  # a; the next new conversation goes to b
    rasas[1].mode = "error"
    with pytest.raises(RasaUnavailable):
        client.send("resident-1", "안녕하세요", {})       # b took the turn (its tracker may hold it)
    rasas[1].mode = "ok"
    assert [answered_by(client, "resident-1") for _ in range(3)] == ["b"] * 3


def test_an_unknown_routing_is_refused_by_name():
    with pytest.raises(ValueError, match="sticky, hash, round_robin"):
        RasaClient("http://127.0.0.1:5005", timeout=5, routing="random")


def test_a_process_that_is_down_is_passed_over(rasas):
    client = RasaClient(f"http://127.0.0.1:{free_port()}|{rasas[1].url}", timeout=5)
    assert {answered_by(client, f"resident-{n}") for n in range(10)} == {"b"}


def test_a_process_that_answers_with_an_error_is_not_asked_again_elsewhere(rasas):
    rasas[0].mode = rasas[1].mode = "error"
    client = RasaClient("|".join(s.url for s in rasas), timeout=5)
    with pytest.raises(RasaUnavailable) as failure:
        client.send("resident-1", "안녕하세요", {})
    assert failure.value.answered and str(failure.value) == "HTTP 500"
    assert len(rasas[0].received) + len(rasas[1].received) == 1


def test_not_json_or_too_slow_is_unavailable(rasas):
    rasas[0].mode, rasas[1].mode = "not_json", "slow"
    with pytest.raises(RasaUnavailable, match="not JSON"):
        RasaClient(rasas[0].url, timeout=5).send("resident-1", "안녕하세요", {})
    with pytest.raises(RasaUnavailable) as failure:
        RasaClient(rasas[1].url, timeout=0.5).send("resident-1", "안녕하세요", {})
    assert not failure.value.answered


def test_no_process_at_all():
    with pytest.raises(RasaUnavailable):
        RasaClient(f"http://127.0.0.1:{free_port()}", timeout=1).send("resident-1", "안녕하세요", {})
