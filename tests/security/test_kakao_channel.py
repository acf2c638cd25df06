"""Issue 27, item 3: with no skill key configured, /kakao/skill answered anyone, never rate-limited.
A forged request with another resident's Kakao id continued their complaint form, read their summary
and cancelled it."""
from __future__ import annotations

import pytest

from channels.web import create_app

VICTIM = "kakao-victim-7f3c"


def skill_body(utterance: str, user: str = VICTIM) -> dict:
    return {"userRequest": {"utterance": utterance, "lang": "ko", "user": {"id": user, "type": "botUserKey"}}}


def gateway(tmp_path, **settings):
    config = {"rasa_url": "http://127.0.0.1:9", "rasa_timeout": 0.5, "data_dir": str(tmp_path), **settings}
    return create_app(config).test_client()


def test_without_a_skill_key_the_channel_is_off(tmp_path):
    client = gateway(tmp_path)
    for message in ("민원 조회", "접수", "취소"):           # continue, read, cancel the victim's form
        forged = client.post("/kakao/skill", json=skill_body(message))
        assert forged.status_code == 404
        assert "MINWON_KAKAO_SKILL_KEY" in forged.get_json()["error"]["message"]
        assert "template" not in forged.get_json()


def test_a_forged_request_without_the_key_never_reaches_a_conversation(tmp_path):
    client = gateway(tmp_path, kakao_skill_key="open-builder-key")
    for headers in ({}, {"X-Minwon-Skill-Key": "guess"}):
        forged = client.post("/kakao/skill", json=skill_body("취소"), headers=headers)
        assert forged.status_code == 403 and "template" not in forged.get_json()


def test_the_development_switch_opens_it_explicitly(tmp_path):
    answered = gateway(tmp_path, kakao_without_key=True).post("/kakao/skill", json=skill_body("안녕"))
    assert answered.status_code == 200 and answered.get_json()["version"] == "2.0"


@pytest.fixture()
def keyed(tmp_path):
    return gateway(tmp_path, kakao_skill_key="k", rate_limit_kakao_user="3/minute", rate_limit_kakao_ip="5/minute")


def post(client, user: str, message: str = "안녕", address: str = "127.0.0.1"):
    return client.post("/kakao/skill", json=skill_body(message, user), headers={"X-Minwon-Skill-Key": "k"},
                       environ_base={"REMOTE_ADDR": address})


def texts(response) -> str:
    return " ".join(o["simpleText"]["text"] for o in response.get_json()["template"]["outputs"] if "simpleText" in o)


def test_each_kakao_user_is_rate_limited_with_kind_text(keyed):
    answers = [post(keyed, "resident-a") for _ in range(4)]
    assert [r.status_code for r in answers] == [200] * 4
    assert "지금 문의가 많아" in texts(answers[3]) and answers[3].headers["Retry-After"] == "10"
    assert "지금 문의가 많아" not in texts(post(keyed, "resident-b"))     # another resident is not affected


def test_one_address_is_rate_limited_across_users(keyed):
    answers = [post(keyed, f"user-{n}", address="198.51.100.9") for n in range(6)]
    assert "지금 문의가 많아" in texts(answers[5])
    assert "지금 문의가 많아" not in texts(post(keyed, "user-z", address="198.51.100.10"))


def test_limits_are_not_spent_by_requests_without_the_key(keyed):
    for _ in range(5):
        keyed.post("/kakao/skill", json=skill_body("안녕", "resident-c"))        # no key: refused first
    assert "지금 문의가 많아" not in texts(post(keyed, "resident-c"))
