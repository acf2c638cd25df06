"""Staff teach the bot: does attaching last month's questions help with this month's? (issue 25 §4)

For each evaluation set: the in-scope queries are grouped by a FAQ row they expect (a query expecting
several joins the one most queries expect); in each group of two or more, half play "last month's
questions" and an oracle attaches each to the group's row, as staff would from the unanswered queue; the other half (other
residents' wordings of the same rows) is evaluated with `minwon eval`'s own code, before and after,
with every out-of-scope query. Then the halves swap, and both folds are pooled. Two oracles: one attaches
every last-month question, the other only those the bot did not answer with an expected row (what the
queue would hold). The attached questions join their rows as publishing adds taught questions
(bot/knowledge/taught.py: with_taught).

    .venv/bin/python bench/teach_loop.py [--sets demo,boulder,seoul120] [--out bench/results/teach_loop.json]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation import Query, evaluate, load_queries  # noqa: E402
from bot.knowledge.faq import FaqRow, load_faq  # noqa: E402
from bot.knowledge.taught import Taught, TaughtQuestion, with_taught  # noqa: E402
from bot.search.embedders import embedder_from  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.teaching import Question, answers, index_of  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SETS = {"demo": (ROOT / "knowledge" / "faq", ROOT / "eval" / "demo_queries.csv"),
        "boulder": (SHARED / "boulder" / "faq.csv", ROOT / "eval" / "boulder_queries.csv"),
        "seoul120": (SHARED / "seoul120" / "faq.csv", ROOT / "eval" / "seoul120_queries.csv")}
FAQ_COLUMNS = ["id", "question", "answer", "alternates", "category", "department", "phone", "url", "lang",
               "valid_from", "valid_to", "review_by"]
METRICS = ("hit_at_1", "hit_at_3", "inscope_answer_rate", "oos_rejection")


def row_groups(queries: list[Query]) -> dict[str, list[Query]]:
    """In-scope queries grouped by a row they all expect: each query joins the row of its expected ones
    that most queries expect (a Korean row rather than its English twin, a topic's main row); groups of
    two or more only, each in a fixed order that does not follow the file's."""
    expected_by = Counter(row_id for q in queries for row_id in q.expected)
    groups: dict[str, list[Query]] = {}
    for query in (q for q in queries if q.expected):
        row = min(query.expected, key=lambda row_id: (-expected_by[row_id], row_id))
        groups.setdefault(row, []).append(query)
    return {row: sorted(g, key=lambda q: hashlib.sha1(q.text.encode()).hexdigest())
            for row, g in sorted(groups.items()) if len(g) >= 2}


def folds(groups: dict[str, list[Query]]) -> list[tuple[list[tuple[str, Query]], list[Query]]]:
    """(last month's questions with the row they are attached to, this month's questions) twice: each
    group's first half attached, then its second half."""
    halves = [([(row, q) for q in g[:len(g) // 2]], g[len(g) // 2:], [(row, q) for q in g[len(g) // 2:]],
               g[:len(g) // 2]) for row, g in groups.items()]
    return [(sum((h[0] for h in halves), []), sum((h[1] for h in halves), [])),
            (sum((h[2] for h in halves), []), sum((h[3] for h in halves), []))]


def oracle(attached: list[tuple[str, Query]]) -> Taught:
    """Each question attached to its group's row, one of its right answers (as staff would pick)."""
    return Taught([TaughtQuestion(row, q.text, "oracle") for row, q in attached])


def write_faq(rows: list[FaqRow], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(FAQ_COLUMNS)
        for row in rows:
            values = {**row.__dict__, "alternates": "|".join(a.replace("|", " ") for a in row.alternates)}
            writer.writerow(["" if values[c] is None else values[c] for c in FAQ_COLUMNS])
    return path


def write_queries(queries: list[Query], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["query", "expected_id", "lang"])
        writer.writerows([q.text, "|".join(sorted(q.expected)), q.lang] for q in queries)
    return path


def pooled(reports: list[dict]) -> dict:
    """Both folds' figures as one: in-scope rates weighted by each fold's in-scope queries (the
    out-of-scope queries are the same in both folds)."""
    total = sum(r["n_inscope"] for r in reports)
    found = {m: round(sum(r[m] * r["n_inscope"] for r in reports) / total, 4) for m in METRICS if m != "oos_rejection"}
    return {**found, "oos_rejection": reports[0]["oos_rejection"], "n_inscope": total, "n_oos": reports[0]["n_oos"]}


def teach_loop(name: str, settings: Settings, embedder, scratch: Path) -> dict:
    faq_path, queries_path = SETS[name]
    faq = load_faq(faq_path, settings.current_date(), strict=False)
    rows = faq.rows + faq.expired
    base = write_faq(rows, scratch / f"{name}-faq.csv")
    queries = load_queries(queries_path)
    out_of_scope = [q for q in queries if not q.expected]
    groups = row_groups(queries)
    if not groups:
        return {"groups": 0, "note": "no row is expected by two queries: nothing to teach"}
    # The row the bot answers each query with now: the queue would hold those not answered with an expected row.
    now = answers([Question(q.text, q.lang) for g in groups.values() for q in g], index_of(rows, settings, embedder),
                  embedder, settings)
    report: dict = {"groups": len(groups), "queries_in_groups": sum(map(len, groups.values())), "folds": []}
    runs: dict[str, list[dict]] = {"before": [], "all attached": [], "missed attached": []}
    for number, (last_month, this_month) in enumerate(folds(groups)):
        evaluated = write_queries(this_month + out_of_scope, scratch / f"{name}-queries-{number}.csv")
        missed = [(row, q) for row, q in last_month if now[Question(q.text, q.lang)] not in q.expected]
        taught = {"all attached": last_month, "missed attached": missed}
        fold = {"attached_all": len(last_month), "attached_missed": len(missed), "evaluated": len(this_month)}
        runs["before"].append(evaluate(base, evaluated, settings, embedder, calibrate=settings.calibrated_threshold))
        for label, attached in taught.items():
            path = write_faq(with_taught(rows, oracle(attached)), scratch / f"{name}-faq-{number}-{len(attached)}.csv")
            runs[label].append(evaluate(path, evaluated, settings, embedder, calibrate=settings.calibrated_threshold))
        report["folds"].append(fold)
        print(name, "fold", number, fold, flush=True)
    report.update({label: pooled(reports) for label, reports in runs.items()})
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="demo,boulder,seoul120", help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "teach_loop.json"))
    args = parser.parse_args()
    settings = Settings.load({"today": "2026-11-25"})
    embedder = embedder_from(settings)
    report = {"date": time.strftime("%Y-%m-%d %H:%M"), "embedder": embedder.name,
              "answer_threshold": settings.answer_threshold, "calibrated_threshold": settings.calibrated_threshold,
              "sets": {}}
    with tempfile.TemporaryDirectory() as scratch:
        for name in args.sets.split(","):
            start = time.perf_counter()
            report["sets"][name] = teach_loop(name, settings, embedder, Path(scratch))
            report["sets"][name]["seconds"] = round(time.perf_counter() - start, 1)
            print(name, json.dumps(report["sets"][name], ensure_ascii=False), flush=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
