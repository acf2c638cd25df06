"""The gateway alone under gunicorn's threaded workers (as the Procfile runs it), for the live
handoff's browser test, benchmark and crash test. Rasa is not started: a conversation held by a
person never needs it, and the bot's turns answer with the canned "unavailable" text."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.settings import ROOT
from tests.e2e.stack import Process, free_port


@dataclass
class Gateway:
    workdir: Path
    database_url: str
    workers: int = 1
    env_overrides: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("MINWON_")}
        return {**base, "PYTHONPATH": str(ROOT), "MINWON_DATABASE_URL": self.database_url,
                "MINWON_DATA_DIR": str(self.workdir / "var"), "MINWON_RASA_URL": f"http://127.0.0.1:{free_port()}",
                "MINWON_RASA_TIMEOUT": "1", "MINWON_WIDGET_ORIGINS": self.url, "OMP_NUM_THREADS": "1",
                **self.env_overrides}

    def start(self, timeout: float = 60) -> "Gateway":
        self.process = Process("web", [str(ROOT / ".venv/bin/gunicorn"), "-k", "gthread", "--threads", "16",
                                       "--workers", str(self.workers), "-b", f"127.0.0.1:{self.port}",
                                       "channels.web:create_app()"], self.env, self.workdir / "web.log").start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/healthz", timeout=2)   # 503 (Rasa down) is up enough
                return self
            except requests.RequestException:
                if self.process.popen.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the gateway did not start:\n{self.process.tail()}")

    def stop(self) -> None:
        if self.process:
            self.process.stop()
