"""KakaoTalk photos: links fetched only from Kakao's hosts (a loopback stand-in here), checked,
kept for the user's complaint; the answer is a skill response."""
from __future__ import annotations

import json
import uuid

from bot.complaints.photo_storage import LocalPhotoStorage
from bot.complaints.store import ComplaintStore, NewComplaint
from channels.web import create_app
from tests.images import ImageHost, jpeg, truncated_jpeg
from tests.test_kakao import HEADERS, skill_payload
from tests.test_photos import no_metadata


def texts(response) -> list[str]:
    return [o["simpleText"]["text"] for o in response.get_json()["template"]["outputs"]]


def with_secure_images(urls: list[str], user: str) -> dict:
    body = skill_payload("사진을 보냈습니다.", user=user)
    body["action"]["params"]["secureimage"] = json.dumps(
        {"privacyAgreement": "Y", "imageQuantity": str(len(urls)), "secureUrls": f"List({', '.join(urls)})"})
    return body


def test_kakao_photos_only_from_kakao_hosts(tmp_path):
    good, broken = ImageHost(jpeg(gps=(37.5612, 127.0371))), ImageHost(truncated_jpeg())
    app = create_app({"rasa_url": "http://127.0.0.1:9", "data_dir": str(tmp_path), "kakao_skill_key": "key-1",
                      "kakao_image_hosts": "127.0.0.1", "media_fetch_loopback": True})
    client, user = app.test_client(), f"kakao-{uuid.uuid4().hex[:8]}"
    try:
        first = client.post("/kakao/skill", json=skill_payload(good.url(), user=user), headers=HEADERS)
        assert texts(first) == ["사진을 받았어요 (1/3). 민원을 접수하면 함께 보내 드려요. 사진의 위치·촬영 정보는 지웠어요."]
        both = client.post("/kakao/skill", json=with_secure_images([good.url("/b.jpg"), broken.url()], user),
                           headers=HEADERS)
        assert texts(both)[0].startswith("사진을 받았어요 (2/3).") and "깨져 있어" in texts(both)[1]
        foreign = client.post("/kakao/skill", headers=HEADERS,
                              json=with_secure_images(["https://images.example.org/x.jpg"], user))
        assert texts(foreign) == ["사진을 가져오지 못했어요. 카카오톡에서 사진을 다시 보내 주세요. 사진 없이도 접수할 수 있어요."]
        assert good.requests == ["/photo.jpg", "/b.jpg"] and broken.requests == ["/photo.jpg"]
    finally:
        good.close()
        broken.close()
    store = ComplaintStore(app.extensions["minwon.settings"].database)
    complaint = store.file(NewComplaint(submission_key=uuid.uuid4().hex, category="other", dong="행당1동", location="역 앞",
                                        description="사진을 보세요", channel="kakao", conversation=f"kakao:{user}"), None)
    photos = store.photos([complaint.id])[complaint.id]
    assert len(photos) == 2
    kept = LocalPhotoStorage(tmp_path / "photos")
    assert all(no_metadata(kept.get(p.storage_key)) for p in photos)     # the GPS block did not survive
    assert complaint.latitude is None                 # a GPS block is never kept without the resident's yes
