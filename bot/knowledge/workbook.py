"""Reading a staff .xlsx without letting one file exhaust the process that reads it.

A 1.6 KB workbook can claim a merged area of two million cells, or one cell in column XFD or
row 1,048,576, and openpyxl would build every cell in between. So the file is read in a child
process with a memory and a CPU-time limit and a wall-clock timeout, where its parts are first
measured without building anything (unzipped sizes, the row and column of every cell, merged
areas; streaming), and only a file within ``LIMITS`` is opened by openpyxl. The process that
asked (the gateway, serving residents) only waits.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from bot.knowledge.files import KnowledgeError, Problem


@dataclass(frozen=True)
class Limits:
    unzipped_bytes: int = 64 * 1024 * 1024
    rows: int = 20_000
    columns: int = 50
    merged_cells: int = 100_000
    memory_bytes: int = 768 * 1024 * 1024
    cpu_seconds: int = 60
    wall_seconds: float = 90


LIMITS = Limits()
_CELL = re.compile(r"([A-Z]{1,3})(\d+)$")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _cell(ref: str) -> tuple[int, int] | None:
    found = _CELL.match(ref.replace("$", "").upper())
    return (int(found.group(2)), _column(found.group(1))) if found else None


def _too_big(name: str, what: str) -> KnowledgeError:
    return KnowledgeError([Problem(name, None, None, f"the Excel file is too big to read: {what}. Keep FAQ files under "
                                                     f"{LIMITS.rows:,} rows and {LIMITS.columns} columns, without "
                                                     "large merged areas, or save it as CSV")])


def _check_sheet(part, name: str, limits: Limits) -> None:
    rows = merged = 0
    row_number = 0
    for _, element in iterparse(part, events=("end",)):
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "c":
            where = _cell(element.get("r", "")) if element.get("r") else None
            if where and (where[0] > limits.rows or where[1] > limits.columns):
                raise _too_big(name, f"a cell at {element.get('r')}")
        elif tag == "row":
            rows += 1
            row_number = int(element.get("r") or row_number + 1)
            if rows > limits.rows or row_number > limits.rows or len(element) > limits.columns:
                raise _too_big(name, f"more than {limits.rows:,} rows or {limits.columns} columns")
            element.clear()
        elif tag == "mergeCell":
            corners = [_cell(c) for c in element.get("ref", "").split(":")]
            if len(corners) != 2 or None in corners:
                continue
            (top, left), (bottom, right) = corners
            merged += (abs(bottom - top) + 1) * (abs(right - left) + 1)
            if max(top, bottom) > limits.rows or max(left, right) > limits.columns or merged > limits.merged_cells:
                raise _too_big(name, f"merged cells over {limits.merged_cells:,} cells or past the limits")


def check_workbook(path: Path, name: str, limits: Limits = LIMITS) -> None:
    """Refuse a workbook whose parts would take openpyxl past ``limits``, without opening it in openpyxl."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            if sum(p.file_size for p in parts) > limits.unzipped_bytes:
                raise _too_big(name, f"over {limits.unzipped_bytes // (1024 * 1024)} MB unzipped")
            for part in parts:
                if _WORKSHEET.match(part.filename):
                    with book.open(part) as stream:
                        _check_sheet(stream, name, limits)
    except (zipfile.BadZipFile, ParseError, ValueError, OSError, EOFError) as exc:
        raise KnowledgeError([Problem(name, None, None, f"cannot open the Excel file ({exc})")]) from exc


def read_records(path: Path) -> list[list[str]]:
    """The first sheet's cells as text, merged cells filled in (runs in the child process)."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=False, data_only=True).worksheets[0]
    # Merged cells keep their value only in the top-left cell; staff mean it for every row.
    for merged in list(sheet.merged_cells.ranges):
        value = sheet.cell(merged.min_row, merged.min_col).value
        sheet.unmerge_cells(str(merged))
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                sheet.cell(row, col).value = value
    return [["" if v is None else _cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _cell_text(value: object) -> str:
    if hasattr(value, "date") and hasattr(value, "hour"):
        return value.date().isoformat()  # Excel dates arrive as datetime
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_excel(path: Path, name: str, limits: Limits = LIMITS) -> list[list[str]]:
    """The first sheet's cells, read in a limited child process; a KnowledgeError names the file."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]),
                                                         os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "bot.knowledge.workbook", str(path), name, json.dumps(limits.__dict__)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=limits.wall_seconds, env=env)
    except subprocess.TimeoutExpired as exc:
        raise _too_big(name, f"reading took over {limits.wall_seconds:.0f} seconds") from exc
    if done.returncode == 0:
        return json.loads(done.stdout)
    said = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1]
    if done.returncode == REFUSED:
        raise KnowledgeError([Problem(name, None, None, said)])
    if done.returncode == DAMAGED:
        raise KnowledgeError([Problem(name, None, None, f"cannot open the Excel file ({said})")])
    raise _too_big(name, "reading it needed more memory or time than allowed")


DAMAGED, REFUSED, NO_MEMORY = 3, 5, 4


def _child(path: str, name: str, limits_json: str) -> int:
    import resource

    limits = Limits(**json.loads(limits_json))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    try:
        check_workbook(Path(path), name, limits)
        records = read_records(Path(path))
    except KnowledgeError as exc:
        print(exc.problems[0].message, file=sys.stderr)
        return REFUSED
    except (MemoryError, SystemError):   # C code that cannot allocate under the limit may raise either
        return NO_MEMORY
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return NO_MEMORY if isinstance(exc.__context__, (MemoryError, SystemError)) else DAMAGED
    sys.stdout.write(json.dumps(records, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_child(*sys.argv[1:4]))
