"""Issue 27, item 8: the console could be framed by the sites that embed the widget (CSP
frame-ancestors listed the widget origins on every page, and CSP wins over X-Frame-Options)."""
from __future__ import annotations

import re

from channels.web import create_app

SITE = "https://www.sd.go.kr"


def frame_ancestors(response) -> str:
    return re.search(r"frame-ancestors ([^;]*)", response.headers["Content-Security-Policy"]).group(1).strip()


def test_no_site_may_frame_the_console(tmp_path):
    client = create_app({"data_dir": str(tmp_path), "widget_origins": SITE}).test_client()
    for path in ("/staff/login", "/staff/complaints", "/staff/static/staff.css", "/", "/healthz"):
        assert frame_ancestors(client.get(path)) == "'none'", path


def test_the_widget_origins_apply_to_the_widget_endpoints_only(tmp_path):
    client = create_app({"data_dir": str(tmp_path), "widget_origins": SITE, "rasa_url": "http://127.0.0.1:9",
                         "rasa_timeout": 0.5}).test_client()
    assert frame_ancestors(client.get("/static/widget.js")) == f"'self' {SITE}"
    chat = client.post("/api/chat", json={"session_id": "s", "message": "안녕"}, headers={"Origin": SITE})
    assert frame_ancestors(chat) == f"'self' {SITE}"
