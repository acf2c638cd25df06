"""EmbeddingGemma-300M on ONNX Runtime as a district's server would run it (issue 25, section 0: its cost).

bench/embedder_cost.py compares weight formats; this measures how one converted file is *run*
(bot/search/onnx_model.py's OnnxRuns: intra-op threads per text, texts at once) and what a
passage token limit does. Each configuration in its own process, so its memory figures are its own:
- resident memory (RSS: anonymous and file-mapped) before onnxruntime is imported, once the session is open,
  after the questions and after the passages; the peak;
- questions one at a time (embedding + flat search over the demo FAQ's passages): CPU and wall p50 / p95, and
  the first question apart (a session's first run prepares its kernels);
- Seoul 120's passages encoded from scratch (all, or ``--seoul-rows`` of them and extrapolated): CPU and wall s.
With ``--quality``: hit@1 / hit@3 on the dev questions (never the test or held-out files) of the demo FAQ,
Boulder and Seoul 120 (all its passages encoded) for each passage token limit of ``--limits``.
Wall and CPU seconds both, with the load average: on a shared machine wall time is noisy, CPU less so.

    .venv/bin/python bench/onnx_runs.py --model DIR [--file model_int8_v2.onnx] \
        [--configs t1w2,t2w1] [--seoul-rows N] [--quality --limits 0,192,160,128]

A configuration is named ``t<threads>w<workers>``. Results:
bench/results/onnx_runs.json (each run replaces the configurations it measured).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.embedder_cost import SHARED, Clock, memory_mb, passages, quality, query_file, seoul_sample  # noqa: E402
from bench.timings import p50_p95  # noqa: E402

OUT = ROOT / "bench" / "results" / "onnx_runs.json"


def runs_of(name: str):
    from bot.search.onnx_model import OnnxRuns

    found = re.fullmatch(r"t(\d+)w(\d+)", name)
    if not found:
        sys.exit(f"configuration '{name}': write t<threads>w<workers>")
    return OnnxRuns(int(found.group(1)), int(found.group(2)))


def questions(embedder, count: int) -> dict:
    """The first ``count`` dev questions of the demo FAQ and of Boulder, each embedded and searched alone."""
    ids, texts = passages("demo")
    rows = embedder.embed(texts, "passage")
    asked = [q.text for name in ("demo", "boulder") for q in query_file(name, dev_only=True)[:count // 2]]
    wall, cpu, first = [], [], None
    for text in asked:
        w, c = time.perf_counter(), time.process_time()
        np.argsort(-(rows @ embedder.embed([text], "query")[0]))[:3]
        wall.append((time.perf_counter() - w) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    (p50, p95), (cpu50, cpu95) = p50_p95(wall), p50_p95(cpu)
    tokens = sorted(token_counts(embedder, asked, "query"))
    return {"questions": len(asked), "p50_ms": p50, "p95_ms": p95, "cpu_p50_ms": cpu50, "cpu_p95_ms": cpu95,
            "first_ms": first, "tokens_p50_p95_max": [tokens[len(tokens) // 2], tokens[int(len(tokens) * .95)], tokens[-1]],
            "load_average": round(os.getloadavg()[0], 2)}


def token_counts(embedder, texts: list[str], kind: str) -> list[int]:
    """Each text's tokens with its prompt (the tokenizer pads a batch: the mask says which are real)."""
    return [sum(t.attention_mask) for t in embedder.tokenizer.encode_batch([embedder._prompts[kind] + t for t in texts])]


def seoul_index(embedder, rows: int) -> dict:
    texts = passages("seoul120")[1]
    chosen = texts if not rows or rows >= len(texts) else seoul_sample(rows)
    with Clock() as clock:
        embedder.embed(chosen, "passage")
    scale = len(texts) / len(chosen)
    return {"rows": len(texts), "measured_rows": len(chosen), **clock.figures(len(chosen)),
            "index_wall_s": round(clock.wall * scale, 1), "index_cpu_s": round(clock.cpu * scale, 1),
            "extrapolated": scale > 1}


def cost(job: dict) -> dict:
    memory = {"before_import": memory_mb()}
    import onnxruntime  # noqa: F401
    import tokenizers  # noqa: F401
    from bot.search.onnx_model import OnnxEmbedder
    memory["after_import"] = memory_mb()
    folder = Path(job["model"])
    with Clock() as load:
        embedder = OnnxEmbedder(folder, max_tokens=job["limit"], runs=runs_of(job["config"]),
                                file=folder / "onnx" / job["file"])
    memory["after_load"] = memory_mb()
    with Clock() as warm:
        embedder.embed(["전입신고는 어디서 하나요?"], "query")
    out = {"config": job["config"], "file": job["file"], "limit": job["limit"], "load": load.figures(),
           "first_question": warm.figures(), "questions": questions(embedder, job["questions"])}
    memory["after_questions"] = memory_mb()
    out["seoul120_index"] = seoul_index(embedder, job["seoul_rows"])
    memory["after_passages"] = memory_mb()
    memory["peak_rss"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    memory["added_rss"] = {stage: round(memory[stage]["rss"] - memory["before_import"]["rss"], 1)
                           for stage in ("after_load", "after_questions", "after_passages")}
    return out | {"memory_mb": memory}


def limited(embedder, folder: Path, texts: list[str], full: np.ndarray, limit: int) -> np.ndarray:
    """The passages longer than ``limit`` tokens encoded again, cut there; the others are unchanged by it."""
    from bot.search.onnx_model import tokenizer

    longer = [i for i, n in enumerate(token_counts(embedder, texts, "passage")) if n > limit]
    out = full.copy()
    if longer:
        kept = embedder.tokenizer
        embedder.tokenizer = tokenizer(folder, limit)
        try:
            out[longer] = embedder.embed([texts[i] for i in longer], "passage")
        finally:
            embedder.tokenizer = kept
    return out


def scores(job: dict) -> dict:
    """hit@1 / hit@3 on each set's dev questions, by passage token limit (0: the model's own)."""
    from bot.search.onnx_model import OnnxEmbedder

    folder = Path(job["model"])
    embedder = OnnxEmbedder(folder, runs=runs_of(job["config"]), file=folder / "onnx" / job["file"])
    out = {"config": job["config"], "file": job["file"], "sets": {}}
    for name in job["sets"]:
        ids, texts = passages(name)
        lengths = sorted(token_counts(embedder, texts, "passage"))
        queries = query_file(name, dev_only=True)
        with Clock() as clock:
            full = embedder.embed(texts, "passage")
        asked = embedder.embed([q.text for q in queries], "query")
        found = {"rows": len(ids), "encoding": clock.figures(len(ids)),
                 "passage_tokens_p50_p95_max": [lengths[len(lengths) // 2], lengths[int(len(lengths) * .95)], lengths[-1]]}
        for limit in job["limits"]:
            vectors = limited(embedder, folder, texts, full, limit) if limit else full
            found[f"t{limit or 'model'}"] = {"longer": sum(n > limit for n in lengths) if limit else 0,
                                             **quality(ids, vectors, queries, asked)}
        out["sets"][name] = found
        print(name, json.dumps(found), file=sys.stderr, flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="", help="the EmbeddingGemma-300M folder, converted (its onnx/)")
    parser.add_argument("--file", default="model_int8_v2.onnx", help="the ONNX file in the folder's onnx/")
    parser.add_argument("--configs", default="t1w2,t2w1", help="t<threads>w<workers>, comma-separated")
    parser.add_argument("--limit", type=int, default=0, help="passage token limit for the cost runs (0: the model's)")
    parser.add_argument("--questions", type=int, default=120, help="dev questions asked one at a time")
    parser.add_argument("--seoul-rows", type=int, default=0, help="Seoul 120 rows encoded (0: all 2,638)")
    parser.add_argument("--quality", action="store_true", help="hit@1 by passage token limit instead of the cost")
    parser.add_argument("--limits", default="0,192,160,128")
    parser.add_argument("--sets", default="demo,boulder,seoul120")
    parser.add_argument("--shared", default=str(SHARED), help="the shared evaluation folder (boulder/, seoul120/)")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        job = json.loads(args.child)
        print(json.dumps(scores(job) if job["quality"] else cost(job), ensure_ascii=False))
        return 0
    if not (Path(args.model) / "onnx" / args.file).exists():
        print(f"no {args.file} in {args.model}/onnx: give --model, a model folder converted by `make "
              "embedder-gemma-onnx` (docs/deploy.md); nothing measured")
        return 0
    out_path = Path(args.out)
    results = json.loads(out_path.read_text(encoding="utf-8")) if out_path.exists() else {}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOKENIZERS_PARALLELISM": "false", "MINWON_BENCH_SHARED": args.shared}
    for config in args.configs.split(","):
        job = {"config": config, "model": args.model, "file": args.file, "limit": args.limit, "quality": args.quality,
               "questions": args.questions, "seoul_rows": args.seoul_rows, "sets": args.sets.split(","),
               "limits": [int(x) for x in args.limits.split(",")]}
        load = [round(x, 2) for x in os.getloadavg()]
        print(f"{config}: measuring (load average {load})", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--child", json.dumps(job)], stdout=subprocess.PIPE, text=True,
                              env=env)   # its progress on stderr as it goes
        if done.returncode:
            sys.exit(f"{config} failed")
        key = f"{'quality' if args.quality else 'cost'}:{args.file}:{config}:t{args.limit or 'model'}"
        results[key] = {**json.loads(done.stdout.strip().splitlines()[-1]), "load_before": load,
                        "load_after": [round(x, 2) for x in os.getloadavg()], "date": time.strftime("%Y-%m-%d %H:%M"),
                        "command": " ".join(["bench/onnx_runs.py", *sys.argv[1:]])}
        print(json.dumps(results[key], ensure_ascii=False), file=sys.stderr, flush=True)
        out_path.parent.mkdir(exist_ok=True)
        out_path.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
