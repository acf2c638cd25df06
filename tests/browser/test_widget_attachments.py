"""The widget's photo button and "현재 위치 보내기" in Chromium (geolocation granted by the test),
against the gateway on loopback; what the browser sent is then filed with a complaint.

Needs /usr/bin/chromium and axe-core (`npm install`). Rasa is not needed: photos and positions go
to the gateway's own endpoints (the greeting is the gateway's canned answer while Rasa is away).
"""
from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect, sync_playwright

from bot.complaints.photo_storage import LocalPhotoStorage
from bot.complaints.store import ComplaintStore, NewComplaint
from channels.web import create_app
from tests.browser.chromium import launch, serious_violations, served
from tests.images import WANGSIMNI, jpeg, truncated_jpeg
from tests.test_photos import no_metadata

pytestmark = pytest.mark.e2e
expect.set_options(timeout=20_000)


@pytest.fixture()
def gateway(tmp_path):
    app = create_app({"data_dir": str(tmp_path), "rasa_url": "http://127.0.0.1:9"})
    with served(app) as url:
        yield app, url


def test_photo_and_location_from_the_widget(gateway, tmp_path):
    app, url = gateway
    (tmp_path / "IMG_0001.jpg").write_bytes(jpeg(gps=WANGSIMNI))
    (tmp_path / "broken.jpg").write_bytes(truncated_jpeg())
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR", has_touch=True,
                                      geolocation={"latitude": WANGSIMNI[0], "longitude": WANGSIMNI[1]},
                                      permissions=["geolocation"])
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        page.get_by_role("button", name="챗봇 상담").click()
        expect(page.locator("#minwon-panel")).to_be_visible()
        bots = page.locator(".mw-msgs > li.mw-bot:not(.mw-typing)")
        expect(bots.first).to_be_visible()

        attach = page.get_by_role("group", name="민원에 첨부")
        expect(attach.get_by_role("button", name="사진 보내기")).to_be_visible()
        with page.expect_file_chooser() as chooser:                 # the button opens the phone's picker
            attach.get_by_role("button", name="사진 보내기").click()
        chooser.value.set_files(str(tmp_path / "IMG_0001.jpg"))
        expect(page.locator(".mw-user").last).to_contain_text("사진 보냄: IMG_0001.jpg")
        expect(bots.last).to_contain_text("사진을 받았어요 (1/3).")
        expect(bots.last).to_contain_text("행당1동 부근")               # the photo's GPS, offered
        expect(bots.last.get_by_role("button", name="이 위치 쓰기")).to_be_visible()

        page.locator("#minwon-photo").set_input_files(str(tmp_path / "broken.jpg"))
        expect(bots.last).to_contain_text("사진 파일이 깨져 있어 열 수 없어요")

        attach.get_by_role("button", name="현재 위치 보내기").click()
        expect(page.locator(".mw-user").last).to_contain_text("현재 위치를 보냈어요")
        expect(bots.last).to_contain_text("위치를 받았어요(행당1동).")
        assert serious_violations(page) == []

        session_id = page.evaluate("() => localStorage.getItem('minwon.session')")
        context.close()
        browser.close()
    assert errors == []
    store = ComplaintStore(app.extensions["minwon.settings"].database)
    complaint = store.file(NewComplaint(submission_key=uuid.uuid4().hex, category="illegal_dumping", dong="",
                                        location="왕십리역 4번 출구", description="쓰레기를 몰래 버렸어요",
                                        conversation=f"web:{session_id}"), None)
    photos = store.photos([complaint.id])[complaint.id]
    assert len(photos) == 1 and complaint.dong == "행당1동"
    assert complaint.latitude == pytest.approx(WANGSIMNI[0]) and complaint.longitude == pytest.approx(WANGSIMNI[1])
    assert no_metadata(LocalPhotoStorage(tmp_path / "photos").get(photos[0].storage_key))
