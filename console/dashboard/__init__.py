"""Dashboard: server-side SVG bar charts, each with a visually hidden table of the same numbers."""
from __future__ import annotations

from flask import Blueprint, render_template

from console.common import district_labels, settings
from console.dashboard.stats import dashboard_numbers

bp = Blueprint("dashboard", __name__, template_folder="templates")

WIDTH, HEIGHT, TOP, BOTTOM = 640, 200, 24, 28


def column_chart(items: list[tuple[str, int]]) -> dict:
    """Vertical bars: one per (label, value), scaled to the largest value."""
    peak = max([v for _, v in items] + [1])
    slot = WIDTH / max(len(items), 1)
    plot = HEIGHT - TOP - BOTTOM
    bars = []
    for n, (label, value) in enumerate(items):
        height = round(plot * value / peak, 1)
        bars.append({"label": label, "value": value, "x": round(n * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1),
                     "y": round(TOP + plot - height, 1), "h": height, "cx": round(n * slot + slot / 2, 1)})
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "base": HEIGHT - BOTTOM, "total": sum(v for _, v in items)}


def row_chart(items: list[tuple[str, int]]) -> dict:
    """Horizontal bars, for long labels such as complaint categories."""
    peak = max([v for _, v in items] + [1])
    left, row, width = 170, 30, WIDTH - 170 - 50
    bars = [{"label": label, "value": value, "y": n * row + 4, "h": row - 10, "x": left,
             "w": round(width * value / peak, 1), "ty": n * row + row / 2 + 1}
            for n, (label, value) in enumerate(items)]
    return {"width": WIDTH, "height": max(len(items), 1) * row + 8, "bars": bars, "left": left,
            "total": sum(v for _, v in items)}


def _days(numbers: dict, key: str) -> list[tuple[str, int]]:
    return [(f"{day.month}/{day.day}", numbers[key][day]) for day in numbers["days"]]


@bp.get("/dashboard")
def dashboard():
    numbers = dashboard_numbers(settings())
    labels = district_labels()["categories"]
    charts = {
        "complaints": column_chart(_days(numbers, "complaints")),
        "unanswered": column_chart(_days(numbers, "unanswered")),
        "up": column_chart(_days(numbers, "up")),
        "down": column_chart(_days(numbers, "down")),
        "categories": row_chart([(labels.get(c, c), n) for c, n in numbers["categories"]]),
    }
    return render_template("staff/dashboard.html", charts=charts, rated=numbers["rated"],
                           first=numbers["days"][0], last=numbers["days"][-1])
