"""The ``minwon`` command: check and publish knowledge, ask, evaluate."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.settings import ROOT, Settings


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Check every knowledge file; name file, row and column of each problem."""
    from bot.knowledge.district import load_district

    district = load_district(settings.tables_dir, base=settings.knowledge_dir, strict=False)
    errors = [p for p in district.problems if p.severity == "error"]
    for problem in district.problems:
        print(f"{problem.severity.upper()}: {problem}")
    counts = (f"{len(district.schedules)} dongs, {len(district.bulky_fees)} bulky fees, "
              f"{len(district.recycling)} sorting items, {len(district.events)} events, "
              f"{len(district.welfare)} welfare programmes, {len(district.offices)} offices")
    if errors:
        print(f"{len(errors)} error(s): fix them and run `minwon validate` again. ({counts})")
        return 1
    print(f"OK: {counts}")
    return 0


def cmd_nlu_lookups(args: argparse.Namespace, settings: Settings) -> int:
    """Regenerate data/nlu/lookups.yml from the knowledge tables."""
    from bot.knowledge.district import load_district
    from bot.nlu_lookups import write_lookups

    district = load_district(settings.tables_dir, base=settings.knowledge_dir)
    changed = write_lookups(district, Path(args.output))
    print(f"{args.output}: {'updated' if changed else 'unchanged'}")
    return 0


def cmd_nlu_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Intent macro-F1 of the running Rasa server on held-out files (one per language)."""
    from bot.nlu_eval import evaluate, load_examples, summary

    for path in args.files:
        print(summary(Path(path).name, evaluate(args.rasa_url or settings.rasa_url, load_examples(Path(path)))))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minwon", description="minwon: a district office's resident chatbot.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help=cmd_validate.__doc__).set_defaults(run=cmd_validate)
    lookups = commands.add_parser("nlu-lookups", help=cmd_nlu_lookups.__doc__)
    lookups.add_argument("--output", default=str(ROOT / "data" / "nlu" / "lookups.yml"))
    lookups.set_defaults(run=cmd_nlu_lookups)
    nlu_eval = commands.add_parser("nlu-eval", help=cmd_nlu_eval.__doc__)
    nlu_eval.add_argument("files", nargs="+", help="Rasa NLU YAML files, e.g. tests/nlu/heldout_ko.yml")
    nlu_eval.add_argument("--rasa-url", default="", help="default: the rasa_url setting")
    nlu_eval.set_defaults(run=cmd_nlu_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.knowledge.files import KnowledgeError

    args = build_parser().parse_args(argv)
    try:
        return args.run(args, Settings.load())
    except KnowledgeError as exc:
        print(f"ERROR: {exc}\nFix the file(s) above and run `minwon validate`.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
