"""A staff member teaches the bot in a real browser (Debian's Chromium, axe-core): attaches a resident's
question to its FAQ row with one click, another through the search box, previews what the bot would
now answer and publishes; the bot then answers both. No serious accessibility problem on any page.
The console is served by werkzeug on a loopback port: these pages need no Rasa."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.answer.pipeline import AnswerService
from bot.publishing import publish
from bot.unanswered import UnansweredStore
from tests.browser.chromium import accessible, launch, log_in, served
from tests.test_console_teach import PET, TAX, TRAVEL
from tests.test_staff_console import PASSWORD, console_app

USERNAME = "teacher"
expect.set_options(timeout=60_000)


@pytest.fixture()
def console(tmp_path, embedder):
    app = console_app(tmp_path, embedder, {USERNAME: "staff"})
    settings = app.extensions["minwon.settings"]
    publish(settings, embedder=embedder)
    for question in (TAX, TAX, TRAVEL, PET):
        UnansweredStore(settings.database).add(question, "ko", "out_of_scope")
    with served(app) as url:
        yield url, settings


def named(visible: str, for_screen_readers: str) -> re.Pattern:
    """A control's accessible name: its visible words, then (Chromium puts a space before the hidden
    part) what it is about, for screen readers."""
    return re.compile(re.escape(visible) + r"\s*: " + re.escape(for_screen_readers))


def test_a_staff_member_teaches_the_bot(console, embedder):
    url, settings = console
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(locale="ko-KR", viewport={"width": 1280, "height": 900})
        log_in(page, url, USERNAME, PASSWORD)

        page.get_by_role("link", name="답하지 못한 질문").click()
        expect(page.get_by_role("heading", name=f"2건: {TAX}")).to_be_visible()
        accessible(page)
        page.get_by_role("button", name=named("이 질문은 이 답으로", f"'{TAX}' → t-1")).click()
        expect(page.get_by_role("status")).to_contain_text("질문 1개를 붙였어요")
        expect(page.get_by_role("heading", name=f"2건: {TAX}")).to_have_count(0)
        accessible(page)

        page.get_by_role("link", name=named("다른 FAQ 찾기", TRAVEL)).click()
        expect(page.get_by_role("heading", name="알맞은 FAQ 찾기")).to_be_visible()
        accessible(page)
        page.get_by_label("FAQ에서 찾기").fill("여권")
        page.get_by_role("button", name="찾기", exact=True).click()
        expect(page.get_by_role("checkbox", name=f"{TRAVEL} (1건)")).to_be_checked()
        accessible(page)
        page.get_by_role("button", name=named("이 질문은 이 답으로", "t-3")).click()
        expect(page.get_by_role("status")).to_contain_text("붙였어요")

        page.get_by_role("link", name="미리보기하고 게시하기").click()
        expect(page.get_by_role("heading", name="주민 질문 가르치기")).to_be_visible()
        accessible(page)
        page.get_by_role("button", name="검사하고 미리보기").click()
        expect(page.get_by_role("heading", name="이제 답하게 되는 질문 2개")).to_be_visible()
        expect(page.get_by_role("table", name="이제 답하게 되는 질문 2개")).to_contain_text(TRAVEL)
        accessible(page)
        page.get_by_role("button", name="게시", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("게시했어요", timeout=120_000)
        accessible(page)
        browser.close()
    bot = AnswerService(settings, embedder=embedder)
    assert bot.answer(TAX, "ko").citations[0]["id"] == "t-1"
    assert bot.answer(TRAVEL, "ko").citations[0]["id"] == "t-3"
