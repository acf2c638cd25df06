"""Rate limits (in memory and on the real Redis), security headers, and fuzzing: never a 500, never a traceback."""
import json
import time
import uuid

import redis
from hypothesis import HealthCheck, given, settings, strategies as st

from channels.web import create_app


def app_with(tmp_path, **overrides):
    config = {"rasa_url": "http://127.0.0.1:9", "rasa_timeout": 0.5, "data_dir": str(tmp_path),
              "widget_origins": "https://www.sd.go.kr", **overrides}
    return create_app(config)


def chat(client, session="s1", message="안녕"):
    return client.post("/api/chat", json={"session_id": session, "message": message})


def test_per_session_limit_answers_429_with_kind_text(tmp_path):
    client = app_with(tmp_path, rate_limit_session="3/minute").test_client()
    statuses = [chat(client).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = chat(client)
    assert limited.headers["Retry-After"] == "10"
    assert limited.get_json()["messages"][0]["text"].startswith("지금 문의가 많아")
    assert chat(client, session="another").status_code == 200     # another resident is not affected


def test_the_memory_store_forgets_residents_whose_window_has_passed(tmp_path):
    app = app_with(tmp_path, rate_limit_session="3/second", rate_limit_ip="1000/second")
    client, storage = app.test_client(), app.extensions["minwon.limiter"].storage
    for n in range(40):
        assert chat(client, session=f"visit-{n}").status_code == 200
    held = len(storage.storage) + len(storage.events)
    time.sleep(2.5)                                    # both windows of every visit have passed
    assert chat(client, session="now").status_code == 200
    time.sleep(0.1)                                    # the store's sweep runs every 10 ms
    assert held >= 40 and len(storage.storage) + len(storage.events) <= 4


def test_limits_are_shared_through_real_redis(tmp_path):
    url = "redis://127.0.0.1:6379/0"
    redis.Redis.from_url(url).ping()
    session = f"redis-{uuid.uuid4().hex}"
    first = app_with(tmp_path / "a", redis_url=url, rate_limit_session="2/minute").test_client()
    second = app_with(tmp_path / "b", redis_url=url, rate_limit_session="2/minute").test_client()
    assert chat(first, session).status_code == 200
    assert chat(second, session).status_code == 200
    assert chat(first, session).status_code == 429              # two workers, one shared count


def test_redis_down_does_not_stop_residents(tmp_path):
    client = app_with(tmp_path, redis_url="redis://127.0.0.1:1/0", rate_limit_session="1/minute").test_client()
    assert [chat(client).status_code for _ in range(3)] == [200, 200, 200]


def test_security_headers(tmp_path):
    response = app_with(tmp_path).test_client().get("/static/widget.js")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self' https://www.sd.go.kr;" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none';" in app_with(tmp_path / "b").test_client().get("/").headers["Content-Security-Policy"]


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=50),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                       max_size=4), max_leaves=10)


@FUZZ
@given(body=st.one_of(json_values, st.fixed_dictionaries({"session_id": st.text(max_size=200),
                                                          "message": st.text(max_size=2000),
                                                          "lang": st.sampled_from(["ko", "en", "xx", None])})))
def test_fuzz_chat_never_500(tmp_path_factory, body):
    client = app_with(tmp_path_factory.mktemp("fuzz"), rate_limit_session="1000/minute",
                      rate_limit_ip="1000/minute").test_client()
    response = client.post("/api/chat", data=json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 413, 429, 503)
    assert "Traceback" not in response.get_data(as_text=True)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_fuzz_raw_bytes_never_500(tmp_path_factory, raw):
    client = app_with(tmp_path_factory.mktemp("raw"), rate_limit_ip="1000/minute").test_client()
    for path in ("/api/chat", "/kakao/skill", "/api/feedback"):
        response = client.post(path, data=raw, content_type="application/json")
        assert response.status_code < 500 or response.status_code == 503, path
        assert "Traceback" not in response.get_data(as_text=True)


@FUZZ
@given(utterance=st.text(max_size=3000), user=st.text(max_size=300))
def test_fuzz_kakao_payloads_never_500(tmp_path_factory, utterance, user):
    client = app_with(tmp_path_factory.mktemp("kakao"), kakao_wait_seconds=0.5, kakao_skill_key="k").test_client()
    body = {"userRequest": {"utterance": utterance, "user": {"id": user}}}
    response = client.post("/kakao/skill", json=body, headers={"X-Minwon-Skill-Key": "k"})
    assert response.status_code in (200, 400)
    assert "Traceback" not in response.get_data(as_text=True)


def test_behind_a_trusted_proxy_limits_count_the_resident_address(tmp_path):
    client = app_with(tmp_path, trusted_proxies=1, rate_limit_ip="2/minute",
                      rate_limit_session="100/minute").test_client()
    first = [client.post("/api/chat", json={"session_id": f"x{n}", "message": "안녕"},
                         headers={"X-Forwarded-For": "203.0.113.7"}).status_code for n in range(3)]
    other = client.post("/api/chat", json={"session_id": "y", "message": "안녕"},
                        headers={"X-Forwarded-For": "203.0.113.8"}).status_code
    assert first == [200, 200, 429] and other == 200
