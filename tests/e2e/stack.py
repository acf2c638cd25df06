"""Start the real processes (Rasa, action server, gateway) on free loopback ports."""
from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot.settings import ROOT

MODEL = ROOT / "models" / "minwon.tar.gz"


def reply_text(reply: dict) -> str:
    return "\n".join(m["text"] for m in reply["messages"])


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A loopback port nobody listens on and this test session has not handed out yet: the kernel may give the
    same free port to two calls in a row (each socket is closed before the process that will use it binds), and
    two processes of one stack then race for it ("address already in use")."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


@dataclass
class Process:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = None
    cwd: Path = ROOT

    def start(self) -> "Process":
        handle = self.log.open("ab")
        # Its own process group: the action server's Sanic worker and gunicorn's workers are children,
        # and a stop or a simulated crash must reach them too (as systemd's control group would).
        self.popen = subprocess.Popen(self.args, cwd=self.cwd, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        return self

    def signal_all(self, sig: int) -> None:
        """Send ``sig`` to the process and every child it started."""
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        if not self.popen:
            return
        if self.popen.poll() is None:
            self.signal_all(signal.SIGTERM)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.signal_all(signal.SIGKILL)
                self.popen.wait()
        self.signal_all(signal.SIGKILL)   # whatever outlived its parent

    def wait_until_answers(self, url: str, timeout: float = 120) -> None:
        """Until ``url`` answers 200; AssertionError with the end of its log once it has exited or time is up."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(url, timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            assert self.popen.poll() is None and time.monotonic() < deadline, f"{self.name} did not start:\n{self.tail()}"
            time.sleep(0.5)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


@dataclass
class Stack:
    workdir: Path
    env_overrides: dict[str, str] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)
    rasa_replicas: int = 1
    web_workers: int = 1
    # Production configuration: Rasa's SQL tracker store on this PostgreSQL database and its
    # Redis lock store, one action server per Rasa replica, round-robin turns.
    tracker_database: str | None = None

    def __post_init__(self) -> None:
        self.rasa_ports = [free_port() for _ in range(self.rasa_replicas)]
        self.rasa_port, self.action_port, self.web_port = self.rasa_ports[0], free_port(), free_port()
        self.action_ports = [self.action_port] + [free_port() for _ in range(self.rasa_replicas - 1)] \
            if self.tracker_database else [self.action_port] * self.rasa_replicas
        endpoints = [self._endpoints(i, port) for i, port in enumerate(self.action_ports)]
        # A copy of the knowledge folder: tests that publish through the console never touch the repo's files.
        knowledge = self.workdir / "knowledge"
        if not knowledge.exists():
            shutil.copytree(ROOT / "knowledge", knowledge)
        # The keys `make run` takes from `minwon secrets`: Rasa's API token and the action server's key.
        self.rasa_token, self.action_key = secrets.token_hex(16), secrets.token_hex(16)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
               "MINWON_RASA_TOKEN": self.rasa_token, "MINWON_ACTION_KEY": self.action_key,
               "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
               "MINWON_TODAY": "2026-11-25", "MINWON_DATA_DIR": str(self.workdir / "var"),
               "MINWON_KNOWLEDGE_DIR": str(knowledge),
               "MINWON_RASA_URL": "|".join(f"http://127.0.0.1:{p}" for p in self.rasa_ports),
               "MINWON_ACTION_URL": self.action_url, **self.env_overrides}
        self.env = env
        if self.tracker_database:
            env["MINWON_RASA_ROUTING"] = "round_robin"
        self.processes = {
            ("rasa" if i == 0 else f"rasa{i}"): Process(
                "rasa", [str(ROOT / ".venv-rasa/bin/rasa"), "run", "--enable-api", "--auth-token", self.rasa_token,
                         "-i", "127.0.0.1", "-p", str(port),
                         "-m", str(MODEL), *(["--debug"] if os.environ.get("MINWON_RASA_DEBUG") else []),
                         "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(endpoints[i])],
                env, self.workdir / ("rasa.log" if i == 0 else f"rasa{i}.log"))
            for i, port in enumerate(self.rasa_ports)}
        for i, port in enumerate(dict.fromkeys(self.action_ports)):
            self.processes["actions" if i == 0 else f"actions{i}"] = Process(
                "actions", [str(ROOT / ".venv/bin/python"), "-m", "actions", "-p", str(port)],
                env, self.workdir / ("actions.log" if i == 0 else f"actions{i}.log"))
        self.processes["web"] = Process(
            "web", [str(ROOT / ".venv/bin/gunicorn"), "-k", "gthread", "--threads", "32", "--workers",
                    str(self.web_workers), "-b", f"127.0.0.1:{self.web_port}", "channels.web:create_app()"],
            env, self.workdir / "web.log")

    def _endpoints(self, replica: int, action_port: int) -> Path:
        text = (f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                "  headers:\n    X-Minwon-Action-Key: ${MINWON_ACTION_KEY}\n")
        if self.tracker_database:
            db = self.tracker_database.rsplit("/", 1)[1]
            text += (f"tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n  port: 5432\n"
                     f"  username: postgres\n  db: {db}\n"
                     "lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: 6379\n  db: 3\n"
                     f"  key_prefix: {db}\n")
        path = self.workdir / f"endpoints{replica}.yml"
        path.write_text(text)
        return path

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start(self, timeout: float = 240) -> "Stack":
        if not MODEL.exists():
            raise RuntimeError("no trained model: run `make test` (it trains models/minwon.tar.gz first)")
        publish = subprocess.run([str(ROOT / ".venv/bin/minwon"), "publish"], cwd=ROOT, env=self.env,
                                 capture_output=True, text=True, timeout=600)
        if publish.returncode != 0:
            raise RuntimeError(f"minwon publish failed:\n{publish.stdout}\n{publish.stderr}")
        for process in self.processes.values():
            process.start()
        self.wait_until_up(timeout)
        return self

    def wait_until_up(self, timeout: float) -> None:
        checks = {name: f"http://127.0.0.1:{port}/webhooks/minwon/"
                  for name, port in zip([n for n in self.processes if n.startswith("rasa")], self.rasa_ports)}
        checks.update({name: f"http://127.0.0.1:{port}/health"
                       for name, port in zip([n for n in self.processes if n.startswith("actions")],
                                             dict.fromkeys(self.action_ports))})
        checks["web"] = self.web_url + "/healthz"
        deadline = time.monotonic() + timeout
        for name, url in checks.items():
            try:
                self.processes[name].wait_until_answers(url, deadline - time.monotonic())
            except AssertionError as exc:
                self.stop()
                raise RuntimeError(str(exc)) from None

    def stop(self) -> None:
        for process in self.processes.values():
            process.stop()

    def chat(self, session_id: str, message: str, lang: str | None = None) -> dict:
        body = {"session_id": session_id, "message": message, **({"lang": lang} if lang else {})}
        response = requests.post(self.web_url + "/api/chat", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def say(self, session_id: str, message: str) -> str:
        """What the resident reads: every message of the reply, one per line."""
        return reply_text(self.chat(session_id, message))
