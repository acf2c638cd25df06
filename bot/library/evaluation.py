"""Library search quality (``minwon library eval``): queries CSV ``query,expected``, ``expected`` a unit
``<folder>/<file stem>#제N조`` relative to the library root (several joined by '|', empty = the library
cannot answer). hit@1, hit@3, MRR, out-of-scope rejection and in-scope answer rate."""
from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from bot.library.catalogue import documents_in, parse_document
from bot.library.formats import LibraryFileError
from bot.library.index import LibraryIndex
from bot.library.live import build_index
from bot.search.embedders import Embedder, embedder_from
from bot.settings import Settings

RANK_DEPTH = 10
ANSWER_RATE_TARGET = 0.90


@dataclass(frozen=True)
class LibraryQuery:
    text: str
    expected: frozenset[str]
    row: int


@dataclass(frozen=True)
class Outcome:
    query: LibraryQuery
    rank: int | None
    confidence: float
    top: str


def load_queries(path: Path) -> list[LibraryQuery]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"query", "expected"} <= set(reader.fieldnames):
            raise ValueError(f"{path}: the header must be query,expected")
        return [LibraryQuery(r["query"], frozenset(filter(None, (r["expected"] or "").split("|"))), n)
                for n, r in enumerate(reader, start=2)]


def half_of(text: str) -> str:
    """A fixed half of a queries file, by the question's text: "A" when the sha256 of the text starts with an
    even byte, else "B" (as bench/nlu_dev_halves.py splits NLU dev files). Read only half A's misses while
    designing; half B's figures then stand for questions not seen."""
    return "A" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def folder_documents(folder: Path):
    """Every document under a folder (ids relative to it); unreadable files are named and skipped."""
    documents, problems = [], []
    for path, doc_id in documents_in(folder):
        try:
            documents.append(parse_document(path, doc_id))
        except LibraryFileError as exc:
            problems.append(str(exc))
    return documents, problems


def metrics(outcomes: list[Outcome], threshold: float) -> dict:
    inscope = [o for o in outcomes if o.query.expected]
    oos = [o for o in outcomes if not o.query.expected]
    n = len(inscope)

    def share(count: int, total: int) -> float | None:
        return round(count / total, 4) if total else None

    return {"n": len(outcomes), "n_inscope": n, "n_oos": len(oos),
            "hit_at_1": share(sum(o.rank == 1 for o in inscope), n),
            "hit_at_3": share(sum(o.rank is not None and o.rank <= 3 for o in inscope), n),
            "mrr": round(sum(1 / o.rank for o in inscope if o.rank) / n, 4) if n else None,
            "oos_rejection": share(sum(o.confidence < threshold for o in oos), len(oos)),
            "inscope_answer_rate": share(sum(o.confidence >= threshold for o in inscope), n)}


def suggested_threshold(outcomes: list[Outcome], target: float = ANSWER_RATE_TARGET) -> float | None:
    """The highest threshold that still answers ``target`` of the in-scope questions."""
    scores = sorted((o.confidence for o in outcomes if o.query.expected), reverse=True)
    needed = math.ceil(target * len(scores))
    return math.floor(scores[needed - 1] * 1000) / 1000 if scores and needed else None


def run(index: LibraryIndex, queries: list[LibraryQuery], embedder: Embedder) -> list[Outcome]:
    outcomes = []
    for query in queries:
        ranking = index.search(query.text, embedder, k=RANK_DEPTH)
        ids = [hit.unit_id for hit in ranking.hits]
        rank = next((i + 1 for i, unit_id in enumerate(ids) if unit_id in query.expected), None)
        outcomes.append(Outcome(query, rank, ranking.confidence, ids[0] if ids else ""))
    return outcomes


def evaluate(queries_path: Path, settings: Settings, library: Path | None = None,
             embedder: Embedder | None = None, live_documents=None, half: str | None = None) -> dict:
    """``library``: a folder evaluated without touching the live library; else ``live_documents``.
    ``half``: only the questions of that half of the file ("A" or "B", half_of)."""
    embedder = embedder or embedder_from(settings)
    documents, problems = folder_documents(library) if library else (live_documents or [], [])
    index, stats = build_index(documents, settings, embedder)
    known = {e.unit_id for e in index.entries}
    queries = [q for q in load_queries(queries_path) if half is None or half_of(q.text) == half]
    unknown = sorted({t for q in queries for t in q.expected} - known)
    outcomes = run(index, queries, embedder)
    report = metrics(outcomes, index.tuning.threshold)
    report.update({"threshold": index.tuning.threshold, "suggested_threshold": suggested_threshold(outcomes),
                   "library": {"documents": stats.documents, "units": stats.units, "embedded": stats.embedded,
                               "index_build_seconds": round(stats.seconds, 2), "unreadable": problems},
                   "unknown_targets": unknown,
                   "misses": [{"row": o.query.row, "query": o.query.text, "top": o.top,
                               "expected": sorted(o.query.expected), "confidence": round(o.confidence, 3)}
                              for o in outcomes if (o.rank != 1 if o.query.expected else
                                                    o.confidence >= index.tuning.threshold)]})
    return report
