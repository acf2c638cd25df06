"""How fast a staff reply reaches the resident's widget in a live handoff: the time from a staff
member's POST /staff/inbox/<id>/reply to the line arriving on the resident's server-sent-events
stream (/api/live), on loopback, through gunicorn's threaded workers (two workers woken through
Redis pub/sub with --redis, else one worker in-process). Target: p95 ≤ 1 s.

    .venv/bin/python bench/handoff_latency.py [--replies 100] [--redis redis://127.0.0.1:6379/0]
        [--database postgresql+psycopg://…] [--out bench/results/handoff_latency.json]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bot import handoff  # noqa: E402
from bot.handoff.inbox import Inbox  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.staff import StaffAccounts  # noqa: E402
from tests.handoff.gateway import Gateway  # noqa: E402

MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def listen(url: str, arrived: dict[str, float], ready: threading.Event) -> None:
    with requests.get(url, stream=True, timeout=120) as stream:
        ready.set()
        for raw in stream.iter_lines(decode_unicode=True):
            if raw and raw.startswith("data: ") and '"text"' in raw:
                arrived[json.loads(raw[6:])["text"]] = time.perf_counter()


def staff_session(web: Gateway) -> requests.Session:
    staff = requests.Session()
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get(web.url + "/staff/login").text).group(1)
    staff.post(web.url + "/staff/login", data={"username": "bench", "password": "bench-password-1", "csrf_token": token})
    return staff


def run(replies: int, redis_url: str, database: str | None) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="handoff-bench-"))
    url = database or f"sqlite:///{workdir / 'var' / 'minwon.db'}"
    settings = Settings.load({"database_url": url, "data_dir": str(workdir / "var")}, environ={})
    StaffAccounts(url).create("bench", "bench-password-1", "admin")
    env = {"MINWON_REDIS_URL": redis_url, "MINWON_HANDOFF_STREAM_SECONDS": "600"} if redis_url else {}
    web = Gateway(workdir, url, workers=2 if redis_url else 1, env_overrides=env).start()
    try:
        handoff.request(settings, None, handoff.Request("web:bench", "web", "ko"), MONDAY_10)
        held = Inbox(url).held("web:bench")
        staff = staff_session(web)
        page = staff.get(f"{web.url}/staff/inbox/{held.id}").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        staff.post(f"{web.url}/staff/inbox/{held.id}/take", data={"csrf_token": token})
        arrived: dict[str, float] = {}
        ready = threading.Event()
        threading.Thread(target=listen, args=(web.url + "/api/live?session_id=bench", arrived, ready),
                         daemon=True).start()
        ready.wait(30)
        latencies = []
        for n in range(replies):
            text = f"답장 {n}"
            started = time.perf_counter()
            staff.post(f"{web.url}/staff/inbox/{held.id}/reply", data={"csrf_token": token, "text": text},
                       headers={"Accept": "application/json"}).raise_for_status()
            while text not in arrived and time.perf_counter() - started < 10:
                time.sleep(0.001)
            latencies.append((arrived.get(text, float("inf")) - started) * 1000)
            time.sleep(0.05)
    finally:
        web.stop()
    ordered = sorted(latencies)
    return {"replies": replies, "workers": 2 if redis_url else 1, "wakeup": "redis" if redis_url else "in-process",
            "database": url.split(":", 1)[0], "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1), "max_ms": round(ordered[-1], 1),
            "lost": sum(1 for v in ordered if v == float("inf")), "machine": platform.processor() or platform.machine(),
            "cpus": os.cpu_count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=100)
    parser.add_argument("--redis", default="")
    parser.add_argument("--database", default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    result = run(args.replies, args.redis, args.database)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
