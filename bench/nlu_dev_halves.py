"""Score a trained Rasa model on development NLU files, each split in two fixed halves (never held-out files).

Half A holds the lines whose sha256 (of the text, entity markup removed) starts with an even byte, half B the rest:
read only half A's misses while writing training lines, and half B's figure stands for phrasing not seen. "unseen"
leaves out dev lines equal to a training line (lower-cased, punctuation removed).

    PYTHONPATH=$PWD .venv-rasa/bin/python bench/nlu_dev_halves.py models/minwon.tar.gz tests/nlu/dev_en_voices3.yml \
        [more dev files] [--show A]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timings import p50_p95  # noqa: E402
from bot.nlu_eval import load_examples, macro_f1  # noqa: E402


def normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def half(text: str) -> str:
    return "A" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def figures(examples: list[tuple[str, str]], predicted: list[str], keep) -> dict:
    rows = [(gold, got) for (text, gold), got in zip(examples, predicted) if keep(text)]
    f1, per_intent = macro_f1([g for g, _ in rows], [p for _, p in rows])
    misses = sum(g != p for g, p in rows)
    return {"n": len(rows), "macro_f1": round(f1, 4), "accuracy": round(1 - misses / len(rows), 4), "misses": misses,
            "weakest": sorted((round(v, 3), k) for k, v in per_intent.items())[:5]}


async def score(model: str, files: list[Path], show: str) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    seen = {normalised(t) for f in sorted((ROOT / "data" / "nlu").rglob("*.yml")) for t, _ in load_examples(f)}
    results = {}
    for path in files:
        examples = load_examples(path)
        predicted, confidence, timings = [], [], []
        for text, _ in examples:
            start = time.perf_counter()
            parsed = await agent.parse_message(text)
            timings.append((time.perf_counter() - start) * 1000)
            predicted.append(parsed["intent"]["name"])
            confidence.append(parsed["intent"]["confidence"])
        p50, p95 = p50_p95(timings)
        results[path.stem] = {
            "all": figures(examples, predicted, lambda t: True),
            "A": figures(examples, predicted, lambda t: half(t) == "A"),
            "B": figures(examples, predicted, lambda t: half(t) == "B"),
            "B_unseen": figures(examples, predicted, lambda t: half(t) == "B" and normalised(t) not in seen),
            "parse_ms_p50": p50, "parse_ms_p95": p95}
        print(path.stem, json.dumps(results[path.stem], ensure_ascii=False), flush=True)
        for (text, gold), got, conf in zip(examples, predicted, confidence):
            if show and got != gold and half(text) == show:
                print(f"  [{show}] {gold:26s} -> {got:26s} {conf:.2f}  {text}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--show", choices=["A", "B"], help="print the misses of one half (read only A while designing)")
    args = parser.parse_args()
    if any("heldout" in f.name for f in args.files):
        parser.error("held-out files are scored by bench/nlu_pipelines.py (aggregates), not here")
    asyncio.run(score(args.model, args.files, args.show or ""))


if __name__ == "__main__":
    main()
