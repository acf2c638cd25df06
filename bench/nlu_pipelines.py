"""Compare NLU pipelines: held-out intent macro-F1 per language, parse latency, training time.

Run inside the Rasa environment (part of ``make bench``):
    .venv-rasa/bin/python bench/nlu_pipelines.py [--out bench/results/nlu_pipelines.json]
        [--dev tests/nlu/dev_en_voices.yml ...] [config.yml ...]

The held-out files (tests/nlu/heldout_{ko,en}.yml) give aggregate figures only. ``--dev`` files are
development yardsticks: each gets its macro-F1, per-intent F1 and its misclassified utterances too.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timings import p50_p95  # noqa: E402
from bot.nlu_eval import load_examples, macro_f1  # noqa: E402


def train(config: Path, out: Path) -> tuple[str, float]:
    from rasa.model_training import train_nlu

    # Rasa's training cache (.rasa/cache) would make every run after the first time a cache lookup.
    os.environ["RASA_MAX_CACHE_SIZE"] = "0"
    start = time.perf_counter()
    model = train_nlu(str(config), str(ROOT / "data"), str(out), fixed_model_name=config.stem)
    return model, time.perf_counter() - start


async def parse_all(agent, examples: list[tuple[str, str]]) -> tuple[list[str], list[float]]:
    predicted, timings = [], []
    for text, _ in examples:
        start = time.perf_counter()
        parsed = await agent.parse_message(text)
        timings.append((time.perf_counter() - start) * 1000)
        predicted.append(parsed["intent"]["name"])
    return predicted, timings


async def score(model: str, dev_files: list[Path] = ()) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = {}
    for lang in ("ko", "en"):
        examples = load_examples(ROOT / "tests" / "nlu" / f"heldout_{lang}.yml")
        predicted, timings = await parse_all(agent, examples)
        f1, _ = macro_f1([intent for _, intent in examples], predicted)
        p50, p95 = p50_p95(timings)
        results[lang] = {"n": len(examples), "macro_f1": round(f1, 4), "parse_ms_p50": p50, "parse_ms_p95": p95}
    for path in dev_files:
        examples = load_examples(path)
        predicted, _ = await parse_all(agent, examples)
        f1, per_intent = macro_f1([intent for _, intent in examples], predicted)
        results[path.stem] = {
            "n": len(examples), "macro_f1": round(f1, 4),
            "per_intent_f1": {intent: round(value, 3) for intent, value in sorted(per_intent.items())},
            "misses": [[text, gold, got] for (text, gold), got in zip(examples, predicted) if gold != got]}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "nlu_pipelines.json"))
    parser.add_argument("--dev", action="append", default=[], type=Path,
                        help="a development NLU file scored in detail (per-intent F1, misses); repeatable")
    parser.add_argument("configs", nargs="*", default=sorted(str(p) for p in (ROOT / "bench" / "nlu_configs").glob("*.yml")))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in map(Path, args.configs):
            model, seconds = train(config, Path(tmp))
            rows.append({"pipeline": config.stem, "train_s": round(seconds, 1), **asyncio.run(score(model, args.dev))})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    report = {"machine": {"python": platform.python_version(), "cpu_count": __import__("os").cpu_count()},
              "date": time.strftime("%Y-%m-%d"), "pipelines": rows}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
