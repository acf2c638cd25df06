"""The library's answer decision, each dev file apart (issue 22, fifth pass): the confidence before (fused
score less the rank penalty, fixed threshold 1.05) against today's (+ 4 × the embedder's best cosine to a unit
− 12 × the nearest off-topic staff question, threshold calibrated at build), with the other weights, the
unit titles embedded as questions instead of the units' vectors (1,306 more embeddings a build), and the
shares of off-topic questions refused that were weighed. Per file: out-of-scope refused /
in-scope answered, and the ranking AUC of in- against out-of-scope. Dev files only: never the held-out set.

    nice -n 10 .venv/bin/python bench/library_decision.py     # about a minute with a warm cache
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.library.calibration import off_topic_confidences  # noqa: E402
from bot.library.evaluation import folder_documents, load_queries  # noqa: E402
from bot.library.live import build_index  # noqa: E402
from bot.search.cache import EmbeddingCache, embed_cached  # noqa: E402
from bot.search.embedders import embedder_from  # noqa: E402
from bot.settings import Settings  # noqa: E402

SETS = {"dev": "laws_queries", "dev2": "laws_dev2", "dev3": "laws_dev3", "dev4": "laws_dev4"}
# (weight of the best unit cosine, of the best title-as-a-question cosine, of the nearest off-topic question)
WEIGHTS = ((0, 0, 0), (4, 0, 12), (2, 0, 12), (6, 0, 12), (0, 4, 12), (0, 3, 12), (0, 5, 15), (0, 0, 12), (4, 0, 0))
SHARES = (0.6, 0.7, 0.8)


def auc(inside: np.ndarray, outside: np.ndarray) -> float:
    return float((inside[:, None] > outside[None, :]).mean() + 0.5 * (inside[:, None] == outside[None, :]).mean())


def main() -> int:
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.load({"data_dir": os.environ.get("MINWON_DATA_DIR", data)})
        embedder = embedder_from(settings)
        index, _ = build_index(folder_documents(settings.statutes_dir)[0], settings, embedder)
        tuning = index.tuning
        titles = embed_cached(embedder, [e.unit.title or e.unit.heading for e in index.entries], "query",
                              EmbeddingCache(settings.data_dir / "embeddings.sqlite"), settings.embed_workers)[0]

        def parts(question: str, left_out: int | None = None) -> tuple[float, float, float, float]:
            ranking = index.search(question, embedder, k=1)
            ranking.left_out = left_out
            base = ranking.confidence - tuning.heading_weight * ranking.heading_similarity \
                + tuning.off_topic_weight * ranking.off_topic_similarity
            return base, ranking.heading_similarity, float((titles @ ranking.query).max()), ranking.off_topic_similarity

        probes = np.array([parts(q, n) for n, q in enumerate(index.off_topic)])
        sets = {}
        for name, stem in SETS.items():
            queries = load_queries(ROOT / "eval" / f"{stem}.csv")
            sets[name] = (np.array([parts(q.text) for q in queries]), np.array([bool(q.expected) for q in queries]))
        print(f"calibrated threshold in use: {tuning.threshold} (off-topic questions: {len(index.off_topic)};"
              f" {len(off_topic_confidences(index, embedder))} with a hit)")
    for weights in WEIGHTS:
        def score(x: np.ndarray, w: tuple = weights) -> np.ndarray:
            return x[:, 0] + w[0] * x[:, 1] + w[1] * x[:, 2] - w[2] * x[:, 3]
        aucs = " ".join(f"{n} {auc(score(x)[y], score(x)[~y]):.2f}" for n, (x, y) in sets.items())
        print(f"\n+ {weights[0]} × unit cosine + {weights[1]} × title-as-a-question cosine − {weights[2]} × off-topic:"
              f" AUC {aucs}")
        thresholds = [("fixed 1.05", 1.05)] if weights == (0, 0, 0) else []
        thresholds += [(f"refusing {share} of the off-topic questions", float(np.quantile(score(probes), share)))
                       for share in SHARES]
        for label, threshold in thresholds:
            cells = " ".join(f"{n} {np.mean(score(x)[~y] < threshold):.2f} / {np.mean(score(x)[y] >= threshold):.2f}"
                             for n, (x, y) in sets.items())
            print(f"  {label} ({threshold:.3f}), refused / answered: {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
