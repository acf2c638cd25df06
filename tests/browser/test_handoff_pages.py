"""A resident in one Chromium page, a member of staff in another: the resident is queued, the
staff member takes the conversation and they exchange messages live (server-sent events through
gunicorn's threaded workers, two of them, woken through Redis pub/sub), then staff hand it back to
the bot. Every new page passes axe-core with no serious or critical violation.

Rasa is not running: the handoff request is made as the dialogue's action makes it
(``bot.handoff.request``, tested with the real action in tests/handoff/test_action.py), and a
turn back with the bot shows the gateway's canned "unavailable" text."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot import handoff
from bot.knowledge.live import LiveDistrict
from bot.settings import ROOT, Settings
from bot.staff import StaffAccounts
from bot.storage import migrate
from tests.browser.chromium import accessible, launch, log_in
from tests.databases import postgres_database
from tests.handoff.gateway import Gateway

expect.set_options(timeout=20_000)
PASSWORD = "browser-test-password"
MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))


@pytest.fixture()
def gateway(tmp_path):
    with postgres_database() as url:
        migrate(url)   # before the workers start, as a deployment does (two first migrations would race)
        running = Gateway(tmp_path, url, workers=2,
                          env_overrides={"MINWON_REDIS_URL": "redis://127.0.0.1:6379/0"}).start()
        try:
            yield running
        finally:
            running.stop()


def say(page: Page, text: str) -> None:
    page.locator("#minwon-input").fill(text)
    page.locator("#minwon-input").press("Enter")


def widget_opened(browser: Browser, url: str, errors: list[str]) -> tuple[Page, str]:
    """A resident opens the demo page's widget: the page (its script errors go to ``errors``) and its session."""
    resident = browser.new_context(locale="ko-KR").new_page()
    resident.on("pageerror", lambda error: errors.append(str(error)))
    resident.goto(url)
    resident.get_by_role("button", name="챗봇 상담").click()
    return resident, resident.evaluate("localStorage.getItem('minwon.session')")


def test_resident_and_staff_talk_live_then_back_to_the_bot(gateway, tmp_path):
    settings = Settings.load({"database_url": gateway.database_url, "data_dir": str(tmp_path / "var")}, environ={})
    username = f"cleaner-{uuid.uuid4().hex[:6]}"
    StaffAccounts(gateway.database_url).create(username, PASSWORD, "staff", department="청소행정과")
    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        resident, session = widget_opened(browser, gateway.url, errors)
        district = LiveDistrict(ROOT / "knowledge").current()
        handoff.request(settings, district, handoff.Request(f"web:{session}", "web", "ko", "waste_collection_schedule",
                                                            (("resident", "상담원 연결해 주세요"),)), MONDAY_10)
        say(resident, "쓰레기 수거 문의예요")
        expect(resident.locator(".mw-bot").last).to_contain_text("직원 연결을 기다리고 있어요 (대기 1번째")

        staff = browser.new_context(locale="ko-KR").new_page()
        log_in(staff, gateway.url, username, PASSWORD)
        staff.get_by_role("link", name="상담", exact=True).click()
        expect(staff.get_by_role("heading", name="상담 받은편지함")).to_be_visible()
        accessible(staff)
        staff.locator("table.list tbody a").first.click()
        expect(staff.locator("#lines")).to_contain_text("쓰레기 수거 문의예요")
        staff.get_by_role("button", name="맡기").click()
        accessible(staff)
        expect(resident.locator(".mw-staff").last).to_contain_text("청소행정과 직원과 연결됐어요")

        staff.get_by_label("주민에게 보낼 말").fill("안녕하세요, 청소행정과입니다. 어느 동이세요?")
        staff.get_by_role("button", name="보내기").click()
        expect(resident.locator(".mw-staff").last).to_contain_text("어느 동이세요?")
        expect(resident.locator(".mw-staff").last).to_contain_text("상담 직원")
        accessible(resident)
        bot_lines = resident.locator(".mw-bot:not(.mw-staff):not(.mw-typing)").count()
        say(resident, "왕십리2동이요")
        expect(staff.locator("#lines")).to_contain_text("왕십리2동이요")     # without a reload
        expect(resident.locator(".mw-typing")).to_have_count(0)
        assert resident.locator(".mw-bot:not(.mw-staff)").count() == bot_lines   # the bot said nothing

        staff.get_by_role("button", name="챗봇에게 돌려주기").click()
        expect(resident.locator(".mw-staff").last).to_contain_text("챗봇으로 돌려드렸어요")
        say(resident, "대형폐기물 신고는 어떻게 해요?")
        expect(resident.locator(".mw-bot").last).to_contain_text("죄송해요, 지금 답변을 준비하지 못했어요")

        for path in ("/staff/inbox/canned", "/staff/inbox/figures"):
            staff.goto(gateway.url + path)
            accessible(staff)
        browser.close()
    assert not errors, errors


def test_a_complaint_answer_waits_in_the_widget_until_it_opens_and_the_resident_can_opt_out(gateway):
    from bot.complaints.store import ComplaintStore, NewComplaint

    errors: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        resident, session = widget_opened(browser, gateway.url, errors)
        expect(resident.locator(".mw-bot").first).to_be_visible()
        store = ComplaintStore(gateway.database_url)
        complaint = store.file(NewComplaint(submission_key=f"widget-{session}", category="illegal_dumping",
                                            dong="행당1동", location="행당로 1", description="무단투기", channel="web",
                                            notify_to=session), None)
        store.update(complaint.ticket, "lead", status="done", reply="오늘 오전에 치웠어요.")
        resident.reload()
        resident.get_by_role("button", name="챗봇 상담").click()
        notice = resident.locator(".mw-staff").last
        expect(notice).to_contain_text(f"민원 {complaint.full_ticket} 처리 상황: 완료. 답변: 오늘 오전에 치웠어요.")
        expect(notice).to_contain_text("알림")
        accessible(resident)
        resident.reload()
        resident.get_by_role("button", name="챗봇 상담").click()
        expect(resident.locator(".mw-staff")).to_have_count(1)      # shown once, kept in the conversation log
        say(resident, "알림 끄기")
        expect(resident.locator(".mw-bot").last).to_contain_text("이제 이곳으로 알림을 보내지 않아요.")
        browser.close()
    assert not errors, errors
