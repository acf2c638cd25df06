"""Retrieval quality of the answer pipeline on any FAQ file (``minwon eval``).

The queries given first are the dev set: what the figures at the top of the report and the suggested
thresholds are computed on. Test files (``--test``: our own ``eval/<set>_test.csv``, the held-out files
written apart) are answered by the same index and reported apart, under ``test``, never tuned on
(docs/adr/0003-retrieval.md).
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from bot.answer.context import AnswerContext
from bot.answer.llm import llm_from
from bot.answer.pipeline import threshold_for, understand
from bot.knowledge.faq import load_faq
from bot.publishing import build, calibration_for
from bot.search.embedders import Embedder, embedder_from
from bot.settings import Settings

RANK_DEPTH = 10
ANSWER_RATE_TARGET = 0.90   # the share of in-scope questions a suggested threshold still answers
NO_THRESHOLD = -1.0         # decide by the rules alone; the threshold is applied afterwards


@dataclass
class Query:
    text: str
    expected: set[str]
    lang: str


def load_queries(path: Path) -> list[Query]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [Query(r["query"], set(filter(None, (r.get("expected_id") or "").split("|"))),
                      (r.get("lang") or "ko").strip() or "ko") for r in csv.DictReader(handle)]


@dataclass
class Outcome:
    query: Query
    rank: int | None          # of the first expected row among the candidates
    passes_rules: bool        # not refused by the guard or decide's rules
    best: float               # the best candidate's similarity (what the threshold is compared with)
    scale: str = ""           # whose threshold applies: "ko" for a question translated into Korean, else its own

    def __post_init__(self) -> None:
        self.scale = self.scale or self.query.lang

    def answered(self, threshold: float) -> bool:
        return self.passes_rules and self.best >= threshold


def _metrics(outcomes: list[Outcome], thresholds: dict[str, float]) -> dict:
    inscope = [(o.rank, o.answered(thresholds[o.scale])) for o in outcomes if o.query.expected]
    oos = [o.answered(thresholds[o.scale]) for o in outcomes if not o.query.expected]
    n = len(inscope)
    return {
        "n": len(outcomes), "n_inscope": n, "n_oos": len(oos),
        "hit_at_1": round(sum(r == 1 for r, _ in inscope) / n, 4) if n else None,
        "hit_at_3": round(sum(r is not None and r <= 3 for r, _ in inscope) / n, 4) if n else None,
        "mrr": round(sum(1 / r for r, _ in inscope if r) / n, 4) if n else None,
        "oos_rejection": round(sum(not a for a in oos) / len(oos), 4) if oos else None,
        "inscope_answer_rate": round(sum(a for _, a in inscope) / n, 4) if n else None,
    }


def highest_threshold(outcomes: list[Outcome], target: float = ANSWER_RATE_TARGET) -> float | None:
    """The highest similarity threshold that still answers ``target`` of these in-scope questions."""
    scores = sorted((o.best for o in outcomes if o.query.expected and o.passes_rules), reverse=True)
    needed = math.ceil(target * sum(1 for o in outcomes if o.query.expected))
    return math.floor(scores[needed - 1] * 1000) / 1000 if needed and len(scores) >= needed else None


def suggest_thresholds(outcomes: list[Outcome], settings: Settings) -> dict | None:
    """Settings that answer ``ANSWER_RATE_TARGET`` of in-scope questions in each language, as the
    defaults were chosen (docs/adr/0003-retrieval.md): for another embedder or another district's FAQ."""
    per_lang = {lang: highest_threshold([o for o in outcomes if o.scale == lang])
                for lang in sorted({o.scale for o in outcomes})}
    korean, english = per_lang.get("ko"), per_lang.get("en")
    if korean is None and english is None:
        return None
    offset = round(korean - english, 3) if korean is not None and english is not None \
        else settings.english_threshold_offset
    base = korean if korean is not None else round(english + offset, 3)
    suggested = {"answer_threshold": base, "english_threshold_offset": offset}
    return {**suggested, "target_answer_rate": ANSWER_RATE_TARGET,
            **_metrics(outcomes, _thresholds(outcomes, replace(settings, **suggested)))}


def _thresholds(outcomes: list[Outcome], settings: Settings, calibration: dict | None = None) -> dict[str, float]:
    """The threshold of every similarity scale the outcomes are judged on (both languages at least): the
    settings', or the FAQ's calibrated ones when ``calibrated_threshold`` is on."""
    return {lang: round(threshold_for(lang, settings, calibration=calibration), 4)
            for lang in {"ko", "en"} | {o.scale for o in outcomes}}


def calibrated_figures(outcomes: list[Outcome], settings: Settings, calibration: dict | None) -> dict | None:
    """The dev figures at the thresholds calibrated from the FAQ alone, whether or not they are in use."""
    if not (calibration or {}).get("thresholds"):
        return None
    thresholds = _thresholds(outcomes, replace(settings, calibrated_threshold=True), calibration)
    return {"thresholds": thresholds, "in_use": settings.calibrated_threshold, "method": calibration["method"],
            "probes": calibration["probes"], **_metrics(outcomes, thresholds)}


def companion_test_files(queries_path: Path) -> list[Path]:
    """The test files of a dev query file ``<set>_queries.csv``: ``<set>_test.csv`` (our own, split off by
    scripts/split_queries.py) and ``<set>_heldout*.csv`` (written apart, eval/HELDOUT.md), those that exist."""
    name = queries_path.name.removesuffix("_queries.csv")
    if name == queries_path.name:
        return []
    folder = queries_path.parent
    return [p for p in [folder / f"{name}_test.csv", *sorted(folder.glob(f"{name}_heldout*.csv"))] if p.exists()]


def _figures(outcomes: list[Outcome], thresholds: dict[str, float]) -> dict:
    """The metrics of ``outcomes``, overall and per question language."""
    return {**_metrics(outcomes, thresholds),
            "by_lang": {lang: _metrics([o for o in outcomes if o.query.lang == lang], thresholds)
                        for lang in sorted({o.query.lang for o in outcomes})}}


def figures_on_test(per_file: dict[str, list[Outcome]], settings: Settings, calibration: dict | None = None) -> dict:
    """Test figures: all test files together (at the settings' thresholds, or the calibrated ones when in use;
    never at thresholds chosen on them), and each file apart."""
    pooled = [o for outcomes in per_file.values() for o in outcomes]
    thresholds = _thresholds(pooled, settings, calibration)
    report = {**_figures(pooled, thresholds), "files": {name: _figures(outcomes, thresholds)
                                                        for name, outcomes in per_file.items()}}
    if (calibration or {}).get("thresholds") and not settings.calibrated_threshold:
        # The calibrated thresholds come from the FAQ alone, never from these queries: shown beside.
        report["calibrated"] = calibrated_figures(pooled, settings, calibration)
    return report


def evaluate(faq_path: Path, queries_path: Path, settings: Settings, embedder: Embedder | None = None,
             test_paths: Sequence[Path] = (), calibrate: bool = True) -> dict:
    """``calibrate``: calibrate the thresholds from the FAQ as a publish does (to show them, and to use
    them when ``calibrated_threshold`` is on); off, the settings' thresholds are the only ones."""
    faq = load_faq(faq_path, settings.current_date(), strict=False)
    embedder = embedder or embedder_from(settings)
    index, stats = build(settings, faq, embedder)
    calibration = calibration_for(settings, index, embedder) if calibrate else None
    llm = llm_from(settings)   # with an LLM configured, English questions are also translated, as when answering

    def answer(path: Path) -> list[Outcome]:
        outcomes = []
        for query in load_queries(path):
            ctx = understand(AnswerContext(query.text, query.lang, settings.current_date()), index, embedder,
                             settings, RANK_DEPTH, threshold=NO_THRESHOLD, llm=llm)
            ids = [c.row.id for c in ctx.candidates]
            rank = next((i + 1 for i, row_id in enumerate(ids) if row_id in query.expected), None)
            best = ctx.candidates[0].similarity(settings.coverage_weight) if ctx.candidates else float("-inf")
            outcomes.append(Outcome(query, rank, ctx.refusal is None, best, "ko" if ctx.translation else query.lang))
        return outcomes

    outcomes = answer(queries_path)
    report = _figures(outcomes, _thresholds(outcomes, settings, calibration))
    report["thresholds"] = _thresholds(outcomes, settings, calibration)
    report["suggested"] = suggest_thresholds(outcomes, settings)   # from the dev queries only
    report["calibrated"] = calibrated_figures(outcomes, settings, calibration)   # from the FAQ alone
    if test_paths:
        report["test"] = figures_on_test({path.name: answer(path) for path in test_paths}, settings,
                                         calibration)
    report["faq"] = {"rows": len(faq.rows), "rejected_rows": [str(p) for p in faq.problems if p.severity == "error"],
                     "index_build_seconds": round(stats.seconds, 2),
                     "index_build_cpu_seconds": round(stats.cpu_seconds, 2), "vectors": stats.vectors,
                     "embedded": stats.embedded}
    return report
