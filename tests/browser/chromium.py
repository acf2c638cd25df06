"""Debian's Chromium driven by Playwright, and axe-core from npm: shared by the browser tests, with the
console's login and a Flask app served on a loopback port."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright
from werkzeug.serving import make_server

from bot.settings import ROOT

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def launch(playwright: Playwright) -> Browser:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium chromium-driver (or `make browser`)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical accessibility violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm install` at the repository root (or `make browser`)")
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') rightly
        # forbids inline scripts, and this keeps it in force for everything else.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def accessible(page: Page) -> None:
    """No serious or critical accessibility problem on the page as it is now: each named with its elements."""
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious_violations(page)]
    assert not serious, f"{page.url}: {serious}"


def log_in(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in to the staff console as a staff member does: its login page, name, password, the button."""
    page.goto(base_url + "/staff/login")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(password)
    page.get_by_role("button", name="로그인").click()


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """``app`` served by werkzeug on a free loopback port, on a thread, while the block runs: its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
