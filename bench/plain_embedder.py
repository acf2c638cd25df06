"""The embedder alone, as issue 25 measured EmbeddingGemma-300M ("plain"), beside the pipeline's figures.

Plain: one passage per FAQ row in force (the question and the first ``passage_chars`` characters of its answer,
the pipeline's own passage text: ``bot/search/index.py`` ``row_units``), the model's own query/document prompts,
flat cosine, the nearest row first; nothing else (no BM25, glossary, lexicon, English model, alternates, guard or
decide rules). The embedder is the one the settings name (``MINWON_EMBEDDER``, ``_MODEL``, ``_RUNTIME``,
``_QUANTIZE``, ``_MAX_TOKENS``, …), and its vectors come from the same embedding cache as ``minwon eval``'s and
``bench/retrieval.py``'s: a passage or question embedded for one is not embedded again for the other, and the
two measure the same vectors, so any difference is the pipeline's.

Per set and per question language: hit@1, hit@3, and the decision two ways: at the settings' thresholds
(``threshold_for``: Gemma's own defaults, ``EMBEDDER_DEFAULTS``), and at the thresholds chosen on the dev
queries as ``minwon eval`` suggests them (the highest answering 0.90 of in-scope questions in each language).
Sets: the demo FAQ, the demo FAQ without its English twins ("demo, Korean rows only": English questions must
find the Korean row, as on Seoul 120), Boulder and Seoul 120 (``../shared/eval``, or ``MINWON_BENCH_SHARED``).

Dev queries only (``eval/<set>_queries.csv``) unless ``--with-test``: then each set's test files too
(``<set>_test.csv`` and the held-out files), pooled and per file, aggregates only, at thresholds never chosen
on them (the settings' and the dev-chosen ones). No query text is printed.

    MINWON_EMBEDDER=sentence-transformers MINWON_EMBEDDER_MODEL=var/models/embeddinggemma-300m \\
      MINWON_EMBEDDER_RUNTIME=onnx MINWON_EMBEDDER_QUANTIZE=int8 \\
      nice -n 10 .venv/bin/python bench/plain_embedder.py [--sets demo,boulder,seoul120] [--with-test] \\
      [--out bench/results/plain_embedder.json]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.retrieval import SETS, remember_queries, without_english_files  # noqa: E402
from bot.answer.pipeline import threshold_for  # noqa: E402
from bot.evaluation import (Outcome, Query, _figures, companion_test_files, load_queries,  # noqa: E402
                            suggest_thresholds)
from bot.knowledge.faq import load_faq  # noqa: E402
from bot.publishing import embedding_cache  # noqa: E402
from bot.search.cache import embed_cached  # noqa: E402
from bot.search.embedders import embedder_from  # noqa: E402
from bot.search.index import cpu_seconds, row_units  # noqa: E402
from bot.settings import Settings  # noqa: E402

DEPTH = 10
OUT = ROOT / "bench" / "results" / "plain_embedder.json"


class PlainIndex:
    """One passage per row in force, flat cosine."""

    def __init__(self, faq_path: Path, settings: Settings, embedder) -> None:
        self.rows = load_faq(faq_path, settings.current_date(), strict=False).rows
        passages = [row_units(r, 0, "passage", settings.passage_chars)[0][0] for r in self.rows]
        start, cpu = time.perf_counter(), cpu_seconds()
        self.vectors, self.embedded = embed_cached(embedder, passages, "passage", embedding_cache(settings),
                                                   settings.embed_workers)
        self.build = {"rows": len(self.rows), "embedded_now": self.embedded,
                      "wall_s": round(time.perf_counter() - start, 1), "cpu_s": round(cpu_seconds() - cpu, 1)}

    def outcomes(self, queries: list[Query], embedder) -> list[Outcome]:
        if not queries:
            return []
        scores = np.asarray(embedder.embed([q.text for q in queries], "query")) @ self.vectors.T
        found = []
        for query, row_scores in zip(queries, scores):
            order = np.argsort(-row_scores, kind="stable")[:DEPTH]
            rank = next((i + 1 for i, j in enumerate(order) if self.rows[j].id in query.expected), None)
            found.append(Outcome(query, rank, True, float(row_scores[order[0]])))
        return found


def thresholds(settings: Settings) -> dict[str, float]:
    return {lang: round(threshold_for(lang, settings), 4) for lang in ("ko", "en")}


def measure(name: str, faq_path: Path, queries_path: Path, settings: Settings, embedder, with_test: bool) -> dict:
    index = PlainIndex(faq_path, settings, embedder)
    dev = index.outcomes(load_queries(queries_path), embedder)
    fixed = thresholds(settings)
    suggested = suggest_thresholds(dev, settings) or {}
    chosen = replace(settings, **{k: suggested[k] for k in ("answer_threshold", "english_threshold_offset")
                                  if k in suggested})
    on_dev = thresholds(chosen)
    report = {"build": index.build, "thresholds": fixed, "dev": _figures(dev, fixed),
              "dev_thresholds": on_dev, "dev_at_dev_thresholds": _figures(dev, on_dev)}
    print(name, "dev", {k: report["dev"][k] for k in ("n_inscope", "hit_at_1", "hit_at_3", "oos_rejection",
                                                      "inscope_answer_rate")},
          "at dev thresholds", on_dev, {k: report["dev_at_dev_thresholds"][k] for k in ("oos_rejection",
                                                                                       "inscope_answer_rate")},
          flush=True)
    if with_test:
        per_file = {path.name: index.outcomes(load_queries(path), embedder)
                    for path in companion_test_files(queries_path)}
        pooled = [o for outcomes in per_file.values() for o in outcomes]
        if pooled:
            report["test"] = {**_figures(pooled, fixed),
                              "files": {n: _figures(o, fixed) for n, o in per_file.items()},
                              "at_dev_thresholds": _figures(pooled, on_dev)}
            print(name, "test", {k: report["test"][k] for k in ("n_inscope", "hit_at_1", "hit_at_3",
                                                                "oos_rejection", "inscope_answer_rate")},
                  flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="demo,boulder,seoul120")
    parser.add_argument("--with-test", action="store_true",
                        help="also each set's test files (aggregates only; once, after the choices)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    settings = Settings.load({"today": "2026-11-25"})
    embedder = embedder_from(settings)
    remember_queries(embedder, embedding_cache(settings))
    results, started = {}, (time.perf_counter(), cpu_seconds(), round(os.getloadavg()[0], 2))
    for name in args.sets.split(","):
        faq, queries = SETS[name]
        if not faq.exists():
            print(f"{name}: no FAQ at {faq}", flush=True)
            continue
        results[name] = measure(name, faq, queries, settings, embedder, args.with_test)
        if name == "demo":
            with tempfile.TemporaryDirectory() as scratch:
                korean = without_english_files(faq, Path(scratch) / "faq")
                results["demo, Korean rows only"] = measure("demo, Korean rows only", korean, queries, settings,
                                                            embedder, False)
    for figures in results.values():
        figures["embedder"] = embedder.name
    out = Path(args.out)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    key = "with_test" if args.with_test else "dev"
    report.setdefault(key, {}).setdefault(embedder.name, {}).update(results)
    report[f"{key}_date"] = time.strftime("%Y-%m-%d %H:%M")
    report[f"{key}_cost"] = {"wall_s": round(time.perf_counter() - started[0], 1),
                             "cpu_s": round(cpu_seconds() - started[1], 1), "load_average": started[2]}
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
