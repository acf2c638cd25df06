"""The library and assistant pages in a real browser (Debian's Chromium, axe-core): a staff member
searches the library, asks it (the answer streams in from the OpenAI stand-in), organises complaints
and opens a reply draft; no serious accessibility problem on any page. The console is served by
werkzeug on a loopback port: these pages need no Rasa."""
from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.complaints.store import ComplaintStore, NewComplaint
from bot.knowledge.district import load_district
from bot.staff import StaffAccounts
from channels.web import create_app
from tests.browser.chromium import accessible, launch, log_in, served
from tests.conftest import TODAY
from tests.fakes.openai_server import FakeOpenAI
from tests.library.conftest import built_library, small_laws  # noqa: F401  (the statutes, indexed once)

USERNAME, PASSWORD = "staff-browser", "browser-test-password"
ANSWER = "주민등록증 사진이 맞지 않으면 주민등록법 시행규칙 제9조에 따라 보완을 요구할 수 있어요 [1]."
expect.set_options(timeout=60_000)


@pytest.fixture()
def console(tmp_path, built_library, embedder):  # noqa: F811  (the fixture imported above)
    with FakeOpenAI() as fake:
        fake.answer = ANSWER
        shutil.copytree(built_library, tmp_path / "var")
        app = create_app({"data_dir": str(tmp_path / "var"), "today": TODAY.isoformat(), "openai_api_key": "k",
                          "openai_base_url": fake.base_url, "database_url": f"sqlite:///{tmp_path / 'var/minwon.db'}"})
        app.extensions["minwon.embedder"] = embedder
        settings = app.extensions["minwon.settings"]
        StaffAccounts(settings.database).create(USERNAME, PASSWORD, "staff")
        scooter = next(c for c in load_district(settings.tables_dir).complaint_categories if c.category == "e_scooter")
        store = ComplaintStore(settings.database)
        for n, text in enumerate(["킥보드가 횡단보도를 막아 위험해요", "킥보드 방치"]):
            store.file(NewComplaint(f"b{n}", "e_scooter", "성수1가1동", "뚝섬역 앞", text), scooter)
        with served(app) as url:
            yield url, fake


def test_a_staff_member_uses_the_library_and_the_assistant(console):
    url, fake = console
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(locale="ko-KR", viewport={"width": 1280, "height": 900})
        log_in(page, url, USERNAME, PASSWORD)

        page.get_by_role("link", name="자료실").click()
        expect(page.get_by_role("heading", name="자료실: 법령·조례·지침·매뉴얼")).to_be_visible()
        accessible(page)
        page.get_by_role("link", name="자료실에서 찾기").click()
        page.get_by_label("찾을 내용").fill("주민등록증 발급 사진 규격")
        page.get_by_role("button", name="찾기").click()
        expect(page.get_by_role("link", name="주민등록법 시행규칙 제9조")).to_be_visible()
        expect(page.locator("mark").first).to_be_visible()
        accessible(page)

        page.get_by_role("link", name="업무 도우미").click()
        accessible(page)
        page.get_by_role("link", name="자료에 묻기").click()
        page.get_by_label("물어볼 내용").fill("주민등록증 사진 규격이 안 맞으면 어떻게 해요?")
        page.get_by_role("button", name="묻기").click()
        expect(page.locator("#ask-result .answer")).to_have_text(ANSWER)
        expect(page.get_by_role("heading", name="근거", exact=True)).to_be_visible()
        assert fake.requests[-1]["body"]["stream"] is True            # it came through the streaming endpoint
        accessible(page)

        page.goto(url + "/staff/assistant/report")
        page.get_by_label("무엇을 정리할까요?").fill("전동킥보드 민원을 우선순위별로 정리해 줘")
        page.get_by_role("button", name="정리하기").click()
        expect(page.get_by_role("heading", name="정리 결과: 분류: 전동킥보드 방치")).to_be_visible()
        accessible(page)
        page.get_by_role("link", name="답변 초안").first.click()
        expect(page.get_by_label("답변 (고쳐 쓸 수 있어요)")).to_be_visible()
        accessible(page)

        for path in ("/staff/assistant/document", "/staff/assistant/translate", "/staff/assistant/presets"):
            page.goto(url + path)
            accessible(page)
        browser.close()
