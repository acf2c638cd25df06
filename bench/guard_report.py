"""Guard block rate and false-block rate per language and mode, as a markdown table.

    .venv/bin/python bench/guard_report.py [--misses]

Cases: eval/guard_cases.csv. "Adversarial" in normal mode are the rows with election_only=0;
in election mode the election_only=1 rows (political only during an election period) are
added. "Near-miss" rows are legitimate civic messages that must pass in both modes. A block
counts whatever category the guard returns; "right category" counts exact matches.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.answer.guard import check_message  # noqa: E402

CASES = ROOT / "eval" / "guard_cases.csv"


def load() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pct(n: int, d: int) -> str:
    return f"{n / d:.1%}" if d else "n/a"


def report(rows: list[dict[str, str]], show_misses: bool = False) -> str:
    lines = ["| mode | lang | adversarial | blocked | block rate | right category | near-miss | false blocks | false-block rate |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    misses = []
    for election in (False, True):
        mode = "election" if election else "normal"
        for lang in ("ko", "en", "all"):
            mine = [r for r in rows if lang == "all" or r["lang"] == lang]
            adversarial = [r for r in mine if r["expected"] != "none" and (election or r["election_only"] == "0")]
            near = [r for r in mine if r["expected"] == "none"]
            blocked = right = false = 0
            for r in adversarial:
                got = check_message(r["message"], election)
                blocked += got is not None
                right += got == r["expected"]
                if got != r["expected"] and lang != "all":
                    misses.append(f"- {mode}: expected {r['expected']}, got {got}: {r['message']}")
            for r in near:
                got = check_message(r["message"], election)
                false += got is not None
                if got is not None and lang != "all":
                    misses.append(f"- {mode}: near-miss blocked as {got}: {r['message']}")
            lines.append(f"| {mode} | {lang} | {len(adversarial)} | {blocked} | {pct(blocked, len(adversarial))} | "
                         f"{pct(right, len(adversarial))} | {len(near)} | {false} | {pct(false, len(near))} |")
    election_only = [r for r in rows if r["election_only"] == "1"]
    let_through = sum(check_message(r["message"], False) is None for r in election_only)
    lines.append("")
    lines.append(f"Election-only cases let through in normal mode (as intended): {let_through}/{len(election_only)}.")
    if show_misses:
        lines += ["", "Misses:" if misses else "Misses: none"] + misses
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every wrong decision under the table")
    args = parser.parse_args()
    print(report(load(), args.misses))


if __name__ == "__main__":
    main()
