"""``minwon library add|search|eval|list``: the document library from the shell."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.settings import Settings


def _service(settings: Settings):
    from bot.complaints.store import ComplaintStore, DatabaseUnavailable
    from bot.library.live import LibraryService

    store = ComplaintStore(settings.database)

    def audit(action: str, target: str, detail: str) -> None:
        try:
            store.audit("cli", action, target[:128], detail)
        except DatabaseUnavailable:
            print(f"NOTE: the audit log is unreachable; {action} {target} was not recorded.", file=sys.stderr)

    return LibraryService(settings, audit=audit)


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    """Add laws, ordinances, guidelines or manuals (Markdown/TXT, PDF, DOCX, HWPX; a folder adds every file in it)."""
    from bot.library.catalogue import Metadata, documents_in
    from bot.library.formats import LibraryFileError

    service = _service(settings)
    metadata = Metadata(kind=args.kind or "", department=args.department or "")
    added = failed = 0
    for given in map(Path, args.paths):
        files = documents_in(given) if given.is_dir() else [(given, f"{given.resolve().parent.name}/{given.stem}")]
        if not given.exists():
            print(f"ERROR: {given}: no such file or folder", file=sys.stderr)
            failed += 1
        for path, doc_id in files:
            try:
                document, replaced = service.library.add(path, doc_id, metadata, by="cli")
            except LibraryFileError as exc:
                print(f"ERROR: {exc}", file=sys.stderr)
                failed += 1
                continue
            added += 1
            print(f"{'replaced' if replaced else 'added'} {doc_id}: {document.title} ({document.kind}, "
                  f"{len(document.units)} units)")
    if added:
        stats = service.rebuild()
        print(f"Indexed {stats.documents} documents, {stats.units} units ({stats.embedded} newly embedded) "
              f"in {stats.seconds:.1f} s.")
    if failed:
        print(f"{failed} file(s) were not added: fix them and run `minwon library add` again.", file=sys.stderr)
    return 1 if failed else 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    """Search the library: articles with citations and the matching lines."""
    from bot.library.excerpt import excerpt, ranking_json

    ranking = _service(settings).search(args.question, k=args.k, kinds=tuple(args.kind or ()),
                                        departments=tuple(args.department or ()))
    if ranking is None:
        print("The library is empty: add documents with `minwon library add PATH`.", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(ranking_json(ranking), ensure_ascii=False))
        return 0
    if not ranking.answered():
        print("자료에서 확실한 답을 찾지 못했어요. 가장 가까운 조문이에요:")
    for number, hit in enumerate(ranking.hits, start=1):
        print(f"[{number}] {hit.citation} — {hit.entry.unit.heading}")
        for line in excerpt(hit):
            print(("  …\n" if line.gap_before else "") + ("  ▶ " if line.match else "    ") + line.text)
    return 0 if ranking.answered() else 3


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Search quality on a queries CSV (query,expected): hit@1, hit@3, MRR, out-of-scope rejection, answer rate."""
    from bot.library.evaluation import evaluate

    live = None if args.library else _service(settings).library.documents()
    report = evaluate(Path(args.queries), settings, Path(args.library) if args.library else None,
                      live_documents=live, half=args.half)
    if args.json:
        print(json.dumps({k: v for k, v in report.items() if k != "misses" or args.verbose}, ensure_ascii=False))
        return 0
    library = report["library"]
    print(f"{library['documents']} documents, {library['units']} units (index built in "
          f"{library['index_build_seconds']} s)")
    print(f"n={report['n']} hit@1={report['hit_at_1']} hit@3={report['hit_at_3']} mrr={report['mrr']} "
          f"oos_rejection={report['oos_rejection']} inscope_answer_rate={report['inscope_answer_rate']} "
          f"(threshold {report['threshold']}; answering 0.90 of in-scope: {report['suggested_threshold']})")
    for target in report["unknown_targets"]:
        print(f"WARNING: expected unit {target} is not in the library")
    if args.verbose:
        for miss in report["misses"]:
            print(f"  row {miss['row']}: {miss['query']} → {miss['top'] or '-'} (expected "
                  f"{'|'.join(miss['expected']) or 'no answer'}, confidence {miss['confidence']})")
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    """List the library's documents."""
    catalogue = _service(settings).library.catalogue()
    for doc_id, entry in sorted(catalogue.items()):
        print(f"{doc_id}\t{entry['title']}\t{entry['kind']}\t{entry['department'] or '-'}\t{entry['units']} units")
    print(f"{len(catalogue)} document(s)")
    return 0


def add_parser(commands) -> None:
    from bot.library.units import KINDS

    library = commands.add_parser("library", help="the staff document library: add, search, eval, list",
                                  description="The staff document library (laws, ordinances, guidelines, manuals).")
    actions = library.add_subparsers(dest="library_command", required=True, metavar="ACTION")
    add = actions.add_parser("add", help=cmd_add.__doc__, description=cmd_add.__doc__)
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--kind", choices=KINDS, help="default: from the file (법령구분, or its name), else 기타")
    add.add_argument("--department", help="the department that keeps it")
    add.set_defaults(run=cmd_add)
    search = actions.add_parser("search", help=cmd_search.__doc__, description=cmd_search.__doc__)
    search.add_argument("question")
    search.add_argument("--json", action="store_true", help="print one JSON object")
    search.add_argument("-k", type=int, default=5, help="how many results (default 5)")
    search.add_argument("--kind", action="append", choices=KINDS, help="only this kind (repeatable)")
    search.add_argument("--department", action="append", help="only this department's documents (repeatable)")
    search.set_defaults(run=cmd_search)
    evaluation = actions.add_parser("eval", help=cmd_eval.__doc__, description=cmd_eval.__doc__)
    evaluation.add_argument("--queries", required=True, help="CSV query,expected (<folder>/<stem>#제N조, '|' between)")
    evaluation.add_argument("--library", help="evaluate on this folder without touching the live library")
    evaluation.add_argument("--json", action="store_true", help="print one JSON object")
    evaluation.add_argument("--verbose", action="store_true", help="list every miss")
    evaluation.add_argument("--half", choices=("A", "B"),
                            help="only this fixed half of the file (sha256 of the question: even first byte = A)")
    evaluation.set_defaults(run=cmd_eval)
    listing = actions.add_parser("list", help=cmd_list.__doc__, description=cmd_list.__doc__)
    listing.set_defaults(run=cmd_list)
