"""What the loopback stand-ins share: writing a JSON response the way the real servers do, and the life of a
stand-in NHN Cloud provider (SMS, 알림톡)."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def send_json(handler: BaseHTTPRequestHandler, status: int, payload: object = None, raw: bytes | None = None,
              content_type: str = "application/json") -> None:
    data = raw if raw is not None else json.dumps(payload, ensure_ascii=False).encode()
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
    except OSError:
        pass  # the client gave up (a timeout, a long poll while stopping, a sender dead mid-send): that is its right


def nhn_header(ok: bool, code: int, message: str) -> dict:
    """The header every NHN Cloud answer carries (SMS v3.0, KakaoTalk Bizmessage v2.3)."""
    return {"header": {"isSuccessful": ok, "resultCode": code, "resultMessage": message}}


# NHN Cloud's APIs name the charset in their Content-Type
NHN_JSON = "application/json;charset=UTF-8"
# A stand-in's answer to a request (path, headers[, body]): the HTTP status and the JSON body
Answer = Callable[..., tuple[int, dict]]


class LoopbackProvider:
    """A stand-in NHN Cloud provider's life: served on a thread, ``delivered`` counted, ``hold`` released on exit.
    The subclass calls ``__init__`` with what answers its requests and sets ``delivered``. Tests make it fail
    the next N requests (``fail_next``) or hold the next one until released (``hold``; ``held`` says it came)."""

    def __init__(self, post: Answer, get: Answer | None = None) -> None:
        self.fail_next = 0
        self.hold, self.held = threading.Event(), threading.Event()
        self.hold.set()
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                send_json(self, *post(self.path, self.headers, body), content_type=NHN_JSON)

            def do_GET(self) -> None:
                if get is None:
                    send_json(self, 405, nhn_header(False, -405, "Method not allowed"), content_type=NHN_JSON)
                else:
                    send_json(self, *get(self.path, self.headers), content_type=NHN_JSON)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.delivered) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(self.delivered) >= count

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()
