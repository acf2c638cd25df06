"""Which 동 a message means: one named outright, else a landmark from the staff's gazetteer
(knowledge/tables/places.csv: "왕십리역 4번 출구" → 행당1동)."""
from __future__ import annotations

import threading
from pathlib import Path

from actions.turn import Turn, settings
from bot.dialogue.places import Place, load_places, place_in
from bot.knowledge.district import District


# The gazetteer as last read, per District object and file version: (district, path, stamp, places), newest first.
# Keyed by identity: District is an unhashable dataclass (an lru_cache on it raised TypeError and re-read the CSV on
# every call, about a third of the action server's CPU per message). LiveDistrict makes a new District whenever a
# table file changes; the file's own stamp covers a places.csv written under the same District (tests).
_read: list[tuple[District, Path, tuple[int, int], dict[str, Place]]] = []
_reading = threading.Lock()


def places(district: District) -> dict[str, Place]:
    """Every name of every place in the gazetteer (squashed) → the place; read once per version of the tables."""
    path = settings().knowledge_dir / "tables" / "places.csv"
    try:
        found = path.stat()
        stamp = (found.st_mtime_ns, found.st_size)
    except OSError:
        stamp = (0, -1)
    with _reading:
        for known, known_path, known_stamp, names in _read:
            if known is district and known_path == path and known_stamp == stamp:
                return names
    names = load_places(path, {s.dong for s in district.schedules})
    with _reading:
        _read.insert(0, (district, path, stamp, names))
        del _read[4:]
    return names


def landmarks_in(text: str) -> tuple[str, ...]:
    """The gazetteer's names as they appear in the text (the place extractor starts there)."""
    import re

    from bot.knowledge.matching import squash

    known = places(live_district_now())
    found = place_in(text, known)
    if found is None:
        return ()
    names = tuple(name for name in (found.name, found.name_en) if name and name in text)
    if names:
        return names
    # named by an alias ("행현초 정문 앞", "한양여대 올라가는 길"): the alias as written starts the place
    squashed = squash(text)
    key = next((k for k, place in known.items() if place is found and k in squashed), None)
    written = re.search(r"\s*".join(map(re.escape, key)), text, re.I) if key else None
    return (written.group(0),) if written else ()


def place_named(text: str) -> str | None:
    """The gazetteer place a text names, written for the staff: "용답역 (Yongdap Station)" for English words."""
    found = place_in(text, places(live_district_now()))
    if found is None:
        return None
    return found.name if found.name in text or not found.name_en else f"{found.name} ({found.name_en})"


def dong_in(turn: Turn, text: str) -> list[str]:
    """The 동 the text names by its own name; else the one its landmark is in ("왕십리역" is a station, not
    the old 왕십리동); else the 동s an alias may mean (several when ambiguous)."""
    from bot.knowledge.matching import squash

    district, squashed = turn.district, squash(text)
    own = [dong for dong, key, key_en in district.dong_keys if key in squashed or key_en in squashed]
    if own:
        return sorted(set(own), key=lambda name: squashed.find(squash(name)))
    place = place_in(text, places(district))
    if place:
        return [place.dong]
    named = turn.entity("dong") if text == turn.text else None
    found = (district.dong_index.exact(named) or district.dongs_named(named)) if named else []
    found = found or district.dong_index.exact(text) or district.dongs_named(text)
    return list(dict.fromkeys(s.dong for s in found))


def live_district_now() -> District:
    from actions.turn import live_district

    return live_district().current()
