"""Debian's Chromium driven by Playwright, and axe-core from npm: shared by the browser tests."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright

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
