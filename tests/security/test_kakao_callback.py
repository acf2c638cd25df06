"""Issue 27, item 4: the Kakao callback allow-list was checked with urlparse + fnmatch, then requests
read the same URL differently and followed redirects: ``http://127.0.0.1:9999\\@bot-api.kakao.com/../x``
reached a local listener."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.web import create_app
from tests.fakes.callback_receiver import CallbackReceiver

KAKAO = {"bot-api.kakao.com"}


@pytest.fixture()
def kakao_callback():
    from channels import kakao_callback

    return kakao_callback


def skill_body(callback: str) -> dict:
    return {"userRequest": {"utterance": "안녕", "user": {"id": "kakao-user-1"}, "callbackUrl": callback}}


def test_the_reported_url_never_reaches_a_local_listener(tmp_path):
    with CallbackReceiver() as listener:
        port = listener.server.server_address[1]
        app = create_app({"rasa_url": "http://127.0.0.1:9", "rasa_timeout": 0.2, "data_dir": str(tmp_path),
                          "kakao_wait_seconds": 0.001, "kakao_skill_key": "k"})
        for url in (f"http://127.0.0.1:{port}\\@bot-api.kakao.com/../x",
                    f"https://127.0.0.1:{port}\\@bot-api.kakao.com/x",
                    f"http://bot-api.kakao.com@127.0.0.1:{port}/x",
                    f"http://127.0.0.1:{port}/x#@bot-api.kakao.com"):
            reply = app.test_client().post("/kakao/skill", json=skill_body(url), headers={"X-Minwon-Skill-Key": "k"})
            assert reply.status_code == 200 and "useCallback" not in reply.get_json(), url
        time.sleep(1.5)          # any late post would have arrived by now
        assert listener.received == []


@pytest.mark.parametrize("url", [
    "http://bot-api.kakao.com/v1/bots/b/callback/t",             # not https
    "https://bot-api.kakao.com.evil.example/v1/callback",        # not the exact host
    "https://evil.kakao.com/v1/callback",                         # a wildcard would let it in
    "https://bot-api.kakao.com:8443/x\\@y",                       # backslash
    "https://user:pw@bot-api.kakao.com/x",                        # user info
    "https://bot-api.kakao.com/x\r\nHost: evil",                  # header injection
    "https://bot-api.kakao.com:99999/x",                          # bad port
    "file:///etc/passwd",
])
def test_anything_but_https_to_an_exact_kakao_host_is_refused(url, monkeypatch, kakao_callback):
    monkeypatch.setattr(kakao_callback, "resolve", lambda host, port: ["211.249.203.104"])
    with pytest.raises(kakao_callback.CallbackRefused):
        kakao_callback.callback_target(url, KAKAO)


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.5", "192.168.1.20", "172.16.3.4", "169.254.169.254",
                                     "::1", "::ffff:127.0.0.1", "fd00::1", "0.0.0.0", "100.64.0.1"])
def test_a_kakao_name_resolving_to_a_private_or_loopback_address_is_refused(address, monkeypatch, kakao_callback):
    monkeypatch.setattr(kakao_callback, "resolve", lambda host, port: ["211.249.203.104", address])
    with pytest.raises(kakao_callback.CallbackRefused):
        kakao_callback.callback_target("https://bot-api.kakao.com/v1/bots/b!/callback/t", KAKAO)


def test_a_real_callback_url_is_sent_to_the_address_that_was_checked(monkeypatch, kakao_callback):
    monkeypatch.setattr(kakao_callback, "resolve", lambda host, port: ["211.249.203.104"])
    target = kakao_callback.callback_target("https://bot-api.kakao.com/v1/bots/5ae9!/callback/cb-tok?x=1", KAKAO)
    assert (target.scheme, target.host, target.port, target.address) == ("https", "bot-api.kakao.com", 443,
                                                                         "211.249.203.104")
    assert target.target == "/v1/bots/5ae9!/callback/cb-tok?x=1"


def test_redirects_are_not_followed(kakao_callback):
    """A callback host that answers 302 to somewhere else: nothing reaches the somewhere else."""
    with CallbackReceiver() as elsewhere:
        class Redirect(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(307)
                self.send_header("Location", elsewhere.url("/stolen"))
                self.send_header("Content-Length", "0")
                self.end_headers()

        redirecting = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
        threading.Thread(target=redirecting.serve_forever, daemon=True).start()
        try:
            target = kakao_callback.callback_target(f"http://127.0.0.1:{redirecting.server_address[1]}/v1/callback", {"127.0.0.1"},
                                     loopback_ok=True)
            assert kakao_callback.post(target, {"version": "2.0"}) == 307
        finally:
            redirecting.shutdown()
            redirecting.server_close()
        time.sleep(0.5)
        assert elsewhere.received == []
