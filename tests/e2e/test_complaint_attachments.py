"""A photo and a position sent from the widget during the complaint form go with the complaint it
files: the real gateway, Rasa and action server, PostgreSQL.

The complaint form files with its conversation (`NewComplaint(..., conversation=tracker.sender_id)` in
actions/complaints.py), which is how the photo and the position find it.
"""
import io
import re

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.e2e.stack import reply_text
from tests.images import WANGSIMNI, jpeg

pytestmark = pytest.mark.e2e


def test_photo_and_position_go_with_the_filed_complaint(stack, stack_database):
    s = "e2e-complaint-photo"
    say = lambda message: reply_text(stack.chat(s, message))  # noqa: E731
    assert say("가로등이 고장났어요 신고할게요").startswith("어디에서 생긴 일인가요?")
    photo = requests.post(stack.web_url + "/api/photo", data={"session_id": s},
                          files={"photo": ("IMG_0001.jpg", io.BytesIO(jpeg(gps=WANGSIMNI)), "image/jpeg")}, timeout=30)
    assert photo.status_code == 200 and photo.json()["photos"] == 1
    place = requests.post(stack.web_url + "/api/location", json={"session_id": s, "latitude": WANGSIMNI[0],
                                                                 "longitude": WANGSIMNI[1]}, timeout=30)
    assert place.json()["location"]["dong"] == "행당1동"
    assert "\n정확히 어디인가요?" in say("행당1동")
    assert "\n어떤 상황인지 자세히 적어 주세요." in say("왕십리역 4번 출구 앞")
    assert say("가로등 불이 사흘째 안 들어와요").startswith("처리 결과를 연락받으시겠어요?")
    say("동의하지 않아요")
    filed = say("접수")
    ticket = re.search(r"접수번호는 (20\d\d-\d{6})-[0-9A-Z]{4}", filed).group(1)
    engine = create_engine(stack_database)
    with engine.connect() as conn:
        stored = conn.execute(text("select id, latitude, longitude from complaints where ticket = :t"), {"t": ticket}).one()
        photos = conn.execute(text("select count(*) from complaint_photos where complaint_id = :i"), {"i": stored.id})
        assert photos.scalar_one() == 1
    engine.dispose()
    assert stored.latitude == pytest.approx(WANGSIMNI[0]) and stored.longitude == pytest.approx(WANGSIMNI[1])
