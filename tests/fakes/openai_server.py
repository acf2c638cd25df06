"""A loopback stand-in for an OpenAI-compatible chat-completions server.

It speaks the real wire protocol (POST /v1/chat/completions, streamed as server-sent events when
asked), so the real openai client drives it. ``mode`` scripts how it behaves: ok, error, slow,
malformed, empty, broken_stream (a streamed answer cut off after its first pieces).
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakes.wire import send_json


class FakeOpenAI:
    def __init__(self) -> None:
        self.mode = "ok"
        self.answer = "답변이에요 [1]"
        self.replies: list[str] = []    # answered in order, before falling back to ``answer``
        self.status = 500
        self.delay = 0.0
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                fake.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
                if fake.mode == "error":
                    return self._send(fake.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                if fake.mode == "malformed":
                    return self._send(200, None, raw=b'{"id": "x", "choices": [{"message": ')
                content = "" if fake.mode == "empty" else (fake.replies.pop(0) if fake.replies else fake.answer)
                if body.get("stream"):
                    return self._stream(body, content)
                return self._send(200, {
                    "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", "test"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})

            def _send(self, status: int, payload: dict | None, raw: bytes | None = None) -> None:
                send_json(self, status, payload, raw)

            def _stream(self, body: dict, content: str) -> None:
                """The answer in pieces of a few characters, then the usage (when asked) and [DONE]."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [content[i:i + 7] for i in range(0, len(content), 7)]
                base = {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": int(time.time()),
                        "model": body.get("model", "test")}
                for number, piece in enumerate(pieces):
                    if fake.mode == "broken_stream" and number == 2:
                        self.wfile.write(b"data: {\"id\": ")   # cut off in the middle of a chunk
                        self.wfile.flush()
                        self.close_connection = True
                        return
                    delta = {"role": "assistant", "content": piece} if number == 0 else {"content": piece}
                    self._event({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
                self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                if (body.get("stream_options") or {}).get("include_usage"):
                    self._event({**base, "choices": [], "usage": {"prompt_tokens": 10, "completion_tokens": len(pieces),
                                                                   "total_tokens": 10 + len(pieces)}})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, payload: dict) -> None:
                self.wfile.write(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\n\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
