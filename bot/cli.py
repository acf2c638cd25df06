"""The ``minwon`` command: check and publish knowledge, ask, evaluate."""
from __future__ import annotations

import argparse
import json
import shlex
import sys
from pathlib import Path

from bot.settings import ROOT, Settings


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    """Check every knowledge file; name file, row and column of each problem; list FAQ rows due for review."""
    from bot.complaints.dong_areas import dong_area_problems
    from bot.dialogue.places import place_problems
    from bot.knowledge.contacts import faq_contact_problems
    from bot.knowledge.district import load_district
    from bot.knowledge.faq import load_faq
    from bot.knowledge.taught import load_taught, taught_problems

    district = load_district(settings.tables_dir, base=settings.knowledge_dir, strict=False)
    faq = load_faq(settings.faq_dir, settings.current_date(), base=settings.knowledge_dir, strict=False)
    problems = district.problems + faq.problems + faq_contact_problems(district.departments, faq.rows + faq.expired)
    problems += taught_problems(load_taught(settings.knowledge_dir), faq.rows + faq.expired)
    problems += dong_area_problems(settings.tables_dir, settings.knowledge_dir, {s.dong for s in district.schedules})
    problems += place_problems(settings.tables_dir, settings.knowledge_dir, district.schedules)
    for problem in problems:
        print(f"{problem.severity.upper()}: {problem}")
    for row in faq.due_for_review:
        print(f"REVIEW: {row.file} row {row.row} ({row.id}): review_by {row.review_by} has passed")
    errors = [p for p in problems if p.severity == "error"]
    counts = (f"{len(district.schedules)} dongs, {len(district.bulky_fees)} bulky fees, "
              f"{len(district.recycling)} sorting items, {len(district.events)} events, "
              f"{len(district.welfare)} welfare programmes, {len(district.offices)} offices, "
              f"{len(faq.rows)} FAQ rows in force ({len(faq.expired)} not in force)")
    if errors:
        print(f"{len(errors)} error(s): fix them and run `minwon validate` again. ({counts})")
        return 1
    print(f"OK: {counts}")
    return 0


def cmd_publish(args: argparse.Namespace, settings: Settings) -> int:
    """Validate, rebuild the FAQ index (re-embedding only changed rows) and make it live."""
    from bot.publishing import publish

    result = publish(settings, force=args.force)
    if not result.changed:
        print(f"Nothing changed: {result.version} stays live ({result.rows} FAQ rows).")
    else:
        print(f"Published {result.version}: {result.rows} FAQ rows, {result.embedded} newly embedded, "
              f"{result.seconds:.1f} s. Residents see it now; `minwon rollback` returns to the previous one.")
        if result.calibrated:
            use = "in use" if settings.calibrated_threshold else "not in use: MINWON_CALIBRATED_THRESHOLD=true uses them"
            print(f"Thresholds calibrated from the FAQ (ko / en): {result.calibrated['ko']} / "
                  f"{result.calibrated['en']} ({use}).")
    if result.due_for_review:
        print(f"{result.due_for_review} FAQ row(s) are due for review: see `minwon validate`.")
    return 0


def cmd_rollback(args: argparse.Namespace, settings: Settings) -> int:
    """Make the previous published version live again."""
    from bot.search.versions import IndexStore

    try:
        version = IndexStore(settings.index_dir).rollback()
    except LookupError as exc:
        print(f"Cannot roll back: {exc}.", file=sys.stderr)
        return 1
    print(f"Rolled back: {version} is live.")
    return 0


def cmd_versions(args: argparse.Namespace, settings: Settings) -> int:
    """List published versions; the live one is marked with *."""
    from bot.search.versions import IndexStore

    store = IndexStore(settings.index_dir)
    current = store.current_version()
    for version in store.versions():
        manifest = store.manifest(version)
        print(f"{'*' if version == current else ' '} {version}  {manifest['rows']} rows  {manifest['created']}")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question from the FAQ, with its citations."""
    from bot.answer.pipeline import AnswerService
    from bot.knowledge.faq import load_faq
    from bot.language import detect_language
    from bot.publishing import build, calibration_for
    from bot.search.embedders import embedder_from

    embedder = embedder_from(settings)
    faq = load_faq(Path(args.faq), settings.current_date(), strict=False) if args.faq else None
    index = build(settings, faq, embedder)[0] if faq else None   # else the published index
    if index is not None and settings.calibrated_threshold:
        index.calibration = calibration_for(settings, index, embedder)
    service = AnswerService(settings, index=index, embedder=embedder)
    answer = service.answer(args.question, args.lang or detect_language(args.question, settings.default_lang))
    if answer.status == "answered":
        print(answer.text)
        for number, citation in enumerate(answer.citations, start=1):
            print(f"[{number}] {citation['id']}: {citation['title']} {citation['url']}".rstrip())
        print(f"(source: {answer.source})")
        return 0
    print(f"Not answered ({answer.refusal}): " + "; ".join(answer.notes))
    return 2


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Retrieval quality on a FAQ file: hit@1, hit@3, MRR, out-of-scope rejection, in-scope answer rate;
    on the dev queries, and apart on test queries (never tuned on)."""
    from bot.evaluation import companion_test_files, evaluate

    queries = Path(args.queries)
    tests = [Path(p) for p in args.test] if args.test else companion_test_files(queries) if args.with_test else []
    report = evaluate(Path(args.faq), queries, settings, test_paths=tests)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"FAQ rows {report['faq']['rows']} (index built in {report['faq']['index_build_seconds']} s)")
    print(f"dev ({queries.name}):")
    _print_figures(report)
    _print_thresholds(report)
    suggested = report["suggested"]
    if suggested:
        print(f"suggested: MINWON_ANSWER_THRESHOLD={suggested['answer_threshold']} "
              f"MINWON_ENGLISH_THRESHOLD_OFFSET={suggested['english_threshold_offset']} — answers "
              f"{suggested['inscope_answer_rate']} of in-scope queries (target {suggested['target_answer_rate']} "
              f"per language), rejects {suggested['oos_rejection']} of out-of-scope ones")
    if "test" in report:
        test = report["test"]
        print(f"test ({', '.join(test['files'])}; report only, never tuned on):")
        _print_figures(test)
        if test.get("calibrated"):
            print(f"test at the calibrated thresholds: inscope_answer_rate={test['calibrated']['inscope_answer_rate']} "
                  f"oos_rejection={test['calibrated']['oos_rejection']}")
        for name, part in test["files"].items():
            print(f"{name}:")
            _print_figures(part)
    return 0


def _print_thresholds(report: dict) -> None:
    """The thresholds in use, and the ones calibrated from the FAQ alone beside the best for these queries."""
    used, calibrated, best = report["thresholds"], report.get("calibrated"), report.get("suggested")
    source = "calibrated from the FAQ" if calibrated and calibrated["in_use"] else "settings"
    print(f"thresholds in use (ko / en): {used['ko']} / {used['en']} ({source})")
    if calibrated:
        switch = "in use" if calibrated["in_use"] else "not in use; MINWON_CALIBRATED_THRESHOLD=true uses them"
        line = (f"calibrated from the FAQ (ko / en): {calibrated['thresholds']['ko']} / {calibrated['thresholds']['en']}"
                f" — answers {calibrated['inscope_answer_rate']} of in-scope queries, rejects "
                f"{calibrated['oos_rejection']} of out-of-scope ones ({switch})")
        if best:
            english = round(best["answer_threshold"] - best["english_threshold_offset"], 3)
            line += f"; best for these queries: {best['answer_threshold']} / {english}"
        print(line)


def _print_figures(report: dict) -> None:
    for name, part in [("all", report), *report["by_lang"].items()]:
        print(f"{name:>4}: n={part['n']} hit@1={part['hit_at_1']} hit@3={part['hit_at_3']} mrr={part['mrr']} "
              f"oos_rejection={part['oos_rejection']} inscope_answer_rate={part['inscope_answer_rate']}")


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

    from bot.secrets import shared_secret

    token = shared_secret(settings, "rasa_token")
    for path in args.files:
        url = (args.rasa_url or settings.rasa_url).split("|")[0]
        print(summary(Path(path).name, evaluate(url, load_examples(Path(path)), token)))
    return 0


def cmd_secrets(args: argparse.Namespace, settings: Settings) -> int:
    """The keys Rasa and the action server share on this machine (made once into the data folder
    unless set): MINWON_ACTION_KEY and MINWON_RASA_TOKEN as shell exports (`make run` reads them)."""
    from bot.secrets import shared_secret

    for name in ("action_key", "rasa_token"):
        print(f"export MINWON_{name.upper()}={shlex.quote(shared_secret(settings, name))}")
    return 0


def cmd_converse(args: argparse.Namespace, settings: Settings) -> int:
    """Play conversation files against a running gateway: transcript, each conversation's result, turn pass rate."""
    from bot.conversations import CorpusError, Player, load_conversations, play
    from bot.conversations.player import GatewayUnreachable
    from bot.conversations.report import closing, summary, transcript

    try:
        conversations = load_conversations([Path(p) for p in args.paths])
    except CorpusError as exc:
        print("\n".join(exc.problems) + "\nNothing was played: fix the file(s) above.", file=sys.stderr)
        return 2
    player = Player(args.url, rasa_url=args.rasa_url, rasa_token=_rasa_token(args, settings), database=args.database)
    try:
        result = play(conversations, player, None if args.json else lambda played: print(transcript(played) + "\n"))
    except GatewayUnreachable as exc:
        print(f"Cannot play: {exc}. Start the gateway (`make run`) or give its address with --url.", file=sys.stderr)
        return 2
    if player.clock_ignored:
        print("NOTE: the gateway ignored X-Minwon-Now (start it with MINWON_TEST_CLOCK=true): "
              "it answered with its own date and time, not the conversations'.", file=sys.stderr)
    figures = summary(result)
    print(json.dumps(figures, ensure_ascii=False) if args.json else closing(result))
    return 0 if figures["passed"] == figures["turns"] else 1


def _rasa_token(args: argparse.Namespace, settings: Settings) -> str:
    """--rasa-token, else the token `make run` gives its Rasa processes (kept in the data folder once
    Rasa's API requires one, issue 27), else none: stock `rasa run --enable-api` needs none."""
    if args.rasa_token or not args.rasa_url:
        return args.rasa_token
    kept = settings.data_dir / "rasa_token"
    return settings.rasa_token or (kept.read_text(encoding="utf-8").strip() if kept.is_file() else "")


def cmd_staff(args: argparse.Namespace, settings: Settings) -> int:
    """Staff console accounts: `minwon staff add NAME --role admin|staff [--department D]` asks for the
    password; `minwon staff change NAME [--role R] [--department D] [--password]` ends the member's
    console sessions at once."""
    from bot.staff import AccountError, StaffAccounts

    wants_password = args.staff_command == "add" or args.password or args.password_stdin
    password = _new_password(args) if wants_password else None
    if wants_password and password is None:
        return 1
    accounts = StaffAccounts(settings.database)
    try:
        if args.staff_command == "add":
            user = accounts.create(args.username, password, args.role, args.department or "")
            print(f"Created {user.role} '{user.username}'{_in(user)}: log in at /staff/login.")
        else:
            user = accounts.change(args.username, args.role, args.department, password)
            print(f"Changed '{user.username}' ({user.role}{_in(user)}); their console sessions ended.")
    except AccountError as exc:
        print(f"Cannot {args.staff_command} the account: {exc}.", file=sys.stderr)
        return 1
    return 0


def _in(user) -> str:
    if user.department:
        return f", {user.department}"
    return "" if user.is_admin else ", no department: they see no resident's contact details"


def _new_password(args: argparse.Namespace) -> str | None:
    from bot.staff import MIN_PASSWORD

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    password = getpass.getpass(f"Password for {args.username} (at least {MIN_PASSWORD} characters): ")
    if getpass.getpass("Type it again: ") != password:
        print("The two passwords differ: nothing was changed.", file=sys.stderr)
        return None
    return password


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="minwon", description="minwon: a district office's resident chatbot.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, run in [("validate", cmd_validate), ("rollback", cmd_rollback), ("versions", cmd_versions),
                      ("secrets", cmd_secrets)]:
        commands.add_parser(name, help=run.__doc__, description=run.__doc__).set_defaults(run=run)
    publish = commands.add_parser("publish", help=cmd_publish.__doc__, description=cmd_publish.__doc__)
    publish.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    publish.set_defaults(run=cmd_publish)
    ask = commands.add_parser("ask", help=cmd_ask.__doc__, description=cmd_ask.__doc__)
    ask.add_argument("question")
    ask.add_argument("--faq", help="a FAQ file or folder to answer from (default: the published index)")
    ask.add_argument("--lang", choices=["ko", "en"], help="default: detected from the question")
    ask.set_defaults(run=cmd_ask)
    evaluation = commands.add_parser("eval", help=cmd_eval.__doc__, description=cmd_eval.__doc__)
    evaluation.add_argument("--faq", required=True, help="FAQ file (id, question, answer, … columns)")
    evaluation.add_argument("--queries", required=True, help="CSV query,expected_id[,lang]; empty id = out of scope")
    evaluation.add_argument("--test", nargs="+", default=[], metavar="CSV",
                            help="test query files, reported apart (key `test` of --json); never tuned on")
    evaluation.add_argument("--with-test", action="store_true",
                            help="test = the dev file's <set>_test.csv and <set>_heldout*.csv beside it")
    evaluation.add_argument("--json", action="store_true", help="print one JSON object")
    evaluation.set_defaults(run=cmd_eval)
    lookups = commands.add_parser("nlu-lookups", help=cmd_nlu_lookups.__doc__, description=cmd_nlu_lookups.__doc__)
    lookups.add_argument("--output", default=str(ROOT / "data" / "nlu" / "lookups.yml"))
    lookups.set_defaults(run=cmd_nlu_lookups)
    nlu_eval = commands.add_parser("nlu-eval", help=cmd_nlu_eval.__doc__, description=cmd_nlu_eval.__doc__)
    nlu_eval.add_argument("files", nargs="+", help="Rasa NLU YAML files, e.g. tests/nlu/heldout_ko.yml")
    nlu_eval.add_argument("--rasa-url", default="", help="default: the rasa_url setting")
    nlu_eval.set_defaults(run=cmd_nlu_eval)
    converse = commands.add_parser("converse", help=cmd_converse.__doc__, description=cmd_converse.__doc__)
    converse.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                          help="conversation files, or folders of them (tests/conversations/README.md)")
    converse.add_argument("--url", required=True, help="the gateway, e.g. http://127.0.0.1:8000")
    converse.add_argument("--json", action="store_true", help="print only {turns, passed, rate, by_file}")
    converse.add_argument("--rasa-url", default="", help="Rasa's HTTP API, for `slots` checks ('|' between several)")
    converse.add_argument("--rasa-token", default="",
                          help="the token Rasa's HTTP API requires (default: the data folder's rasa_token, if any)")
    converse.add_argument("--database", default="", help="the complaints database URL, for `complaint` checks")
    converse.set_defaults(run=cmd_converse)
    staff = commands.add_parser("staff", help=cmd_staff.__doc__, description=cmd_staff.__doc__)
    staff_commands = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")
    staff_add = staff_commands.add_parser("add", help="create a console account")
    staff_add.add_argument("username")
    staff_add.add_argument("--role", choices=["admin", "staff"], default="staff")
    staff_change = staff_commands.add_parser("change", help="change role, department or password (ends their sessions)")
    staff_change.add_argument("username")
    staff_change.add_argument("--role", choices=["admin", "staff"], default=None)
    staff_change.add_argument("--password", action="store_true", help="ask for a new password")
    for sub in (staff_add, staff_change):
        sub.add_argument("--department", default=None,
                         help="the department whose complaints' contact details they may see (e.g. 교통행정과)")
        sub.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    staff.set_defaults(run=cmd_staff)
    from bot.complaints.retention import add_parser as add_purge
    from bot.library.cli import add_parser as add_library

    add_library(commands)
    add_purge(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.knowledge.files import KnowledgeError

    args = build_parser().parse_args(argv)
    try:
        return args.run(args, Settings.load())
    except KnowledgeError as exc:
        print(f"ERROR: {exc}\nNothing was published. Fix the file(s) above and run `minwon validate`.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
