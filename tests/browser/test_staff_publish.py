"""A staff member publishes a changed FAQ file through the console in a real browser; the
running bot answers with the new text at once, without a restart."""
from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.search.versions import IndexStore
from bot.settings import Settings
from bot.staff import StaffAccounts
from tests.browser.chromium import accessible, launch

pytestmark = pytest.mark.e2e

QUESTION = "재산세 언제 내는 거예요?"
NEW_ANSWER = "재산세는 7월과 9월에 두 번 나눠 내요. (직원 화면에서 새로 고친 안내예요)"
expect.set_options(timeout=60_000)


def changed_taxes(knowledge: Path, to: Path) -> Path:
    original = (knowledge / "faq" / "taxes.csv").read_text(encoding="utf-8")
    old_answer = original.split("tax-001,", 1)[1].split('"')[1]
    to.write_text(original.replace(old_answer, NEW_ANSWER), encoding="utf-8")
    return to


def test_publish_a_changed_faq_file_from_the_console(stack, stack_database, tmp_path):
    settings = Settings.load(environ=stack.env)
    username, password = f"admin-{uuid.uuid4().hex[:6]}", "browser-test-password"
    StaffAccounts(stack_database).create(username, password, "admin")
    taxes = settings.faq_dir / "taxes.csv"
    original, before = taxes.read_bytes(), IndexStore(settings.index_dir).current_version()
    upload = changed_taxes(settings.knowledge_dir, tmp_path / "taxes.csv")
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(locale="ko-KR", viewport={"width": 1280, "height": 900})
            page.goto(stack.web_url + "/staff/login")
            accessible(page)
            page.get_by_label("아이디").fill(username)
            page.get_by_label("비밀번호").fill(password)
            page.get_by_role("button", name="로그인").click()
            expect(page.get_by_role("heading", name="민원 목록")).to_be_visible()

            page.get_by_role("link", name="지식(FAQ·표)").click()
            accessible(page)
            page.get_by_label("바꿀 FAQ 파일").select_option("taxes")
            page.locator("#faq_upload").set_input_files(str(upload))
            page.get_by_role("button", name="올리고 검사하기").first.click()
            expect(page.get_by_role("heading", name="검사 결과: faq/taxes.csv")).to_be_visible()
            expect(page.get_by_text("오류가 없어요")).to_be_visible()
            expect(page.get_by_role("heading", name="바뀌는 질문 1개")).to_be_visible()
            accessible(page)
            page.get_by_role("button", name="게시", exact=True).click()
            expect(page.get_by_role("status")).to_contain_text("게시했어요", timeout=120_000)
            browser.close()
        reply = stack.chat("resident", QUESTION)
        assert reply["messages"][0]["text"].startswith(NEW_ANSWER), reply
    finally:  # the stack is shared: put the original file and version back
        taxes.write_bytes(original)
        if before:
            IndexStore(settings.index_dir).switch(before)
