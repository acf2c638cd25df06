"""Intent accuracy of a running Rasa server on a held-out file (``minwon nlu-eval``)."""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import requests
import yaml

ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


def load_examples(path: Path) -> list[tuple[str, str]]:
    """(text, intent) pairs from Rasa NLU YAML, entity markup removed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu", []):
        if "intent" not in block:
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if line.startswith("- "):
                text = ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:].strip())
                pairs.append((text, block["intent"]))
    return pairs


@dataclass
class IntentReport:
    n: int
    accuracy: float
    macro_f1: float
    per_intent_f1: dict[str, float]
    confusions: list[tuple[str, str, str]]
    parse_ms_p50: float
    parse_ms_p95: float


def macro_f1(gold: list[str], predicted: list[str]) -> tuple[float, dict[str, float]]:
    labels = sorted(set(gold))
    scores = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return sum(scores.values()) / len(scores), scores


def evaluate(rasa_url: str, examples: list[tuple[str, str]], token: str = "") -> IntentReport:
    """Parse each example; ``nlu_fallback`` counts as a miss (the resident got no topic answer).
    ``token``: Rasa's --auth-token (its HTTP API answers nobody without it)."""
    http = requests.Session()
    if token:
        http.params = {"token": token}
    predicted, timings = [], []
    for text, _ in examples:
        start = time.perf_counter()
        response = http.post(rasa_url.rstrip("/") + "/model/parse", json={"text": text}, timeout=30)
        response.raise_for_status()
        result = response.json()
        timings.append((time.perf_counter() - start) * 1000)
        predicted.append(result["intent"]["name"])
    gold = [intent for _, intent in examples]
    f1, per_intent = macro_f1(gold, predicted)
    timings.sort()
    confusions = [(t, g, p) for (t, g), p in zip(examples, predicted) if g != p]
    return IntentReport(len(examples), sum(g == p for g, p in zip(gold, predicted)) / len(gold), f1, per_intent,
                        confusions, timings[len(timings) // 2], timings[int(len(timings) * 0.95)])


def summary(name: str, report: IntentReport) -> str:
    worst = Counter({k: v for k, v in report.per_intent_f1.items()}).most_common()[-3:]
    return (f"{name}: n={report.n} intent macro-F1={report.macro_f1:.3f} accuracy={report.accuracy:.3f} "
            f"parse p50={report.parse_ms_p50:.1f} ms p95={report.parse_ms_p95:.1f} ms; "
            f"weakest: {', '.join(f'{k} {v:.2f}' for k, v in worst)}")
