"""FAQ rows staff write in ``knowledge/faq/*.csv|*.xlsx`` (any file in the FAQ schema)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge.files import KnowledgeError, Problem, read_sheet
from bot.knowledge.schema import column, parse_sheet

FAQ_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class FaqRow:
    id: str = column(required=True)
    question: str = column(required=True)
    answer: str = column(required=True)
    alternates: tuple[str, ...] = column("list", default=())
    category: str = column()
    department: str = column()
    phone: str = column()
    url: str = column("url")
    lang: str = column(choices=("ko", "en"), default="ko")
    valid_from: dt.date | None = column("date", default=None)
    valid_to: dt.date | None = column("date", default=None)
    review_by: dt.date | None = column("date", default=None)
    row: int = 0
    file: str = ""

    def in_force(self, today: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= today) and (self.valid_to is None or today <= self.valid_to)


def mostly_korean(rows: list[FaqRow]) -> bool:
    """A FAQ written mostly in Korean: its English questions get cross-language help (translation, latent terms)."""
    return bool(rows) and sum(row.lang == "ko" for row in rows) / len(rows) > 0.5


@dataclass
class FaqSet:
    rows: list[FaqRow] = field(default_factory=list)          # in force today
    expired: list[FaqRow] = field(default_factory=list)       # past valid_to or not yet valid
    due_for_review: list[FaqRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def faq_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(p for p in path.glob("*") if p.suffix.lower() in FAQ_SUFFIXES and not p.name.startswith("~$"))


def load_faq(path: Path, today: dt.date, base: Path | None = None, strict: bool = True) -> FaqSet:
    """Read a FAQ file or folder. With ``strict``, any error raises (nothing half-loaded)."""
    found = FaqSet()
    seen: dict[str, str] = {}
    for file in faq_files(path):
        try:
            parsed = parse_sheet(read_sheet(file, base or file.parent), FaqRow)
        except KnowledgeError as exc:
            found.problems.extend(exc.problems)
            continue
        found.problems.extend(parsed.problems)
        name = file.name if base is None else str(file.relative_to(base))
        for record in parsed.records:
            if record.id in seen:
                found.problems.append(Problem(name, record.row, "id", f"'{record.id}' is also used in {seen[record.id]}"))
                continue
            seen[record.id] = f"{name} row {record.row}"
            row = FaqRow(**{**record.__dict__, "file": name})
            (found.rows if row.in_force(today) else found.expired).append(row)
            if row.review_by and row.review_by < today:
                found.due_for_review.append(row)
    if not faq_files(path):
        found.problems.append(Problem(str(path), None, None, "no FAQ file (.csv or .xlsx) found"))
    if strict and any(p.severity == "error" for p in found.problems):
        raise KnowledgeError([p for p in found.problems if p.severity == "error"])
    return found
