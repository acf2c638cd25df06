"""Start ANOTHER checkout's end-to-end stack (its own tests/e2e/stack.py: Rasa, action server, gateway)
with a given Rasa model, for bench/dialogue_policies.py. Run with the checkout's code first on the path:

    PYTHONPATH=CHECKOUT .venv/bin/python bench/variant_stack.py --root CHECKOUT --model M --workdir W [--database]

Prints one JSON line (web_url, rasa_urls, rasa_token, database, pids) once every process answers, and
stops the stack when its standard input closes (or on SIGTERM). Only the standard library is imported
before the checkout is put first on sys.path, so nothing of this checkout's `bot` is loaded.
"""
from __future__ import annotations

import argparse
import json
import signal
import sys
from contextlib import ExitStack
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True, help="the checkout whose processes run")
    parser.add_argument("--model", required=True, help="the Rasa model (.tar.gz) its Rasa processes load")
    parser.add_argument("--workdir", required=True, help="an empty scratch folder (logs, knowledge copy, var)")
    parser.add_argument("--replicas", type=int, default=1, help="Rasa processes (the deployed system has 2)")
    parser.add_argument("--database", action="store_true",
                        help="complaints in a fresh PostgreSQL database (as the e2e tests), dropped afterwards")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    import tests.e2e.stack as stack_module   # the checkout's own

    if Path(stack_module.ROOT).resolve() != root:
        raise SystemExit(f"imported {stack_module.__file__}, not {root}'s stack: put {root} first on PYTHONPATH")
    stack_module.MODEL = Path(args.model).resolve()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    env = dict(item.split("=", 1) for item in args.env)
    with ExitStack() as cleanup:
        database = None
        if args.database:
            from bot.storage import migrate
            from tests.databases import postgres_database

            database = cleanup.enter_context(postgres_database())
            migrate(database)
            env["MINWON_DATABASE_URL"] = database
        workdir = Path(args.workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        stack = stack_module.Stack(workdir, env, rasa_replicas=args.replicas, web_workers=1)
        stack.start()
        cleanup.callback(stack.stop)
        print(json.dumps({"web_url": stack.web_url,
                          "rasa_urls": [f"http://127.0.0.1:{p}" for p in stack.rasa_ports],
                          "rasa_token": stack.rasa_token, "database": database,
                          "pids": {name: p.popen.pid for name, p in stack.processes.items()}}), flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
