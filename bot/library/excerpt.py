"""What a search result shows: the unit's matching lines with a line of context each, in the order
they stand, gaps marked; and the result as the JSON endpoint and ``--json`` give it."""
from __future__ import annotations

from dataclasses import dataclass

from bot.library.decision import Ranking
from bot.library.index import Hit
from bot.library.names import name_of

CONTEXT = 1
MAX_LINES = 8
MAX_LINE_CHARS = 400


@dataclass(frozen=True)
class ExcerptLine:
    text: str
    match: bool
    gap_before: bool = False     # lines were left out before this one


def excerpt(hit: Hit) -> list[ExcerptLine]:
    lines = hit.entry.unit.lines
    if not lines:
        return []
    chosen: set[int] = set()
    for number in sorted(hit.lines):
        chosen.update(range(max(0, number - CONTEXT), min(len(lines), number + CONTEXT + 1)))
    if not chosen:
        chosen = set(range(min(3, len(lines))))
    shown, previous = [], -1
    for number in sorted(chosen)[:MAX_LINES]:
        text = lines[number].text
        text = text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + "…"
        shown.append(ExcerptLine(text, number in hit.lines, number > previous + 1))
        previous = number
    return shown


def hit_json(hit: Hit) -> dict:
    document, unit = hit.entry.document, hit.entry.unit
    return {"unit_id": hit.unit_id, "citation": hit.citation, "law": name_of(document), "document": document.title,
            "heading": unit.heading, "path": list(unit.path), "kind": document.kind,
            "department": document.department, "effective": document.effective, "source_url": document.source_url,
            "score": round(hit.score, 4), "matched_terms": hit.terms,
            "excerpt": [{"text": x.text, "match": x.match, "gap_before": x.gap_before} for x in excerpt(hit)]}


def ranking_json(ranking: Ranking) -> dict:
    return {"question": ranking.question, "answered": ranking.answered(),
            "confidence": round(ranking.confidence, 4) if ranking.hits else None,
            "threshold": ranking.index.tuning.threshold, "results": [hit_json(h) for h in ranking.hits]}
