"""Retrieval quality of the answer pipeline on any FAQ file (``minwon eval``)."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from bot.answer.context import AnswerContext
from bot.answer.pipeline import understand
from bot.knowledge.faq import load_faq
from bot.publishing import build
from bot.search.embedders import Embedder, make_embedder
from bot.settings import Settings

RANK_DEPTH = 10


@dataclass
class Query:
    text: str
    expected: set[str]
    lang: str


def load_queries(path: Path) -> list[Query]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [Query(r["query"], set(filter(None, (r.get("expected_id") or "").split("|"))),
                      (r.get("lang") or "ko").strip() or "ko") for r in csv.DictReader(handle)]


def _metrics(results: list[tuple[Query, int | None, bool]]) -> dict:
    inscope = [(rank, answered) for q, rank, answered in results if q.expected]
    oos = [answered for q, _, answered in results if not q.expected]
    n = len(inscope)
    return {
        "n": len(results), "n_inscope": n, "n_oos": len(oos),
        "hit_at_1": round(sum(r == 1 for r, _ in inscope) / n, 4) if n else None,
        "hit_at_3": round(sum(r is not None and r <= 3 for r, _ in inscope) / n, 4) if n else None,
        "mrr": round(sum(1 / r for r, _ in inscope if r) / n, 4) if n else None,
        "oos_rejection": round(sum(not a for a in oos) / len(oos), 4) if oos else None,
        "inscope_answer_rate": round(sum(a for _, a in inscope) / n, 4) if n else None,
    }


def evaluate(faq_path: Path, queries_path: Path, settings: Settings, embedder: Embedder | None = None) -> dict:
    faq = load_faq(faq_path, settings.current_date(), strict=False)
    embedder = embedder or make_embedder(settings.embedder, settings.embedder_model)
    index, stats = build(settings, faq, embedder)
    results = []
    for query in load_queries(queries_path):
        ctx = understand(AnswerContext(query.text, query.lang, settings.current_date()), index, embedder, settings,
                         RANK_DEPTH)
        ids = [c.row.id for c in ctx.candidates]
        rank = next((i + 1 for i, row_id in enumerate(ids) if row_id in query.expected), None)
        results.append((query, rank, ctx.refusal is None))
    report = _metrics(results)
    report["by_lang"] = {lang: _metrics([r for r in results if r[0].lang == lang])
                         for lang in sorted({q.lang for q, _, _ in results})}
    report["faq"] = {"rows": len(faq.rows), "rejected_rows": [str(p) for p in faq.problems if p.severity == "error"],
                     "index_build_seconds": round(stats.seconds, 2), "vectors": stats.vectors,
                     "embedded": stats.embedded}
    return report
