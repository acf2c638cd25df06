"""The staff library on every dev queries file at once, the last one (dev 5) in its two fixed halves
(``minwon library eval --half``: sha256 of the question, even first byte = A). One index build, then per
set hit@1, hit@3, MRR, out-of-scope refused and in-scope answered at the calibrated threshold — the figures
``minwon library eval --queries FILE --library DIR --json [--half A|B]`` gives for each file. Dev files
only, never the held-out set. ``--show A`` lists the misses of dev 1–4 and of dev 5's half A (read only
those while designing; half B's figures stand for questions not seen).

    MINWON_STATUTES_DIR=/work/shared/corpus/laws nice -n 10 .venv/bin/python bench/library_sets.py [--show A]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.library.evaluation import folder_documents, half_of, load_queries, metrics, run  # noqa: E402
from bot.library.live import build_index  # noqa: E402
from bot.search.embedders import embedder_from  # noqa: E402
from bot.settings import Settings  # noqa: E402

SETS = {"dev1": "laws_queries", "dev2": "laws_dev2", "dev3": "laws_dev3", "dev4": "laws_dev4"}
HALVED = {"dev5": "laws_dev5"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", choices=("A",), help="list the misses of dev 1–4 and of dev 5's half A")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.load({"data_dir": os.environ.get("MINWON_DATA_DIR", data)})
        embedder = embedder_from(settings)
        index, stats = build_index(folder_documents(settings.statutes_dir)[0], settings, embedder)
        threshold = index.tuning.threshold
        files = {name: (ROOT / "eval" / f"{stem}.csv", None) for name, stem in SETS.items()}
        for name, stem in HALVED.items():
            files.update({f"{name}{h}": (ROOT / "eval" / f"{stem}.csv", h) for h in "AB"})
        report = {}
        for name, (path, half) in files.items():
            if not path.is_file():
                continue
            queries = [q for q in load_queries(path) if half is None or half_of(q.text) == half]
            outcomes = run(index, queries, embedder)
            report[name] = metrics(outcomes, threshold)
            if args.show and half in (None, args.show):
                for o in outcomes:
                    wrong = o.rank != 1 if o.query.expected else o.confidence >= threshold
                    if wrong:
                        print(f"{name} row {o.query.row}: {o.query.text} → {o.top} (rank {o.rank}, expected "
                              f"{'|'.join(sorted(o.query.expected)) or 'no answer'}, conf {o.confidence:.3f})")
    if args.json:
        print(json.dumps({"threshold": threshold, "build_seconds": round(stats.seconds, 1), "sets": report}))
        return 0
    print(f"threshold {threshold}, build {stats.seconds:.1f} s")
    print("set | n in/out | hit@1 | hit@3 | MRR | refused | answered")
    for name, m in report.items():
        print(f"{name} | {m['n_inscope']}/{m['n_oos']} | {m['hit_at_1']:.3f} | {m['hit_at_3']:.3f} | {m['mrr']:.3f} | "
              f"{m['oos_rejection']:.3f} | {m['inscope_answer_rate']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
