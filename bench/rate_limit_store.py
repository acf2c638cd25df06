"""What the gateway's in-memory rate-limit store costs after many residents: each strategy of
`limits`' memory store gets hits from N distinct sessions (a 1-second window, so all of them pass),
then one live session for 2 s; prints the keys the store still holds and the CPU share of one core
the process used meanwhile (mostly the store's sweep, which runs every 10 ms).

    .venv/bin/python bench/rate_limit_store.py [--sessions 20000]
"""
from __future__ import annotations

import argparse
import resource
import time

from limits import parse, storage, strategies


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20000)
    args = parser.parse_args()
    item = parse("20/second")
    for name in ("moving-window", "sliding-window-counter"):
        store = storage.MemoryStorage()
        limiter = strategies.STRATEGIES[name](store)
        for n in range(args.sessions):
            limiter.hit(item, "session", f"visit-{n}")
        time.sleep(3)                      # every visit's window has passed
        cpu, start = cpu_seconds(), time.monotonic()
        while time.monotonic() - start < 2:
            limiter.hit(item, "session", "live")
            time.sleep(0.005)
        print(f"{name}: {len(store.events) + len(store.storage)} keys held after {args.sessions} past sessions, "
              f"CPU {(cpu_seconds() - cpu) / 2:.3f} of a core", flush=True)


if __name__ == "__main__":
    main()
