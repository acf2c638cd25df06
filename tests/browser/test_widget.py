"""The embeddable chat widget in a real browser (Debian's Chromium), against the real stack.

Needs /usr/bin/chromium (`apt-get install chromium`) and axe-core (`npm install` at the repo root).
"""
from __future__ import annotations

import json
import re
import sqlite3

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import create_engine, text

from bot.settings import ROOT
from tests.browser.chromium import launch, serious_violations

pytestmark = pytest.mark.e2e

GREETING = "안녕하세요! 성동구 주민 안내 챗봇이에요."
FAILURE = "연결이 원활하지 않아요. 잠시 후 다시 시도해 주세요."
expect.set_options(timeout=20_000)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        launched = launch(p)
        yield launched
        launched.close()


@pytest.fixture()
def make_page(browser):
    """A fresh browser context (own localStorage) per page; uncaught script errors fail the test."""
    contexts, errors = [], []

    def make(**options) -> Page:
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 800}, "locale": "ko-KR", **options})
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


@pytest.fixture()
def page(make_page, stack) -> Page:
    page = make_page()
    page.goto(stack.web_url)
    return page


def launcher(page: Page):
    return page.get_by_role("button", name="챗봇 상담")


def panel(page: Page):
    return page.locator("#minwon-panel")


def bots(page: Page):
    return page.locator(".mw-msgs > li.mw-bot:not(.mw-typing)")


def open_widget(page: Page) -> None:
    launcher(page).click()
    expect(panel(page)).to_be_visible()
    expect(bots(page).first.locator(".mw-bubble").first).to_contain_text(GREETING)


def ask(page: Page, text: str) -> None:
    before = bots(page).count()
    page.locator("#minwon-input").fill(text)
    page.locator("#minwon-input").press("Enter")
    expect(bots(page)).to_have_count(before + 1)


def test_conversation_quick_reply_reload_and_start_over(page, stack):
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
    expect(launcher(page)).to_have_attribute("aria-controls", "minwon-panel")
    open_widget(page)
    expect(page.get_by_role("dialog", name="주민 안내 챗봇")).to_be_visible()
    expect(launcher(page)).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#minwon-input")).to_be_focused()
    topics = page.locator(".mw-topics")
    for label in ["쓰레기·재활용", "복지", "행사", "민원 접수", "민원 조회"]:
        expect(topics.get_by_role("button", name=label, exact=True)).to_be_visible()
    expect(page.locator(".mw-msgs > li.mw-user")).to_have_count(0)  # /greet is not shown as a resident bubble
    expect(bots(page).first.get_by_role("button", name="쓰레기 배출 요일")).to_be_visible()

    # A quick reply: the button's title becomes the resident's bubble, its payload goes to the bot.
    ask(page, "쓰레기 언제 버려요?")
    expect(bots(page).last).to_contain_text("어느 동에 사세요?")
    bots(page).last.get_by_role("button", name="행당2동", exact=True).click()
    expect(bots(page)).to_have_count(3)
    expect(page.locator(".mw-msgs > li.mw-user .mw-bubble").last).to_have_text("행당2동")
    expect(bots(page).last.locator(".mw-bubble").first).to_have_text(re.compile(r"^행당2동 배출 요일이에요\."))

    ask(page, "행당1동 쓰레기 언제 버려요?")
    answer = bots(page).last
    expect(answer.locator(".mw-bubble").first).to_have_text(re.compile(r"^행당1동 배출 요일이에요\."))
    expect(answer.locator(".mw-cites")).to_contain_text("출처:")
    link = answer.locator(".mw-cites a").first
    expect(link).to_contain_text("행당1동 쓰레기 배출 안내")
    expect(link).to_have_attribute("href", re.compile(r"^https://"))
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")

    # Reload: the conversation is restored from localStorage and nothing is sent again (the widget only
    # asks whether staff left a notice for this resident: GET /api/notices, issue 23).
    transcript = page.locator(".mw-msgs").inner_text()
    session = page.evaluate("localStorage.getItem('minwon.session')")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url)
            if "/api/" in request.url and "/api/notices?" not in request.url else None)
    page.reload()
    launcher(page).click()
    expect(panel(page)).to_be_visible()
    expect(bots(page)).to_have_count(4)
    assert page.locator(".mw-msgs").inner_text() == transcript
    expect(bots(page).last.locator(".mw-cites a")).to_have_count(1)
    page.wait_for_timeout(500)
    assert sent == [], f"restoring must not call the API: {sent}"

    # Start over: cleared, new session, greeted again.
    page.get_by_role("button", name="처음부터").click()
    expect(page.locator(".mw-msgs > li.mw-user")).to_have_count(0)
    expect(bots(page)).to_have_count(1)
    expect(bots(page).first).to_contain_text(GREETING)
    assert page.evaluate("localStorage.getItem('minwon.session')") not in (None, session)
    stored = json.loads(page.evaluate("localStorage.getItem('minwon.log')"))
    assert len(stored) == 1 and stored[0]["greet"]


def test_keyboard_only(page):
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('mw-launcher')"):
            break
    expect(launcher(page)).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel(page)).to_be_visible()
    expect(page.locator("#minwon-input")).to_be_focused()
    expect(bots(page).first).to_contain_text(GREETING)

    # The focus trap cycles: input → send → (wrap) close button; Shift+Tab goes back.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="보내기", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="챗봇 닫기")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="보내기", exact=True)).to_be_focused()
    page.locator("#minwon-input").focus()

    page.keyboard.type("쓰레기 언제 버려요?")
    page.keyboard.press("Enter")
    expect(bots(page)).to_have_count(2)
    expect(bots(page).last).to_contain_text("어느 동에 사세요?")
    target = bots(page).last.get_by_role("button", name="행당2동", exact=True)
    for _ in range(80):
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('#minwon-panel')"), "focus left the open panel"
        if page.evaluate("document.activeElement.textContent") == "행당2동":
            break
    expect(target).to_be_focused()
    page.keyboard.press("Enter")
    expect(bots(page)).to_have_count(3)
    expect(bots(page).last.locator(".mw-bubble").first).to_have_text(re.compile(r"^행당2동 배출 요일이에요\."))

    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    expect(launcher(page)).to_be_focused()
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")


def feedback_rows(stack, marker: str) -> list[dict]:
    """Feedback rows from the stack's own database (PostgreSQL when the stack sets one, else its SQLite file)."""
    url = stack.env.get("MINWON_DATABASE_URL") or f"sqlite:///{stack.workdir / 'var' / 'minwon.db'}"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.row_factory = sqlite3.Row
            rows = db.execute("select * from feedback where comment like ? or question like ?",
                              (f"%{marker}%", f"%{marker}%")).fetchall()
        return [dict(row) for row in rows]
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [dict(row) for row in conn.execute(
                text("select * from feedback where comment like :m or question like :m"), {"m": f"%{marker}%"}
            ).mappings()]
    finally:
        engine.dispose()


def test_thumbs_down_with_comment_is_stored(page, stack):
    open_widget(page)
    ask(page, "행당1동 쓰레기 언제 버려요?")
    answer = bots(page).last
    up = answer.get_by_role("button", name="도움이 됐어요")
    down = answer.get_by_role("button", name="도움이 안 됐어요")
    expect(down).to_have_attribute("aria-pressed", "false")
    down.click()
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    comment = answer.get_by_label("무엇이 잘못됐나요?")
    expect(comment).to_be_focused()
    comment.fill("요일이 달라요 browser-fb-1")
    answer.get_by_role("button", name="의견 보내기").click()
    expect(answer.get_by_text("고마워요")).to_be_visible()
    expect(comment).to_be_hidden()

    rows = feedback_rows(stack, "browser-fb-1")
    assert len(rows) == 1
    row = rows[0]
    assert row["rating"] == "down" and row["channel"] == "web"
    assert row["question"] == "행당1동 쓰레기 언제 버려요?"
    assert row["answer"].startswith("행당1동 배출 요일이에요.")
    assert row["source"] == "intent"
    assert "waste_collection:행당1동" in row["citation_ids"].split(",")
    assert row["session_id"] == page.evaluate("localStorage.getItem('minwon.session')")

    # Thumbs up is one click; the choice survives a reload.
    ask(page, "행당2동 쓰레기 browser-fb-2 언제 버려요?")
    second = bots(page).last
    second.get_by_role("button", name="도움이 됐어요").click()
    expect(second.get_by_text("고마워요")).to_be_visible()
    assert [r["rating"] for r in feedback_rows(stack, "browser-fb-2")] == ["up"]
    page.reload()
    launcher(page).click()
    expect(bots(page).last.get_by_role("button", name="도움이 됐어요")).to_have_attribute("aria-pressed", "true")
    expect(bots(page).last.get_by_text("고마워요")).to_be_visible()


def test_no_serious_accessibility_violations(page):
    open_widget(page)
    ask(page, "행당1동 쓰레기 언제 버려요?")
    bots(page).last.get_by_role("button", name="도움이 안 됐어요").click()  # the comment box is checked too
    for state in ("korean", "english, large text"):
        if state != "korean":
            page.get_by_label("언어 (Language)").select_option("en")
            page.get_by_role("button", name="Large text").click()
            expect(page.get_by_role("button", name="Large text")).to_have_attribute("aria-pressed", "true")
        serious = serious_violations(page)
        for violation in serious:
            print(f"[{state}] {violation['impact']} {violation['id']}: {violation['help']}")
            for node in violation["nodes"]:
                print("   ", node["target"], node["failureSummary"])
        assert not serious, [v["id"] for v in serious]


def test_language_switch_and_large_text(page):
    open_widget(page)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.mw-root')).fontSize)")
    page.get_by_role("button", name="큰 글씨").click()
    expect(page.get_by_role("button", name="큰 글씨")).to_have_attribute("aria-pressed", "true")
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.mw-bubble')).fontSize)")
    assert large == pytest.approx(size * 1.25, rel=0.02)

    chats: list[dict] = []
    page.on("request", lambda r: chats.append(r.post_data_json) if r.url.endswith("/api/chat") else None)
    page.get_by_label("언어 (Language)").select_option("en")
    # Only the greeting so far, so the bot greets again in English; the widget's labels switch too.
    expect(bots(page).first).to_contain_text("Hello! I'm the Seongdong-gu resident assistant")
    expect(panel(page).get_by_role("heading")).to_have_text("Resident assistant")
    expect(page.get_by_role("button", name="Chat", exact=True)).to_be_visible()
    for label in ["Waste & recycling", "Welfare", "Events", "File a complaint", "Check a complaint"]:
        expect(page.locator(".mw-topics").get_by_role("button", name=label, exact=True)).to_be_visible()
    page.locator(".mw-topics").get_by_role("button", name="Waste & recycling").click()
    expect(bots(page)).to_have_count(2)
    expect(page.locator(".mw-msgs > li.mw-user .mw-bubble").last).to_have_text("Waste & recycling")
    assert chats and all(body["lang"] == "en" for body in chats)
    assert chats[-1]["message"] == "/waste_collection_schedule"
    # "Which neighbourhood?" is a question back, not an answer: nothing to rate yet
    expect(bots(page).last.get_by_role("button", name="Helpful", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Start over")).to_be_visible()

    page.reload()  # both choices are kept
    expect(page.get_by_role("button", name="Chat", exact=True)).to_be_visible()
    page.get_by_role("button", name="Chat", exact=True).click()
    expect(page.get_by_role("button", name="Large text")).to_have_attribute("aria-pressed", "true")


def test_html_is_shown_as_text(page):
    evil = "<img src=x onerror=alert(1)>"
    open_widget(page)
    ask(page, evil)
    expect(page.locator(".mw-msgs > li.mw-user .mw-bubble").last).to_have_text(evil)
    assert page.locator(".mw-root img").count() == 0

    # A hostile reply: markup in texts and titles stays text, only http(s) citations become links.
    hostile = {"session_id": "x", "source": "faq", "lang": "ko", "intent": {"name": None, "confidence": 0},
               "messages": [{"text": "<b>굵게</b><script>window.pwned=1</script>",
                             "buttons": [{"title": "<i>버튼</i>", "payload": "/greet"}]}],
               "citations": [{"id": "a", "title": "나쁜 링크", "url": "javascript:alert(1)"},
                             {"id": "b", "title": "<u>좋은 링크</u>", "url": "https://example.org/a"}]}
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json",
                                                          body=json.dumps(hostile)))
    ask(page, "아무거나")
    answer = bots(page).last
    expect(answer.locator(".mw-bubble").first).to_have_text(hostile["messages"][0]["text"])
    expect(answer.get_by_role("button", name="<i>버튼</i>")).to_be_visible()
    assert answer.locator("b, i, u, script, img").count() == 0
    links = answer.locator(".mw-cites a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://example.org/a")
    expect(answer.locator(".mw-cites")).to_contain_text("나쁜 링크")
    assert page.evaluate("window.pwned") is None


def test_phones_and_web_addresses_in_answers_are_links(page):
    """An English answer from a Korean row (bot/answer/korean_only.py) on a phone: the number is one tap."""
    frame = {"session_id": "x", "source": "faq", "lang": "en", "intent": {"name": None, "confidence": 0},
             "messages": [{"text": "This answer is only in Korean for now. Contact:\n• Environment Division\n"
                                   "• Phone: 02-2286-5451\n• Web page: https://www.sd.go.kr/noise.\n"
                                   "Ticket 2026-000123-K7MQ, also call 1661-2642 or javascript:alert(1)"},
                          {"text": "In Korean (from the district's FAQ):\n환경과(02-2286-5451)에 알려 주세요."}],
             "citations": []}
    open_widget(page)
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json",
                                                          body=json.dumps(frame)))
    ask(page, "My number is 010-1234-5678, see https://example.org")
    answer = bots(page).last
    phones = answer.locator("a[href^='tel:']")
    expect(phones).to_have_count(3)
    expect(phones.first).to_have_text("02-2286-5451")
    expect(phones.first).to_have_attribute("href", "tel:02-2286-5451")
    expect(phones.nth(1)).to_have_attribute("href", "tel:1661-2642")
    page_link = answer.locator(".mw-bubble a[href='https://www.sd.go.kr/noise']")   # the full stop is not part of it
    expect(page_link).to_contain_text("https://www.sd.go.kr/noise")
    expect(page_link).to_have_attribute("target", "_blank")
    expect(answer.locator(".mw-bubble a")).to_have_count(4)   # not the ticket number, not javascript:
    expect(answer.locator(".mw-bubble").first).to_contain_text("Ticket 2026-000123-K7MQ, also call 1661-2642 or "
                                                               "javascript:alert(1)")
    expect(page.locator(".mw-msgs > li.mw-user a")).to_have_count(0)   # the resident's own words stay text
    assert serious_violations(page) == []


def test_network_failure_busy_and_retry(page):
    open_widget(page)
    page.route("**/api/chat", lambda route: route.abort())
    ask(page, "행당1동 쓰레기 언제 버려요?")
    expect(bots(page).last).to_contain_text(FAILURE)
    retry = page.get_by_role("button", name="다시 보내기")
    expect(retry).to_be_visible()
    page.unroute("**/api/chat")
    retry.click()
    expect(bots(page).last.locator(".mw-bubble").first).to_have_text(re.compile(r"^행당1동 배출 요일이에요\."))
    expect(page.get_by_text(FAILURE)).to_have_count(0)
    expect(page.locator(".mw-msgs > li.mw-user")).to_have_count(1)  # retrying does not repeat the bubble
    expect(page.locator("#minwon-input")).to_be_focused()

    page.route("**/api/chat", lambda route: route.fulfill(
        status=503, headers={"Retry-After": "5"}, content_type="application/json",
        body=json.dumps({"error": {"code": 503, "name": "Service Unavailable", "message": "busy"}})))
    ask(page, "행사 있어요?")
    expect(bots(page).last).to_contain_text("지금 문의가 많아 바빠요")
    expect(bots(page).last.get_by_role("button", name="다시 보내기")).to_be_visible()


def test_slow_answer_then_give_up(make_page, stack):
    page = make_page()
    page.clock.install()
    page.goto(stack.web_url)
    open_widget(page)
    page.route("**/api/chat", lambda route: None)  # the request hangs
    page.locator("#minwon-input").fill("행당1동 쓰레기 언제 버려요?")
    page.locator("#minwon-input").press("Enter")
    typing = page.locator(".mw-typing")
    expect(typing).to_be_visible()
    expect(typing.locator(".mw-sr")).to_have_text("답변을 준비하고 있어요")
    expect(typing.get_by_text("조금만 기다려 주세요")).to_be_hidden()
    page.clock.run_for(8_500)
    expect(typing.get_by_text("조금만 기다려 주세요")).to_be_visible()
    page.clock.run_for(12_000)
    expect(typing).to_have_count(0)
    expect(bots(page).last).to_contain_text(FAILURE)
    expect(page.get_by_role("button", name="다시 보내기")).to_be_visible()
    page.unroute_all(behavior="ignoreErrors")


def assert_fits(page: Page, width: int) -> None:
    box = panel(page).bounding_box()
    assert box["x"] >= 0 and box["width"] <= width + 0.5
    assert page.evaluate("document.querySelector('.mw-scroll').scrollWidth <= "
                         "document.querySelector('.mw-scroll').clientWidth"), "the conversation scrolls sideways"
    small = page.evaluate("""() => [...document.querySelectorAll('#minwon-panel :is(button, select, input)')]
        .filter(n => n.getClientRects().length).map(n => [n.getAttribute('aria-label') ||
        n.textContent || n.id, n.getBoundingClientRect()]).filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([name, r]) => `${name} ${r.width}x${r.height}`)""")
    assert not small, f"touch targets under 44px: {small}"


def test_screenshots_and_small_screens(make_page, stack):
    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    desktop = make_page(viewport={"width": 1280, "height": 800})
    desktop.goto(stack.web_url)
    open_widget(desktop)
    ask(desktop, "행당1동 쓰레기 언제 버려요?")
    desktop.locator("#minwon-input").blur()
    desktop.wait_for_timeout(300)
    assert_fits(desktop, 1280)
    desktop.screenshot(path=str(out / "widget-desktop.png"))

    mobile = make_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                       reduced_motion="reduce")
    mobile.goto(stack.web_url)
    open_widget(mobile)
    ask(mobile, "행당1동 쓰레기 언제 버려요?")
    mobile.locator("#minwon-input").blur()
    mobile.wait_for_timeout(300)
    box = panel(mobile).bounding_box()
    assert (box["width"], box["height"]) == (360, 740), "the panel fills a phone screen"
    assert_fits(mobile, 360)
    assert mobile.evaluate("getComputedStyle(document.querySelector('.mw-launcher')).transitionDuration") == "0s"
    mobile.screenshot(path=str(out / "widget-mobile.png"))

    # 320 px wide, and 1280×800 at 200% zoom (a 640×400 CSS-pixel window), in English with large text.
    for viewport in ({"width": 320, "height": 640}, {"width": 640, "height": 400}):
        small = make_page(viewport=viewport)
        small.goto(stack.web_url)
        open_widget(small)
        small.get_by_label("언어 (Language)").select_option("en")
        small.get_by_role("button", name="Large text").click()
        expect(bots(small).first).to_contain_text("Hello!")
        ask(small, "When is waste collected in Haengdang 1-dong?")
        bots(small).last.get_by_role("button", name="Not helpful").click()
        expect(small.get_by_label("What was wrong?")).to_be_visible()
        assert_fits(small, viewport["width"])
        expect(small.locator("#minwon-input")).to_be_in_viewport()
        expect(small.get_by_role("button", name="Close chat")).to_be_in_viewport()


# --- issue 20, item 11 ----------------------------------------------------------------------

def test_large_text_keeps_the_latest_message_in_view(page):
    open_widget(page)
    for question in ("행당1동 쓰레기 언제 버려요?", "행당2동 쓰레기 언제 버려요?", "마장동 쓰레기 언제 버려요?"):
        ask(page, question)
    latest_in_view = """() => { const box = document.querySelector('.mw-scroll').getBoundingClientRect();
        const last = [...document.querySelectorAll('.mw-msgs > li')].pop().getBoundingClientRect();
        return last.top >= box.top - 1 && last.top < box.bottom - 20; }"""
    assert page.evaluate(latest_in_view)
    page.get_by_role("button", name="큰 글씨").click()
    expect(page.get_by_role("button", name="큰 글씨")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate(latest_in_view), "turning on large text moved the conversation away from the latest message"
    page.get_by_role("button", name="큰 글씨").click()
    assert page.evaluate(latest_in_view)


TICKET_LINES = """() => [...document.querySelectorAll('.mw-msgs > li.mw-bot .mw-bubble')].map(bubble => {
    const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
    const nodes = []; let node, at = 0;
    while ((node = walker.nextNode())) { nodes.push([node, at]); at += node.length; }
    const start = bubble.textContent.indexOf('2026-000001'); if (start < 0) return null;
    const place = offset => { const [n, from] = nodes.filter(([, from]) => from <= offset).pop();
                              return [n, offset - from]; };
    const range = document.createRange();
    range.setStart(...place(start)); range.setEnd(...place(start + 11));
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size; })
    .filter(lines => lines !== null)"""


def test_a_ticket_number_never_breaks_across_lines(make_page, stack):
    page = make_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page.goto(stack.web_url)
    open_widget(page)
    page.get_by_role("button", name="큰 글씨").click()
    # Every place the number can fall on a line: 0 … 24 syllables before it.
    text = "\n".join(f"{'가' * n} 민원을 접수했어요. 접수번호는 2026-000001이에요." for n in range(25))
    reply = {"session_id": "s", "messages": [{"text": line} for line in text.split("\n")], "source": "intent",
             "intent": {"name": "file_complaint", "confidence": 1.0}, "citations": [], "lang": "ko"}
    page.route("**/api/chat", lambda route: route.fulfill(status=200, content_type="application/json",
                                                         body=json.dumps(reply, ensure_ascii=False)))
    ask(page, "접수")
    lines = page.evaluate(TICKET_LINES)
    assert len(lines) == 25 and set(lines) == {1}, f"a ticket number was split over lines: {lines}"
    page.unroute_all(behavior="ignoreErrors")


def test_thumbs_only_under_answers_not_under_questions(page):
    open_widget(page)
    ask(page, "쓰레기 언제 버려요?")
    question = bots(page).last
    expect(question).to_contain_text("어느 동에 사세요?")
    expect(question.locator(".mw-thumb")).to_have_count(0)
    question.get_by_role("button", name="행당2동", exact=True).click()
    expect(bots(page)).to_have_count(3)
    expect(bots(page).last.get_by_role("button", name="도움이 됐어요")).to_be_visible()
