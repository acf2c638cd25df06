"""Public holidays (knowledge/tables/holidays.csv, staff-edited): days the district office is closed.
Read with the other tables into ``District.holidays``; the handoff and every "is it open now?" answer
use the same dates."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.files import KnowledgeError, Problem, read_sheet
from bot.knowledge.schema import column, parse_sheet

logger = logging.getLogger(__name__)
FILE = "holidays.csv"


@dataclass(frozen=True)
class Holiday:
    date: dt.date = column("date", required=True, default=None)
    name: str = column(required=True)
    name_en: str = column(required=True)
    source_url: str = column("url")
    row: int = 0


def read_holidays(tables_dir: Path, base: Path | None = None) -> tuple[frozenset[dt.date], list[Problem]]:
    """The dates of holidays.csv and its problems (file, row, column) for ``load_district``; a missing
    file means no holidays (and a warning)."""
    path = tables_dir / FILE
    if not path.exists():
        logger.warning("%s is missing: public holidays count as working days", path)
        return frozenset(), []
    try:
        parsed = parse_sheet(read_sheet(path, base), Holiday, "date")
    except KnowledgeError as exc:
        return frozenset(), list(exc.problems)
    return frozenset(h.date for h in parsed.records), parsed.problems


def load_holidays(tables_dir: Path) -> dict[dt.date, Holiday]:
    """holidays.csv by date; a missing file means no holidays (and a warning), a bad row is an error
    naming file, row and column (``minwon validate`` shows it)."""
    path = tables_dir / FILE
    if not path.exists():
        logger.warning("%s is missing: public holidays count as working days", path)
        return {}
    parsed = parse_sheet(read_sheet(path), Holiday, "date")
    if parsed.problems:
        raise KnowledgeError(parsed.problems)
    return {h.date: h for h in parsed.records}
