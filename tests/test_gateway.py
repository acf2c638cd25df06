"""The gateway's own contract: JSON errors, CORS for district sites, busy answers, Rasa down."""
import threading

import pytest

from channels.web import create_app


@pytest.fixture()
def client(tmp_path):
    app = create_app({"rasa_url": "http://127.0.0.1:9", "rasa_timeout": 1, "data_dir": str(tmp_path),
                      "widget_origins": "https://www.sd.go.kr"})
    return app.test_client()


@pytest.mark.parametrize("body, status, message", [
    ({"message": "안녕"}, 400, "'session_id' must be a non-empty string."),
    ({"session_id": "s", "message": ""}, 400, "'message' must be a non-empty string."),
    ({"session_id": "s", "message": "가" * 1001}, 400, "'message' is longer than 1000 characters."),
    ({"session_id": "s", "message": "hi", "lang": "fr"}, 400, "'lang' must be 'ko' or 'en'."),
    (["not", "an", "object"], 400, 'The body must be a JSON object: {"session_id", "message", "lang"?}.'),
])
def test_bad_chat_requests_get_json_errors(client, body, status, message):
    response = client.post("/api/chat", json=body)
    assert response.status_code == status
    assert response.get_json()["error"]["message"] == message


def test_not_json_and_too_large(client):
    assert client.post("/api/chat", data="hello").status_code == 415
    assert client.post("/api/chat", data="x" * 70000, content_type="application/json").status_code == 413
    assert client.get("/nope").get_json()["error"]["code"] == 404


def test_rasa_down_gives_kind_canned_text(client):
    reply = client.post("/api/chat", json={"session_id": "s", "message": "쓰레기 언제 버려요"}).get_json()
    assert reply["source"] == "fallback"
    assert reply["messages"][0]["text"].startswith("죄송해요, 지금 답변을 준비하지 못했어요.")
    english = client.post("/api/chat", json={"session_id": "s", "message": "when is trash collected"}).get_json()
    assert english["lang"] == "en" and english["messages"][0]["text"].startswith("Sorry")


def test_cors_only_for_configured_district_sites(client):
    preflight = client.options("/api/chat", headers={"Origin": "https://www.sd.go.kr",
                                                     "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://www.sd.go.kr"
    assert "Retry-After" in preflight.headers["Access-Control-Expose-Headers"]
    other = client.options("/api/chat", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_busy_gateway_answers_503_when_no_slot_frees_up(tmp_path):
    app = create_app({"rasa_url": "http://127.0.0.1:9", "data_dir": str(tmp_path), "max_in_flight": 1,
                      "busy_wait_seconds": 0.2})
    app.extensions["minwon.in_flight"].acquire()   # one request is already with Rasa
    response = app.test_client().post("/api/chat", json={"session_id": "s", "message": "안녕"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"
    assert response.get_json()["messages"][0]["text"].startswith("지금 문의가 많아")


def test_a_request_waits_for_a_slot_that_frees_up(tmp_path):
    app = create_app({"rasa_url": "http://127.0.0.1:9", "data_dir": str(tmp_path), "max_in_flight": 1,
                      "busy_wait_seconds": 30})
    gate = app.extensions["minwon.in_flight"]
    gate.acquire()                                   # one request is with Rasa …
    threading.Timer(0.3, gate.release).start()       # … and comes back
    response = app.test_client().post("/api/chat", json={"session_id": "s", "message": "안녕"})
    assert response.status_code == 200


def test_feedback_is_stored(client, tmp_path):
    response = client.post("/api/feedback", json={"session_id": "s1", "rating": "down", "question": "q",
                                                  "answer": "a", "comment": "틀렸어요"})
    assert response.status_code == 201
    assert client.post("/api/feedback", json={"session_id": "s1", "rating": "meh"}).status_code == 400


def health(tmp_path, database: str | None = None) -> dict:
    overrides = {"rasa_url": "http://127.0.0.1:9", "action_url": "http://127.0.0.1:9", "data_dir": str(tmp_path)}
    response = create_app({**overrides, **({"database_url": database} if database else {})}).test_client().get("/healthz")
    return {"status_code": response.status_code, **response.get_json()}


def test_healthz_checks_the_sqlite_database(tmp_path):
    report = health(tmp_path)
    assert report["components"]["database"] == "ok"
    assert report["components"]["rasa"] == "down" and report["status_code"] == 503   # Rasa is not running here


def test_healthz_checks_postgresql_too(tmp_path):
    from tests.databases import postgres_database

    with postgres_database() as url:
        assert health(tmp_path, url)["components"]["database"] == "ok"
    down = health(tmp_path, "postgresql+psycopg://postgres@127.0.0.1:9/nowhere")
    assert down["components"]["database"] == "down" and down["status"] == "degraded"
