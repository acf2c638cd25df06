"""The staff library's ranking and answer decision for the embedder the settings name, its weights fitted on
dev 5's half A and checked on half B and dev 1–4 (issue 22, seventh pass: EmbeddingGemma-300M). One index
build (timed), every dev question's signals computed once, then each variant scored without searching again:

- representations of a unit for the embedder: its law and heading (shipped), the heading in EmbeddingGemma's
  title slot, the heading with its first 항 (``--body``: one more vector a unit);
- ranking: ``a × cosine + w × BM25 + law boost``, plus ``r ×`` the cosine to the heading-with-first-항 vector
  for all units or only as a second stage among the first K (``--body``);
- decision: the confidence's unit and off-topic weights, with the threshold calibrated from our off-topic
  questions (each left out) as bot/library/calibration.py does.

Dev files only, never the held-out set; half B's misses are never printed.

    MINWON_STATUTES_DIR=/work/shared/corpus/laws MINWON_DATA_DIR=var/gemma \\
      MINWON_EMBEDDER=sentence-transformers MINWON_EMBEDDER_MODEL=/work/main/var/models/embeddinggemma-300m \\
      nice -n 10 .venv/bin/python bench/library_fusion.py [--body] [--json F]
"""
from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from bot.library.calibration import OFF_TOPIC_REFUSED  # noqa: E402
from bot.library.decision import RANK_PENALTY  # noqa: E402
from bot.library.evaluation import folder_documents, half_of, load_queries  # noqa: E402
from bot.library.index import dense_text, opening_paragraph  # noqa: E402
from bot.library.live import build_index  # noqa: E402
from bot.library.query import question_terms  # noqa: E402
from bot.search.cache import EmbeddingCache, embed_cached  # noqa: E402
from bot.search.embedders import embedder_from  # noqa: E402
from bot.settings import Settings  # noqa: E402

SETS = {"dev1": ("laws_queries", None), "dev2": ("laws_dev2", None), "dev3": ("laws_dev3", None),
        "dev4": ("laws_dev4", None), "dev5A": ("laws_dev5", "A"), "dev5B": ("laws_dev5", "B")}


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@dataclass
class Asked:
    """One question's signals over every unit."""
    expected: frozenset
    query: np.ndarray
    dense: dict            # representation → cosines
    lexical: np.ndarray
    named: np.ndarray
    absent: bool
    off_topic: np.ndarray  # cosines to the off-topic questions
    left_out: int | None = None


def signals(index, embedder, cache, texts, expected, vectors, left_out=None) -> list[Asked]:
    queries = np.vstack([v for v in vectors]) if vectors is not None else embed_cached(embedder, texts, "query", cache, 1)[0]
    out = []
    for text, want, query, skip in zip(texts, expected, queries, left_out or [None] * len(texts)):
        named, absent = index.laws_named(text)
        out.append(Asked(want, query, {}, index.lexical(question_terms(text).nouns), named[index.document_of],
                         bool(absent) and not named.any(), index.off_topic_vectors @ query, skip))
    return out


@dataclass(frozen=True)
class Params:
    rep: str = "heading"
    dense: float = 1.0
    lexical: float = 0.3
    boost: float = 0.05
    body: float = 0.0
    depth: int = 0          # 0: the body cosine added to every unit; K: only to the first K of the first stage
    same_law: bool = False  # the second stage only among the first stage's units of the top unit's law
    unit_weight: float = 4.0
    off_weight: float = 12.0
    share: float = OFF_TOPIC_REFUSED   # of the off-topic questions the calibrated threshold refuses


def score(asked: Asked, p: Params, document_of: np.ndarray) -> tuple[np.ndarray, float]:
    dense = asked.dense[p.rep]
    fused = p.dense * dense + p.lexical * asked.lexical + p.boost * asked.named
    if p.body:
        body = p.body * asked.dense["body"]
        if p.depth:
            top = np.argsort(-fused)[:p.depth]
            if p.same_law:
                top = top[document_of[top] == document_of[top[0]]]
            fused = fused.copy()
            fused[top] += body[top] + 10.0     # the second stage re-orders the first K only
        else:
            fused = fused + body
    best = int(np.argmax(fused))
    rank = int((dense > dense[best]).sum())
    base = fused[best] - (10.0 if p.body and p.depth else 0.0)
    off = asked.off_topic if asked.left_out is None else np.delete(asked.off_topic, asked.left_out)
    confidence = (base - RANK_PENALTY * math.log1p(rank) + p.unit_weight * float(dense.max())
                  - p.off_weight * float(off.max() if len(off) else 0.0) - (0.1 if asked.absent else 0.0))
    return fused, confidence


def evaluate(asked_sets: dict, probes: list[Asked], p: Params, index, entries_ids) -> dict:
    threshold = float(np.quantile([score(a, p, index.document_of)[1] for a in probes], p.share))
    report = {"threshold": round(threshold, 3)}
    for name, asked in asked_sets.items():
        ranks, inscope_conf, oos_conf = [], [], []
        for a in asked:
            fused, confidence = score(a, p, index.document_of)
            if a.expected:
                order = np.argsort(-fused)[:10]
                ranks.append(next((n + 1 for n, i in enumerate(order) if entries_ids[i] in a.expected), None))
                inscope_conf.append(confidence)
            else:
                oos_conf.append(confidence)
        n = len(ranks)
        inscope, oos = np.array(inscope_conf), np.array(oos_conf)
        # refused while answering 0.90 of the in-scope questions (the threshold a labelled set would choose)
        at90 = np.sort(inscope)[::-1][math.ceil(0.9 * n) - 1] if n else 0.0
        auc = float(np.mean([[float(i > o) + 0.5 * float(i == o) for o in oos] for i in inscope])) if len(oos) else None
        report[name] = {"hit_at_1": round(sum(r == 1 for r in ranks) / n, 3),
                        "hit_at_3": round(sum(r is not None and r <= 3 for r in ranks) / n, 3),
                        "mrr": round(sum(1 / r for r in ranks if r) / n, 3),
                        "refused": round(float((oos < threshold).mean()), 3) if len(oos) else None,
                        "answered": round(float((inscope >= threshold).mean()), 3),
                        "refused_at_90": round(float((oos < at90).mean()), 3) if len(oos) else None,
                        "auc": round(auc, 3) if auc is not None else None}
    return report


def line(name: str, report: dict, sets) -> str:
    cells = [f"{report[s]['hit_at_1']:.3f} / {report[s]['hit_at_3']:.3f} / {report[s]['mrr']:.3f}, "
             f"{report[s]['refused']:.2f} / {report[s]['answered']:.2f} ({report[s]['refused_at_90']:.2f}@.9)"
             for s in sets]
    return f"| {name} | " + " | ".join(cells) + " |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--body", action="store_true", help="also the heading + first 항 vectors (one more a unit)")
    parser.add_argument("--title-slot", action="store_true", help="also the heading in EmbeddingGemma's title slot")
    parser.add_argument("--quick", action="store_true", help="leave out the heading-only sweeps and the second stages")
    parser.add_argument("--latency", type=int, default=0, metavar="ROUNDS",
                        help="time index.search over every dev question this many times (wall and CPU ms), then stop")
    parser.add_argument("--json", help="write every variant's figures here")
    args = parser.parse_args()
    # the headings as the index's own vectors, whatever the embedder's default: the other texts are --body's
    settings = Settings.load({"library_first_paragraph": False})
    print(f"embedder {settings.embedder} {settings.embedder_model} runtime {settings.embedder_runtime} "
          f"quantize {settings.embedder_quantize or '-'} max tokens {settings.embedder_max_tokens}", flush=True)
    started, spent = time.perf_counter(), cpu()
    embedder = embedder_from(settings)
    loaded = (time.perf_counter() - started, cpu() - spent)
    cache = EmbeddingCache(settings.data_dir / "embeddings.sqlite")
    documents = folder_documents(settings.statutes_dir)[0]
    started, spent = time.perf_counter(), cpu()
    index, stats = build_index(documents, settings, embedder)
    built = (time.perf_counter() - started, cpu() - spent)
    print(f"{embedder.name}: loaded in {loaded[0]:.1f} s wall / {loaded[1]:.1f} CPU-s; index built (with calibration) "
          f"in {built[0]:.1f} s wall / {built[1]:.1f} CPU-s, {stats.embedded} embedded; threshold {index.tuning.threshold}",
          flush=True)
    ids = [e.unit_id for e in index.entries]
    if args.latency:
        from bench.timings import p50_p95

        questions = [q.text for stem, half in SETS.values() for q in load_queries(ROOT / "eval" / f"{stem}.csv")
                     if half is None or half_of(q.text) == half]
        questions = list(dict.fromkeys(questions))
        index.search(questions[0], embedder)
        walls, cpus = [], []
        for _ in range(args.latency):
            for question in questions:
                started, spent = time.perf_counter(), time.process_time()
                index.search(question, embedder)
                walls.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - spent) * 1000)
        print(f"search, {len(walls)} searches (the question embedded each time): wall p50 / p95 "
              f"{' / '.join(f'{v:.1f}' for v in p50_p95(walls))} ms, CPU p50 / p95 "
              f"{' / '.join(f'{v:.1f}' for v in p50_p95(cpus))} ms", flush=True)
        return 0
    reps = {"heading": index.vectors}
    extra = {}
    if args.body:
        extra["body"] = [dense_text(e.document, e.unit, 0, first_paragraph=True) for e in index.entries]
    for rep, texts in extra.items():
        started, spent = time.perf_counter(), cpu()
        reps[rep], fresh = embed_cached(embedder, texts, "passage", cache, settings.embed_workers)
        print(f"{rep}: {fresh} embedded in {time.perf_counter() - started:.1f} s wall / {cpu() - spent:.1f} CPU-s",
              flush=True)
    if args.title_slot and hasattr(embedder, "_prompts") and not getattr(embedder, "_own_prompts", False):
        # EmbeddingGemma's document prompt is "title: none | text: …": the heading in its title slot instead
        titled = [f"title: {dense_text(e.document, e.unit, 0)} | text: {opening_paragraph(e.unit)}" for e in index.entries]
        saved = embedder._prompts["passage"]
        embedder._prompts["passage"] = ""
        started, spent = time.perf_counter(), cpu()
        try:
            reps["titled"] = embedder.embed(titled, "passage")
        finally:
            embedder._prompts["passage"] = saved
        print(f"titled: {len(titled)} embedded in {time.perf_counter() - started:.1f} s wall / {cpu() - spent:.1f} CPU-s",
              flush=True)
    started, spent = time.perf_counter(), cpu()
    asked_sets = {}
    for name, (stem, half) in SETS.items():
        queries = [q for q in load_queries(ROOT / "eval" / f"{stem}.csv") if half is None or half_of(q.text) == half]
        asked_sets[name] = signals(index, embedder, cache, [q.text for q in queries], [q.expected for q in queries], None)
    probes = signals(index, embedder, cache, index.off_topic, [frozenset()] * len(index.off_topic),
                     index.off_topic_vectors, list(range(len(index.off_topic))))
    for a in [x for s in asked_sets.values() for x in s] + probes:
        for rep, vectors in reps.items():
            a.dense[rep] = vectors @ a.query
    n_questions = sum(map(len, asked_sets.values()))
    print(f"{n_questions} questions: signals in {time.perf_counter() - started:.1f} s wall / {cpu() - spent:.1f} CPU-s",
          flush=True)

    sets = list(SETS)
    results = {}

    def run(name: str, p: Params) -> dict:
        results[name] = {"params": vars(p), **evaluate(asked_sets, probes, p, index, ids)}
        return results[name]

    print("| variant | " + " | ".join(sets) + " |")
    print(line("shipped weights", run("shipped", Params()), sets), flush=True)
    # 1. ranking weights fitted on half A (hit@1 + hit@3 + MRR), then the decision weights
    grid = []
    for lexical, boost in itertools.product((0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7), (0.0, 0.05, 0.1)):
        p = Params(lexical=lexical, boost=boost)
        m = evaluate({"dev5A": asked_sets["dev5A"]}, probes, p, index, ids)["dev5A"]
        grid.append((m["hit_at_1"] + m["hit_at_3"] + m["mrr"], p))
    best = max(grid, key=lambda g: g[0])[1]
    print(line(f"fitted on A: lexical {best.lexical}, boost {best.boost}", run("fit_rank", best), sets), flush=True)
    for lexical in () if args.quick else (0.1, 0.2, 0.3, 0.5):
        print(line(f"lexical {lexical}", run(f"lexical_{lexical}", Params(lexical=lexical)), sets), flush=True)
    if "body" in reps and not args.quick:
        for body in (0.3, 0.5, 1.0):
            print(line(f"+ {body} × heading+first-항 cosine, all units",
                       run(f"body_{body}", Params(lexical=best.lexical, boost=best.boost, body=body)), sets), flush=True)
        for depth, same in ((5, False), (10, False), (10, True)):
            for body in (0.5, 1.0):
                p = Params(lexical=best.lexical, boost=best.boost, body=body, depth=depth, same_law=same)
                print(line(f"second stage: top {depth}{' same law' if same else ''}, + {body} × body cosine",
                           run(f"stage_{depth}_{same}_{body}", p), sets), flush=True)
        p = Params(rep="body", lexical=best.lexical, boost=best.boost)
        print(line("heading+first-항 vector instead of heading", run("body_only", p), sets), flush=True)
    if "titled" in reps:
        p = Params(rep="titled", lexical=best.lexical, boost=best.boost)
        print(line("title slot (heading) + first 항 instead", run("titled", p), sets), flush=True)
    # 2. decision weights fitted on half A: AUC of in- against out-of-scope confidences, then refused at the calibrated threshold
    bases = [best] + ([] if "body" not in reps else [])
    if "body" in reps:
        grid = []
        for lexical, boost in itertools.product((0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7), (0.0, 0.05, 0.1)):
            p = Params(rep="body", lexical=lexical, boost=boost)
            m = evaluate({"dev5A": asked_sets["dev5A"]}, probes, p, index, ids)["dev5A"]
            grid.append((m["hit_at_1"] + m["hit_at_3"] + m["mrr"], p))
        body_best = max(grid, key=lambda g: g[0])[1]
        print(line(f"heading+first-항 vector, fitted on A: lexical {body_best.lexical}, boost {body_best.boost}",
                   run("body_fit_rank", body_best), sets), flush=True)
        for lexical in (0.2, 0.3, 0.5):
            p = Params(rep="body", lexical=lexical, boost=0.05)
            print(line(f"heading+first-항 vector, lexical {lexical}, boost 0.05", run(f"body_lex_{lexical}", p), sets),
                  flush=True)
        bases.append(Params(rep="body", lexical=0.3, boost=0.05))
    for base in bases:
        grid = []
        for unit_weight, off_weight in itertools.product((0, 1, 2, 4, 6, 8), (0, 2, 4, 6, 8, 12, 16)):
            p = Params(rep=base.rep, lexical=base.lexical, boost=base.boost, unit_weight=unit_weight, off_weight=off_weight)
            m = evaluate({"dev5A": asked_sets["dev5A"]}, probes, p, index, ids)["dev5A"]
            grid.append((m["auc"] + 0.5 * min(m["answered"], 0.9) + 0.5 * m["refused"], p))
        decided = max(grid, key=lambda g: g[0])[1]
        print(line(f"{base.rep}, lexical {base.lexical}: decision fitted on A: unit {decided.unit_weight}, "
                   f"off-topic {decided.off_weight}", run(f"{base.rep}_fit_decision", decided), sets), flush=True)
        # the share refused, chosen as e5-small's was: the highest that answers 0.90 of the read sets' in-scope
        # questions pooled (dev 1–4 and half A; half B left out)
        read = {"read": [a for name in sets if name != "dev5B" for a in asked_sets[name]]}
        pooled = {share: evaluate(read, probes, Params(**{**vars(decided), "share": share}), index, ids)["read"]
                  for share in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)}
        print("  pooled dev 1–4 + A, refused / answered by share: " + ", ".join(
            f"{share}: {m['refused']:.2f} / {m['answered']:.3f}" for share, m in pooled.items()), flush=True)
        for share in (0.6, 0.8, 0.85):
            p = Params(**{**vars(decided), "share": share})
            print(line(f"  the same, refusing {share} of the off-topic questions", run(f"{base.rep}_share_{share}", p),
                       sets), flush=True)
        for unit_weight, off_weight in ((4, 12), (2, 8), (4, 16), (8, 16)):
            p = Params(rep=base.rep, lexical=base.lexical, boost=base.boost, unit_weight=unit_weight, off_weight=off_weight)
            print(line(f"  unit {unit_weight}, off-topic {off_weight}", run(f"{base.rep}_u{unit_weight}_o{off_weight}", p),
                       sets), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"embedder": embedder.name, "build_seconds": built[0], "build_cpu": built[1],
                                               "results": results}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
