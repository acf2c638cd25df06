"""Which 동 a position is in, from knowledge/tables/dong_areas.csv (staff-editable).

Each row gives a dong's centre and a radius; an optional ``boundary`` ("lat lon|lat lon|…", at
least three points) is used first when present. A position inside a boundary is in that dong;
otherwise the nearest centre within its radius wins; otherwise it is outside the district (None).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.files import KnowledgeError, Problem, read_sheet

FILE = "dong_areas.csv"
EARTH_M = 6_371_000


@dataclass(frozen=True)
class DongArea:
    dong: str
    latitude: float
    longitude: float
    radius_m: float
    boundary: tuple[tuple[float, float], ...] = ()


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_M * math.asin(math.sqrt(a))


def _inside(lat: float, lon: float, polygon: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting; the polygon's last point joins its first."""
    inside = False
    for (lat_a, lon_a), (lat_b, lon_b) in zip(polygon, polygon[1:] + polygon[:1]):
        if (lon_a > lon) != (lon_b > lon) and lat < (lat_b - lat_a) * (lon - lon_a) / (lon_b - lon_a) + lat_a:
            inside = not inside
    return inside


def valid_position(latitude: float, longitude: float) -> bool:
    return math.isfinite(latitude) and math.isfinite(longitude) and -90 <= latitude <= 90 and -180 <= longitude <= 180


def dong_at(areas: list[DongArea], latitude: float, longitude: float) -> str | None:
    for area in areas:
        if len(area.boundary) >= 3 and _inside(latitude, longitude, area.boundary):
            return area.dong
    near = [(distance_m(latitude, longitude, a.latitude, a.longitude), a) for a in areas]
    near = [(d, a) for d, a in near if d <= a.radius_m]
    return min(near, key=lambda pair: pair[0])[1].dong if near else None


def _number(row: int, column: str, text: str, problems: list[Problem], name: str) -> float:
    try:
        return float(text)
    except ValueError:
        problems.append(Problem(name, row, column, f"'{text}' is not a number (e.g. 37.5635)"))
        return 0.0


def _boundary(row: int, text: str, problems: list[Problem], name: str) -> tuple[tuple[float, float], ...]:
    points = []
    for pair in (p.split() for p in text.split("|") if p.strip()):
        try:
            points.append((float(pair[0]), float(pair[1])))
        except (ValueError, IndexError):
            problems.append(Problem(name, row, "boundary", "write points as 'lat lon|lat lon|…' (at least three)"))
            return ()
    if points and len(points) < 3:
        problems.append(Problem(name, row, "boundary", "a boundary needs at least three points"))
    return tuple(points)


def load_dong_areas(tables_dir: Path, base: Path | None = None) -> list[DongArea]:
    """The table, checked: a loud error naming row and column; an empty list when the file is absent."""
    path = tables_dir / FILE
    if not path.exists():
        return []
    sheet = read_sheet(path, base)
    problems: list[Problem] = []
    areas = []
    for row, values in sheet.rows:
        lat = _number(row, "latitude", values.get("latitude", ""), problems, sheet.name)
        lon = _number(row, "longitude", values.get("longitude", ""), problems, sheet.name)
        radius = _number(row, "radius_m", values.get("radius_m") or "1000", problems, sheet.name)
        if not values.get("dong", "").strip():
            problems.append(Problem(sheet.name, row, "dong", "empty: the dong's name as in waste_collection.csv"))
        elif not valid_position(lat, lon):
            problems.append(Problem(sheet.name, row, "latitude", "not a position on Earth"))
        areas.append(DongArea(values.get("dong", "").strip(), lat, lon, radius,
                              _boundary(row, values.get("boundary", ""), problems, sheet.name)))
    if problems:
        raise KnowledgeError(problems)
    return areas


def dong_area_problems(tables_dir: Path, base: Path | None, known_dongs: set[str]) -> list[Problem]:
    """For `minwon validate`: the table's errors, and any dong not in waste_collection.csv."""
    try:
        areas = load_dong_areas(tables_dir, base)
    except KnowledgeError as exc:
        return exc.problems
    name = f"tables/{FILE}"
    return [Problem(name, None, "dong", f"'{a.dong}' is not a dong of waste_collection.csv")
            for a in areas if known_dongs and a.dong not in known_dongs]
