"""What the loopback stand-ins share: writing a JSON response the way the real servers do."""
from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler


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


class LoopbackProvider:
    """A stand-in provider's life: served on a thread, ``delivered`` counted, ``hold`` released on exit.
    The subclass sets ``server``, ``thread``, ``hold`` and ``delivered`` in its __init__."""

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
