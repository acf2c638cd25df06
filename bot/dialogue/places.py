"""Where a resident is: a 동 named outright, or a station, market or park the gazetteer places in one.

The gazetteer is ``knowledge/tables/places.csv`` (staff edit it like every other table; sample data to
verify): ``place, place_en, aliases ('|'-separated), dong``. A row whose 동 is not one of the district's
is skipped and logged with its row number, so one typo never stops the bot.
"""
from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.matching import squash

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Place:
    name: str
    name_en: str
    dong: str


def load_places(path: Path, dongs: set[str]) -> dict[str, Place]:
    """Every name of every place (squashed) → the place."""
    if not path.exists():
        return {}
    names: dict[str, Place] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for row_number, row in enumerate(csv.DictReader(lines), start=2):
        dong = (row.get("dong") or "").strip()
        if dong not in dongs:
            logger.warning("%s row %d, column dong: %r is not a 동 of waste_collection.csv; row skipped",
                           path.name, row_number, dong)
            continue
        place = Place((row.get("place") or "").strip(), (row.get("place_en") or "").strip(), dong)
        for name in (place.name, place.name_en, *(row.get("aliases") or "").split("|")):
            if len(squash(name)) >= 2:
                names[squash(name)] = place
    return names


def place_in(text: str, places: dict[str, Place]) -> Place | None:
    """The longest place name in the text, if any."""
    squashed = squash(text)
    for key in sorted(places, key=len, reverse=True):
        if key in squashed:
            return places[key]
    return None
