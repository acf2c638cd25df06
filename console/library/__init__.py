"""The document library: the documents staff added (upload, replace, delete, each audited), search
with citations and highlighted lines (a page and a JSON endpoint), and one unit in full."""
from flask import Blueprint

bp = Blueprint("library", __name__, template_folder="templates")

from console.library import views  # noqa: E402,F401  (its routes join bp)
