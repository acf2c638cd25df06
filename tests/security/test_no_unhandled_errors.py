"""Issue 27, item 10: requests that ended in unhandled 500s. Each gets a 400 with the usual JSON error."""
from __future__ import annotations

import pytest

from channels.web import create_app


@pytest.fixture()
def client(tmp_path):
    return create_app({"rasa_url": "http://127.0.0.1:9", "rasa_timeout": 0.5, "data_dir": str(tmp_path),
                       "kakao_skill_key": "k"}).test_client()


def assert_json_400(response):
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["code"] == 400 and error["message"] and "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("depth", [25_000, 30_000])
@pytest.mark.parametrize("path", ["/api/chat", "/kakao/skill", "/api/feedback"])
def test_json_nested_thousands_deep(client, path, depth):
    body = "[" * depth + "]" * depth
    assert len(body) < 64 * 1024
    assert_json_400(client.post(path, data=body, content_type="application/json", headers={"X-Minwon-Skill-Key": "k"}))
    nested_object = '{"session_id": "s", "message": ' + "[" * depth + "]" * depth + "}"
    assert_json_400(client.post(path, data=nested_object, content_type="application/json",
                                headers={"X-Minwon-Skill-Key": "k"}))


@pytest.mark.parametrize("field", ["comment", "question", "answer", "session_id"])
def test_a_lone_surrogate_in_feedback(client, field):
    body = {"session_id": "s1", "rating": "down", "question": "q", "answer": "a", "comment": "c"}
    raw = '{' + ", ".join(f'"{k}": "{v}"' for k, v in body.items() if k != field) + f', "{field}": "bad \\ud800 text"}}'
    assert_json_400(client.post("/api/feedback", data=raw, content_type="application/json"))


def test_a_lone_surrogate_in_chat_and_kakao(client):
    assert_json_400(client.post("/api/chat", data='{"session_id": "s", "message": "\\udfff"}',
                                content_type="application/json"))
    kakao = '{"userRequest": {"utterance": "\\ud83d", "user": {"id": "u"}}}'
    assert_json_400(client.post("/kakao/skill", data=kakao, content_type="application/json",
                                headers={"X-Minwon-Skill-Key": "k"}))


def test_a_valid_surrogate_pair_is_ordinary_text(client):
    response = client.post("/api/feedback", content_type="application/json",
                           data='{"session_id": "s1", "rating": "up", "comment": "\\ud83d\\udc4d"}')
    assert response.status_code == 201


def test_cr_lf_in_the_next_address_of_the_console(tmp_path):
    from tests.security.conftest import ADMIN, PASSWORD, csrf

    from bot.staff import StaffAccounts

    app = create_app({"data_dir": str(tmp_path)})
    StaffAccounts(app.extensions["minwon.settings"].database).create(ADMIN, PASSWORD, "admin")
    client = app.test_client()
    for target in ("/staff/complaints\r\nSet-Cookie: evil=1", "/staff\nLocation: https://evil.example",
                   "/staff/%0d%0aX: y", "/staff\x00"):
        response = client.post("/staff/login", data={"username": ADMIN, "password": PASSWORD, "next": target,
                                                     "csrf_token": csrf(client)})
        assert response.status_code == 302 and response.headers["Location"].startswith("/staff")
        assert "evil" not in str(response.headers.get("Set-Cookie"))
        assert not set("\r\n\0") & set(response.headers["Location"])
        again = client.get("/staff/login", query_string={"next": target})        # logged in: redirected at once
        assert again.status_code == 302 and not set("\r\n\0") & set(again.headers["Location"])
        client.post("/staff/logout", data={"csrf_token": csrf(client, "/staff/complaints")})
