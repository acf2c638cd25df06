"""CPU per answered message, per process, on bench-quick's message mix: the steady measure on a shared
machine, where messages per second measure the neighbours too.

    .venv/bin/python bench/cpu_per_message.py [--rounds 3] [--seconds 15] [--concurrency 10]
                                              [--profile DIR] [--out FILE]

Starts the whole system as `bench/run.py` does (two Rasa processes, one gateway worker, the action
server), warms it up with every message, then runs ``--rounds`` load runs of ``--seconds`` each
(6-message visits, closed loop) and prints each process's user + system CPU per answered message
(`/proc`, children included) for each round and their median. ``--profile DIR`` also records each
process with py-spy during the last round (``--gil``: CPU, not waiting; collapsed stacks in DIR), when
``PY_SPY`` names the py-spy binary.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import full_system, measured_load, warm_up  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--profile", type=Path, help="record py-spy profiles of the last round here")
    parser.add_argument("--out", type=Path, help="write the rounds as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        stack = full_system(Path(scratch))
        stack.start()
        try:
            pids = {name: p.popen.pid for name, p in stack.processes.items()}
            # Every message twice, counted rather than timed (bench/run.py's warm-up is 6 seconds: on a busy
            # machine that leaves lazy loading, the FAQ embedder's among it, to the first measured round).
            for message in load.MESSAGES * 2:
                stack.chat("warm-up", message)
            warm_up(stack.web_url, "gateway")
            rounds = []
            for number in range(args.rounds):
                spies = []
                if args.profile and number == args.rounds - 1 and os.environ.get("PY_SPY"):
                    args.profile.mkdir(parents=True, exist_ok=True)
                    spies = [subprocess.Popen([os.environ["PY_SPY"], "record", "--pid", str(pid), "--subprocesses",
                                               "--gil", "--nonblocking", "--rate", "200", "--format", "raw",
                                               "--duration", str(int(args.seconds)), "-o",
                                               str(args.profile / f"{name}.txt")],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                             for name, pid in pids.items()]
                    time.sleep(1)
                row = measured_load(stack.web_url, "gateway", pids, args.concurrency, args.seconds,
                                    label=f"cpu{number}")
                for spy in spies:
                    spy.wait()
                rounds.append(row)
                print(json.dumps({k: row[k] for k in ("answered", "rps", "p95_ms", "errors", "busy_503",
                                                      "cpu_ms_per_msg", "machine_idle")}), flush=True)
        finally:
            stack.stop()
    names = list(rounds[0]["cpu_ms_per_msg"])
    median = {n: round(statistics.median(r["cpu_ms_per_msg"][n] for r in rounds), 2) for n in names}
    median["total (without load generator)"] = round(sum(v for n, v in median.items() if n != "load generator"), 2)
    print("median CPU ms per answered message:", json.dumps(median), flush=True)
    print("load average:", Path("/proc/loadavg").read_text().strip(), "messages:", len(load.MESSAGES))
    if args.out:
        args.out.write_text(json.dumps({"rounds": rounds, "median": median}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
