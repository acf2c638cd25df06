"""Residents' questions staff taught the bot: ``knowledge/taught_questions.csv``, one question a line,
each the wording of a FAQ row's question (``id``). Publishing adds them to that row's ``alternates``,
so they are embedded and searched like the row's own questions, and versioned with the FAQ.

The console writes the file (staff attach a question from the unanswered queue, preview and publish);
it is kept apart from the FAQ files, so a FAQ file uploaded again keeps what was taught.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.faq import FaqRow
from bot.knowledge.files import KnowledgeError, Problem, read_sheet
from bot.knowledge.schema import column, parse_sheet

TAUGHT_FILE = "taught_questions.csv"
TAUGHT_COLUMNS = ["id", "question", "added_by", "added_on"]


@dataclass(frozen=True)
class TaughtQuestion:
    id: str = column(required=True)            # the FAQ row it answers
    question: str = column(required=True)      # a resident's wording, masked of personal data
    added_by: str = column()
    added_on: dt.date | None = column("date", default=None)
    row: int = 0


@dataclass
class Taught:
    questions: list[TaughtQuestion] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)


def same_wording(text: str) -> str:
    """Two wordings that differ only in spacing, case or end punctuation are one question."""
    return re.sub(r"[\s?!.,~]+", " ", text.lower()).strip()


def taught_path(knowledge_dir: Path) -> Path:
    return knowledge_dir / TAUGHT_FILE


def load_taught(knowledge_dir: Path) -> Taught:
    """The taught questions of a knowledge folder (none when it has no such file)."""
    path = taught_path(knowledge_dir)
    if not path.exists():
        return Taught()
    try:
        parsed = parse_sheet(read_sheet(path, knowledge_dir), TaughtQuestion)
    except KnowledgeError as exc:
        return Taught([], exc.problems)
    return Taught(parsed.records, [p for p in parsed.problems if p.message != "no data rows"])


def with_taught(rows: list[FaqRow], taught: Taught) -> list[FaqRow]:
    """The rows with their taught questions added to ``alternates`` (a wording the row already has
    is not added twice)."""
    by_id: dict[str, list[str]] = {}
    for question in taught.questions:
        by_id.setdefault(question.id, []).append(question.question)
    changed = []
    for row in rows:
        known = {same_wording(t) for t in (row.question, *row.alternates)}
        added = []
        for text in by_id.get(row.id, ()):
            if same_wording(text) not in known:
                known.add(same_wording(text))
                added.append(text)
        changed.append(dataclasses.replace(row, alternates=(*row.alternates, *added)) if added else row)
    return changed


def taught_problems(taught: Taught, rows: list[FaqRow]) -> list[Problem]:
    """The file's own problems, and a warning for each question whose row no FAQ file has."""
    ids = {row.id for row in rows}
    return taught.problems + [
        Problem(TAUGHT_FILE, q.row, "id", f"'{q.id}' is not the id of any FAQ row: this question is not used", "warning")
        for q in taught.questions if q.id not in ids]


def taught_csv(questions: list[TaughtQuestion]) -> str:
    """The file's text for these questions (UTF-8, header first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TAUGHT_COLUMNS)
    for q in questions:
        writer.writerow([q.id, q.question, q.added_by, q.added_on.isoformat() if q.added_on else ""])
    return out.getvalue()
