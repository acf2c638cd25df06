"""How the gateway places conversations on the two Rasa processes (`MINWON_RASA_ROUTING`): the full
system at concurrency 10 (6-message visits) for each routing given, alternated, with each process's
CPU per answered message and the share of the machine left idle.

    .venv/bin/python bench/routing.py hash sticky [--rounds 2] [--seconds 20]

writes bench/results/routing.json.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import measured_load, warmed_system  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("routings", nargs="+", choices=["sticky", "hash", "round_robin"])
    parser.add_argument("--rounds", type=int, default=2, help="each routing this many times, alternated")
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    rows = []
    for round_number in range(args.rounds):
        for routing in args.routings:
            with warmed_system({"MINWON_RASA_ROUTING": routing}) as (stack, pids):
                rows.append({"routing": routing, "round": round_number + 1, "measured": time.strftime("%Y-%m-%d %H:%M"),
                             **measured_load(stack.web_url, "gateway", pids, 10, args.seconds,
                                             label=f"{routing}{round_number}")})
                print(json.dumps(rows[-1]), flush=True)
    out = ROOT / "bench" / "results" / "routing.json"
    out.write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
