"""How long a request may wait for a free Rasa slot (`MINWON_BUSY_WAIT_SECONDS`): the full system
at concurrency 10, 50 and 100 for each wait given, answered throughput, share of 503s and p99.

    .venv/bin/python bench/busy_wait.py 0 0.5 1.0 [--seconds 15]

writes bench/results/busy_wait.json (rows of waits not given are kept).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from bench.run import warmed_system  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("waits", nargs="+", help="seconds, e.g. 0 0.5 1.0")
    parser.add_argument("--seconds", type=int, default=15, help="per concurrency level")
    args = parser.parse_args()
    out = ROOT / "bench" / "results" / "busy_wait.json"
    # Waits measured before keep their rows unless measured again.
    earlier = json.loads(out.read_text(encoding="utf-8"))["rows"] if out.exists() else []
    rows = [r for r in earlier if str(r["busy_wait_s"]) not in {str(float(w)) for w in args.waits}]
    for wait in args.waits:
        with warmed_system({"MINWON_BUSY_WAIT_SECONDS": wait}) as (stack, _):
            for concurrency in (10, 50, 100):
                result = load.run(stack.web_url, "gateway", concurrency, args.seconds, label=f"wait{wait}")
                rows.append({"busy_wait_s": float(wait), "measured": time.strftime("%Y-%m-%d %H:%M"),
                             **result.summary()})
                print(json.dumps(rows[-1]), flush=True)
    rows.sort(key=lambda r: (r["busy_wait_s"], r["concurrency"]))
    out.write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
