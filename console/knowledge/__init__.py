"""Knowledge: upload a FAQ or table file, check it on a staging copy, preview, publish; FAQ
drafts reviewed and published; versions and rollback."""
from flask import Blueprint

bp = Blueprint("knowledge", __name__, template_folder="templates")

from console.knowledge import review, teach_review, views  # noqa: E402,F401  (their routes join bp)
