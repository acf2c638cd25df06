"""Columns of each staff table and the checks that name file, row and column."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Callable
from urllib.parse import urlparse

from bot.knowledge.files import Problem, Sheet

DAY_LETTERS = "월화수목금토일"
_TIME = re.compile(r"^([01]?\d|2[0-4]):[0-5]\d$")
_URL = re.compile(r"^https?://\S+$")


def column(kind: str = "text", required: bool = False, choices: tuple[str, ...] = (), default: Any = "",
           why: str = "") -> Any:
    """``why``: what the column is for, said to staff when it is missing or empty."""
    return field(default=default, metadata={"kind": kind, "required": required, "choices": choices, "why": why})


def _because(spec: Any) -> str:
    return f" ({spec.metadata['why']})" if spec.metadata.get("why") else ""


def _check_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _check_int(value: str) -> int:
    return int(value.replace(",", "").replace("원", "").strip())


def _check_days(value: str) -> tuple[str, ...]:
    days = tuple(d.strip() for d in value.replace(",", "|").split("|") if d.strip())
    bad = [d for d in days if d not in DAY_LETTERS]
    if bad:
        raise ValueError(f"use day letters 월|화|수|목|금|토|일, not {', '.join(bad)}")
    return days


def _check_time(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError("use HH:MM, e.g. 18:00")
    return value


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError("must start with http:// or https://")
    return value


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


CONVERTERS: dict[str, Callable[[str], Any]] = {
    "text": str, "int": _check_int, "date": _check_date, "days": _check_days,
    "time": _check_time, "url": _check_url, "list": _split_list,
}


@dataclass(frozen=True)
class ParsedTable:
    records: list[Any]
    problems: list[Problem]


def parse_sheet(sheet: Sheet, record_type: type, key: str | None = None) -> ParsedTable:
    """Validate every row of ``sheet`` against the dataclass ``record_type``."""
    problems: list[Problem] = []
    specs = fields(record_type)
    missing = [spec for spec in specs if spec.metadata.get("required") and spec.name not in sheet.header]
    if missing:
        problems.append(Problem(sheet.name, sheet.header_row, ", ".join(spec.name for spec in missing),
                                "required column missing from the header" + "".join(map(_because, missing))))
        return ParsedTable([], problems)
    known = {f.name for f in specs} | {"row"}
    for extra in [h for h in sheet.header if h and h not in known]:
        problems.append(Problem(sheet.name, sheet.header_row, extra, "column not used (ignored)", "warning"))
    records, seen = [], {}
    for row_number, cells in sheet.rows:
        values, row_ok = {"row": row_number}, True
        for spec in specs:
            if spec.name == "row":
                continue
            raw = cells.get(spec.name, "")
            if not raw:
                if spec.metadata.get("required"):
                    problems.append(Problem(sheet.name, row_number, spec.name,
                                            "empty: this column is required" + _because(spec)))
                    row_ok = False
                elif spec.default is MISSING:
                    values[spec.name] = ""
                continue
            try:
                value = CONVERTERS[spec.metadata.get("kind", "text")](raw)
            except ValueError as exc:
                problems.append(Problem(sheet.name, row_number, spec.name, f"'{raw}' is not valid ({exc})"))
                row_ok = False
                continue
            choices = spec.metadata.get("choices")
            if choices and value not in choices:
                problems.append(Problem(sheet.name, row_number, spec.name,
                                        f"'{raw}' is not one of: {', '.join(choices)}"))
                row_ok = False
                continue
            values[spec.name] = value
        if key and row_ok:
            if values[key] in seen:
                problems.append(Problem(sheet.name, row_number, key,
                                        f"'{values[key]}' is used twice (also row {seen[values[key]]})"))
                row_ok = False
            seen.setdefault(values[key], row_number)
        if row_ok:
            records.append(record_type(**values))
    if not sheet.rows:
        problems.append(Problem(sheet.name, None, None, "no data rows", "warning"))
    problems += home_page_warnings(sheet.name, records, [f.name for f in specs if f.metadata.get("kind") == "url"])
    return ParsedTable(records, problems)


def is_home_page(url: str) -> bool:
    """https://www.sd.go.kr, https://www.sd.go.kr/, …/index.do, …/main/main.do: a site's front page."""
    parsed = urlparse(url)
    return not parsed.query and bool(re.fullmatch(r"/?((index|main)(\.\w+)?/?|main/(main|index)\.\w+)?", parsed.path))


def row_ranges(rows: list[int]) -> str:
    """[3, 4, 5, 9] → "3–5, 9"."""
    ranges: list[list[int]] = []
    for row in rows:
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def home_page_warnings(sheet_name: str, records: list[Any], url_columns: list[str]) -> list[Problem]:
    """One warning per column for rows that link only a site's home page: a resident who follows the
    source link should land on the page about that row, not have to search the site."""
    problems = []
    for name in url_columns:
        rows = [r.row for r in records if getattr(r, name, "") and is_home_page(getattr(r, name))]
        if rows:
            problems.append(Problem(sheet_name, None, name,
                                    f"row(s) {row_ranges(rows)} link only a site's home page: give each row "
                                    "the address of the page about it", "warning"))
    return problems
