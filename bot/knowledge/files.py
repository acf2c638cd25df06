"""Read staff files (CSV in UTF-8 or CP949, with or without BOM, or Excel) into rows.

Row numbers are the ones staff see in Excel: the header is row 1 (after any
leading ``#`` comment lines, which count as rows too).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

ENCODINGS = ("utf-8-sig", "cp949")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """A staff file could not be used; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    header_row: int = 1


def display_name(path: Path, base: Path | None) -> str:
    try:
        return str(path.relative_to(base)) if base else path.name
    except ValueError:
        return str(path)


def read_sheet(path: Path, base: Path | None = None) -> Sheet:
    name = display_name(path, base)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_excel(path, name)
    if path.suffix.lower() == ".csv":
        return _read_csv(path, name)
    raise KnowledgeError([Problem(name, None, None, "not a .csv or .xlsx file")])


def _decode(data: bytes, name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KnowledgeError([Problem(name, None, None,
                                  "cannot read the text: save it as CSV UTF-8 (or CP949) and try again")])


def _read_csv(path: Path, name: str) -> Sheet:
    lines = _decode(path.read_bytes(), name).splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].lstrip().startswith("#"):
        skipped += 1
    try:
        records = list(csv.reader(io.StringIO("".join(lines[skipped:]))))
    except csv.Error as exc:
        raise KnowledgeError([Problem(name, None, None, f"broken CSV ({exc}); check the quotes")]) from exc
    return _to_sheet(name, records, first_row=skipped + 1)


def _read_excel(path: Path, name: str) -> Sheet:
    from bot.knowledge.workbook import read_excel

    records = read_excel(path, name)
    skipped = 0
    while skipped < len(records) and str(records[skipped][0] if records[skipped] else "").startswith("#"):
        skipped += 1
    return _to_sheet(name, records[skipped:], first_row=skipped + 1)


def _to_sheet(name: str, records: list[list[str]], first_row: int) -> Sheet:
    if not records:
        raise KnowledgeError([Problem(name, None, None, "the file is empty: it needs a header row")])
    header = [h.strip().lstrip("\ufeff").lower() for h in records[0]]
    rows = []
    for offset, record in enumerate(records[1:], start=1):
        if not any(str(cell).strip() for cell in record):
            continue  # a blank row is spacing, not data
        cells = {col: str(record[i]).strip() if i < len(record) else ""
                 for i, col in enumerate(header) if col}
        rows.append((first_row + offset, cells))
    return Sheet(name, header, rows, header_row=first_row)
