"""Split our own query files into dev (design and tuning) and test (report only); issue 25, section 1.

    .venv/bin/python scripts/split_queries.py            # eval/{demo,seoul120,boulder}_queries.csv
    .venv/bin/python scripts/split_queries.py --check    # fail when the files are not split by the rule

The rule: within each stratum (language × in scope / out of scope), the queries are ordered by the SHA-256
of their text and the first quarter (rounded to the nearest whole query) goes to ``eval/<name>_test.csv``;
the rest stays in ``eval/<name>_queries.csv`` (dev). Both keep the order of the original file. The split
reads dev and test together first, so running it again changes nothing. Nothing here reads a query's
wording beyond its hash: the test rows were never looked at to choose them.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("demo", "seoul120", "boulder")
TEST_SHARE = 0.25
COLUMNS = ["query", "expected_id", "lang"]


def stratum(row: dict) -> tuple[str, bool]:
    return (row.get("lang") or "ko").strip() or "ko", bool((row.get("expected_id") or "").strip())


def rank_key(row: dict) -> str:
    return hashlib.sha256(row["query"].encode("utf-8")).hexdigest()


def split(rows: list[dict], share: float = TEST_SHARE) -> tuple[list[dict], list[dict]]:
    """(dev, test): a stratified, deterministic ``share`` of ``rows`` in test, each in the input's order."""
    chosen: set[int] = set()
    for key in sorted({stratum(r) for r in rows}):
        members = sorted((i for i, r in enumerate(rows) if stratum(r) == key), key=lambda i: rank_key(rows[i]))
        chosen.update(members[:int(len(members) * share + 0.5)])
    return ([r for i, r in enumerate(rows) if i not in chosen], [r for i, r in enumerate(rows) if i in chosen])


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict], line_end: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, extrasaction="ignore", lineterminator=line_end)
        writer.writeheader()
        writer.writerows({**r, "lang": (r.get("lang") or "ko").strip() or "ko"} for r in rows)


def paths(name: str, folder: Path) -> tuple[Path, Path]:
    return folder / f"{name}_queries.csv", folder / f"{name}_test.csv"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", default=str(ROOT / "eval"))
    parser.add_argument("--check", action="store_true", help="only check that the files follow the rule")
    args = parser.parse_args()
    folder, wrong = Path(args.eval_dir), []
    for name in NAMES:
        dev_path, test_path = paths(name, folder)
        dev, test = read(dev_path), read(test_path)
        # The original order: dev first, then test (order within each is kept; only membership matters).
        new_dev, new_test = split(dev + test)
        if args.check:
            if [r["query"] for r in new_dev] != [r["query"] for r in dev] or \
                    {r["query"] for r in new_test} != {r["query"] for r in test}:
                wrong.append(name)
            continue
        line_end = "\r\n" if b"\r\n" in dev_path.read_bytes() else "\n"   # as the file was written
        write(dev_path, new_dev, line_end)
        write(test_path, new_test, line_end)
        print(f"{name}: dev {len(new_dev)}, test {len(new_test)}")
    if wrong:
        print("not split by the rule: " + ", ".join(wrong), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
