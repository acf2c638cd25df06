"""Complaints: the list (urgent first, then oldest), groups, one complaint and its update,
and the filtered list as CSV or .xlsx."""
from flask import Blueprint

bp = Blueprint("complaints", __name__, template_folder="templates")

from console.complaints import exports, views  # noqa: E402,F401  (their routes join bp)
