"""Closed-loop load on loopback: N virtual users, each sending the next message as soon as
the previous answer arrives, for a fixed time and a bounded number of requests.

Each virtual user has its own sender id and starts a new conversation every
``conversation_length`` messages (a resident's visit).
"""
from __future__ import annotations

import http.client
import json
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

# Realistic Korean resident messages: rule-answered, action-answered and FAQ-answered, mixed.
MESSAGES = [
    "안녕하세요", "행당1동 쓰레기 언제 버려요?", "음식물은 몇 시에 내놔요", "소파 버리려면 얼마예요?",
    "건전지 어떻게 버려요", "이번 주말에 행사 있어요?", "어르신 복지 뭐 있어요?", "구청 몇 시까지 해요?",
    "재산세 언제 내는 거예요?", "여권 재발급은 어디서 해요", "고마워요", "거주자 우선주차 신청 방법 알려주세요",
]
MAX_REQUESTS = 200_000


@dataclass
class LoadResult:
    concurrency: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    busy: int = 0

    def summary(self) -> dict:
        ok = sorted(self.latencies_ms)
        pick = (lambda q: round(ok[min(len(ok) - 1, int(len(ok) * q))], 1)) if ok else (lambda q: None)
        return {"concurrency": self.concurrency, "requests": len(ok) + self.errors + self.busy,
                "answered": len(ok), "rps": round(len(ok) / self.seconds, 1), "p50_ms": pick(0.5),
                "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": round(ok[-1], 1) if ok else None,
                "errors": self.errors, "busy_503": self.busy,
                "busy_share": round(self.busy / max(1, len(ok) + self.errors + self.busy), 3)}


def _body(kind: str, sender: str, message: str) -> tuple[str, bytes]:
    if kind == "gateway":
        return "/api/chat", json.dumps({"session_id": sender, "message": message}).encode()
    return "/webhooks/rest/webhook", json.dumps({"sender": sender, "message": message}).encode()


def run(base_url: str, kind: str, concurrency: int, seconds: float, conversation_length: int = 6,
        label: str = "vu") -> LoadResult:
    """``kind`` is "gateway" (our /api/chat) or "rasa" (bare Rasa's REST channel)."""
    target = urlparse(base_url)
    if target.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load generator only targets loopback addresses")
    result = LoadResult(concurrency, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [MAX_REQUESTS]

    def user(number: int) -> None:
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        sent = 0
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            sender = f"{label}-{number}-c{sent // conversation_length}"
            path, body = _body(kind, sender, MESSAGES[(number + sent) % len(MESSAGES)])
            start = time.perf_counter()
            try:
                connection.request("POST", path, body, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if status == 200:
                    result.latencies_ms.append(elapsed)
                elif status == 503:
                    result.busy += 1
                else:
                    result.errors += 1
            sent += 1
        connection.close()

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    return result
