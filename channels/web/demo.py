"""The demo district page at /."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("demo", __name__, template_folder="templates", static_folder="static", static_url_path="/static")


@bp.get("/")
def page():
    settings = current_app.extensions["minwon.settings"]
    return render_template("demo.html", district=settings.district, district_en=settings.district_en)
