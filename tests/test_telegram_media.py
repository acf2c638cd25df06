"""Telegram photos and locations for the complaint form, through the real python-telegram-bot
polling a loopback stand-in of the Bot API (getFile and file downloads included)."""
from __future__ import annotations

import uuid

from bot.complaints.photo_storage import LocalPhotoStorage
from bot.complaints.store import ComplaintStore, NewComplaint
from bot.settings import Settings
from tests.fakes.telegram_api import FakeTelegram
from tests.images import WANGSIMNI, jpeg, truncated_jpeg
from tests.test_photos import no_metadata
from tests.test_telegram import TOKEN, run_polling, until


def test_photos_gps_offer_and_location_messages(tmp_path):
    chat = 4242
    with FakeTelegram(TOKEN) as fake:
        # No Rasa (port 9 answers nothing): photos and locations never go to the conversation.
        settings = Settings.load({"rasa_url": "http://127.0.0.1:9", "telegram_token": TOKEN, "data_dir": str(tmp_path),
                                  "telegram_base_url": fake.base_url}, environ={})
        sent = lambda: fake.requests("sendMessage", chat)  # noqa: E731

        async def steps() -> None:
            fake.send_photo(chat, jpeg())
            await until(lambda: len(sent()) >= 1)
            assert sent()[0]["text"].startswith("사진을 받았어요 (1/3).")
            fake.send_document(chat, jpeg(gps=WANGSIMNI), "IMG_0002.jpg", "image/jpeg")   # sent as a file: EXIF kept
            await until(lambda: len(sent()) >= 3)
            assert sent()[1]["text"].startswith("사진을 받았어요 (2/3).")
            offer = sent()[2]
            assert "행당1동 부근" in offer["text"]
            button = offer["reply_markup"]["inline_keyboard"][0][0]
            assert button["text"] == "이 위치 쓰기" and button["callback_data"] == "mwloc:37.5612,127.0371"
            fake.send_document(chat, truncated_jpeg(), "broken.jpg", "image/jpeg", lang="en")
            await until(lambda: len(sent()) >= 4)
            assert sent()[3]["text"].startswith("That photo file is damaged")
            fake.press(chat, button["callback_data"])
            await until(lambda: len(sent()) >= 5)
            assert sent()[4]["text"] == "위치를 받았어요(행당1동). 민원을 접수하면 함께 보내 드려요."
            fake.send_location(chat, 35.1796, 129.0756)                                      # Busan
            await until(lambda: len(sent()) >= 6)
            assert "성동구 밖이에요" in sent()[5]["text"]

        run_polling(settings, steps)
        assert fake.failures() == []
    store = ComplaintStore(settings.database)
    complaint = store.file(NewComplaint(submission_key=uuid.uuid4().hex, category="other", dong="", location="역 앞",
                                        description="사진 보고 확인해 주세요", channel="telegram",
                                        conversation=f"telegram:{chat}"), None)
    photos = store.photos([complaint.id])[complaint.id]
    assert len(photos) == 2 and complaint.dong == "행당1동" and complaint.latitude == WANGSIMNI[0]
    assert all(no_metadata(LocalPhotoStorage(tmp_path / "photos").get(p.storage_key)) for p in photos)
