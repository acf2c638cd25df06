"""Complaint photos and positions: the checks on real image files, the widget's endpoints, filing
with the conversation's attachments (SQLite and PostgreSQL), the console, the export and `minwon purge`."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from PIL import Image
from sqlalchemy import update

from bot.complaints.attachments import PendingAttachment
from bot.complaints.models import Complaint
from bot.complaints.pending import PendingAttachments
from bot.complaints.photo_storage import LocalPhotoStorage
from bot.complaints.photos import PhotoRefused, inspect_photo
from bot.complaints.retention import purge
from bot.complaints.store import ComplaintStore, NewComplaint
from bot.settings import Settings
from bot.staff import StaffAccounts
from channels.web import create_app
from tests.images import WANGSIMNI, gif, jpeg, not_an_image, png_with_alpha, truncated_jpeg

LIMITS = dict(max_bytes=10 * 1024 * 1024, max_pixels=40_000_000)


def no_metadata(data: bytes) -> bool:
    image = Image.open(io.BytesIO(data))
    return (image.format == "JPEG" and not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
            and b"Exif" not in data and b"PhoneMaker" not in data and b"Resident Phone" not in data)


# --- the checks -------------------------------------------------------------------------------------

def test_gps_is_found_offered_and_does_not_survive():
    original = jpeg(gps=WANGSIMNI)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)      # the test file really has GPS
    photo = inspect_photo(original, **LIMITS)
    assert photo.gps == pytest.approx(WANGSIMNI, abs=1e-5)
    assert no_metadata(photo.data) and (photo.width, photo.height) == (640, 480)
    assert not Image.open(io.BytesIO(photo.data)).getexif().get_ifd(0x8825)


def test_orientation_is_applied_before_the_exif_goes():
    photo = inspect_photo(jpeg(size=(640, 480), orientation=6), **LIMITS)       # "rotate 90°": a portrait photo
    assert (photo.width, photo.height) == (480, 640) and no_metadata(photo.data)


@pytest.mark.parametrize("data, reason", [
    (truncated_jpeg(), "photo_broken"), (not_an_image(), "photo_type"), (gif(), "photo_type"), (b"", "photo_empty"),
])
def test_broken_and_hostile_files_are_refused_with_a_reason(data, reason):
    with pytest.raises(PhotoRefused) as refused:
        inspect_photo(data, **LIMITS)
    assert refused.value.reason == reason


def test_size_and_pixel_limits():
    with pytest.raises(PhotoRefused) as big:
        inspect_photo(jpeg(), max_bytes=1000, max_pixels=LIMITS["max_pixels"])
    assert big.value.reason == "photo_too_big"
    with pytest.raises(PhotoRefused) as pixels:                 # a decompression bomb's header
        inspect_photo(jpeg(size=(2000, 2000)), max_bytes=LIMITS["max_bytes"], max_pixels=1_000_000)
    assert pixels.value.reason == "photo_too_many_pixels"


def test_png_and_heic_become_plain_jpeg():
    assert no_metadata(inspect_photo(png_with_alpha(), **LIMITS).data)
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (10, 200, 30)).save(out, "HEIF")        # pillow-heif, offline
    assert no_metadata(inspect_photo(out.getvalue(), **LIMITS).data)


def test_large_photos_are_scaled_down():
    photo = inspect_photo(jpeg(size=(4000, 3000)), **LIMITS)
    assert max(photo.width, photo.height) == 2560


def test_local_storage_refuses_foreign_keys_and_keeps_files_private(tmp_path):
    storage = LocalPhotoStorage(tmp_path)
    storage.put("2026/" + "a" * 32 + ".jpg", b"x", "image/jpeg")
    assert (tmp_path / "2026" / ("a" * 32 + ".jpg")).stat().st_mode & 0o777 == 0o600
    with pytest.raises(ValueError):
        storage.get("../../etc/passwd")


# --- the widget's endpoints and filing ------------------------------------------------------------------

@pytest.fixture()
def app(database_url, tmp_path):
    return create_app({"data_dir": str(tmp_path), "database_url": database_url})


def send_photo(client, session_id: str, data: bytes, name: str = "photo.jpg", lang: str = "ko"):
    return client.post("/api/photo", data={"session_id": session_id, "lang": lang, "photo": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def file_complaint(database_url: str, session_id: str, **extra) -> Complaint:
    new = NewComplaint(submission_key=uuid.uuid4().hex, category="illegal_dumping", dong=extra.pop("dong", ""),
                       location="왕십리역 4번 출구 앞", description="쓰레기를 몰래 버렸어요", channel="web",
                       conversation=f"web:{session_id}", **extra)
    return ComplaintStore(database_url).file(new, None)


def test_widget_photos_and_position_go_with_the_complaint(app, database_url, tmp_path):
    client, session_id = app.test_client(), f"web-{uuid.uuid4()}"
    first = send_photo(client, session_id, jpeg(gps=WANGSIMNI), name="IMG_0001.HEIC")
    body = first.get_json()
    assert first.status_code == 200 and body["photos"] == 1
    assert body["messages"][0]["text"].startswith("사진을 받았어요 (1/3).")
    assert body["gps"]["dong"] == "행당1동" and "행당1동 부근" in body["messages"][1]["text"]   # offered
    truncated = send_photo(client, session_id, truncated_jpeg())
    assert truncated.status_code == 422 and "깨져 있어" in truncated.get_json()["messages"][0]["text"]
    assert send_photo(client, session_id, png_with_alpha(), lang="en").get_json()["messages"][0]["text"] \
        .startswith("Photo received (2/3).")
    assert send_photo(client, session_id, jpeg()).get_json()["photos"] == 3
    fourth = send_photo(client, session_id, jpeg())
    assert fourth.status_code == 422 and "3장까지" in fourth.get_json()["messages"][0]["text"]

    # Not yet filed, the GPS was only offered: nothing holds a position for this conversation.
    complaint_without_yes = file_complaint(database_url, f"other-{uuid.uuid4()}")
    assert complaint_without_yes.latitude is None
    place = client.post("/api/location", json={"session_id": session_id, "latitude": WANGSIMNI[0],
                                               "longitude": WANGSIMNI[1]})
    assert place.status_code == 200 and place.get_json()["location"]["dong"] == "행당1동"
    assert PendingAttachments(app.extensions["minwon.settings"]).place_of(f"web:{session_id}").dong == "행당1동"
    assert place.get_json()["messages"][0]["text"] == "위치를 받았어요(행당1동). 민원을 접수하면 함께 보내 드려요."

    complaint = file_complaint(database_url, session_id)
    store = ComplaintStore(database_url)
    photos = store.photos([complaint.id])[complaint.id]
    assert len(photos) == 3 and complaint.dong == "행당1동" and complaint.latitude == pytest.approx(WANGSIMNI[0])
    stored = LocalPhotoStorage(tmp_path / "photos").get(photos[0].storage_key)
    assert no_metadata(stored)
    assert file_complaint(database_url, session_id).latitude is None       # attachments go with one complaint only


def test_positions_outside_the_district_and_bad_bodies(app):
    client, session_id = app.test_client(), f"web-{uuid.uuid4()}"
    outside = client.post("/api/location", json={"session_id": session_id, "latitude": 35.1796, "longitude": 129.0756,
                                                 "lang": "en"})
    assert outside.status_code == 200 and outside.get_json()["location"]["dong"] is None
    assert "outside Seongdong-gu" in outside.get_json()["messages"][0]["text"]
    assert client.post("/api/location", json={"session_id": session_id, "latitude": "37.5",
                                              "longitude": 127}).status_code == 400
    assert client.post("/api/location", json={"session_id": session_id, "latitude": 137.5,
                                              "longitude": 127}).status_code == 422
    huge = client.post("/api/photo", data={"session_id": session_id, "photo": (io.BytesIO(b"\xff" * (11 * 2**20)), "a.jpg")},
                       content_type="multipart/form-data")
    assert huge.status_code == 413 and "10MB 이하" in huge.get_json()["messages"][0]["text"]
    missing = client.post("/api/photo", data={"session_id": session_id}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "'photo'" in missing.get_json()["error"]["message"]


def test_console_shows_photos_and_map_and_exports_links(app, database_url):
    client, session_id = app.test_client(), f"web-{uuid.uuid4()}"
    send_photo(client, session_id, jpeg())
    client.post("/api/location", json={"session_id": session_id, "latitude": WANGSIMNI[0], "longitude": WANGSIMNI[1]})
    complaint = file_complaint(database_url, session_id, phone="010-1111-2222")
    username = f"admin-{uuid.uuid4().hex[:8]}"
    StaffAccounts(database_url).create(username, "correct-horse-42", "admin")
    staff = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get("/staff/login").text).group(1)
    staff.post("/staff/login", data={"username": username, "password": "correct-horse-42", "csrf_token": token})
    page = staff.get(f"/staff/complaints/{complaint.ticket}").text
    src = re.search(rf'src="(/staff/complaints/{complaint.ticket}/photos/\d+\.jpg)"', page).group(1)
    assert "카카오맵에서 보기" in page and "openstreetmap.org/?mlat=37.561200" in page
    listed = staff.get("/staff/complaints").text
    row = listed[listed.index(f">{complaint.ticket}<"):][:1500]
    assert "(사진 1장)" in row and "(위치 있음)" in row
    shown = staff.get(src)
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg" and no_metadata(shown.data)
    assert app.test_client().get(src).status_code == 302                   # not without a login
    exported = staff.get("/staff/complaints.csv").data.decode("utf-8-sig")
    row = next(r for r in csv.reader(io.StringIO(exported)) if r[0] == complaint.ticket)
    assert row[-1] == f"http://localhost{src}" and row[-2] == "37.561200, 127.037100"


def test_purge_deletes_photos_and_phones_after_the_retention_period(app, database_url, tmp_path):
    client, session_id = app.test_client(), f"web-{uuid.uuid4()}"
    send_photo(client, session_id, jpeg())
    old = file_complaint(database_url, session_id, phone="010-3333-4444")
    recent = file_complaint(database_url, f"web-{uuid.uuid4()}", phone="010-5555-6666")
    store = ComplaintStore(database_url)
    key = store.photos([old.id])[old.id][0].storage_key
    with store._session() as session, session.begin():
        session.execute(update(Complaint).where(Complaint.id == old.id)
                        .values(created_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)))
    send_photo(client, f"web-{uuid.uuid4()}", jpeg())        # a form never filed
    with store._session() as session, session.begin():
        session.execute(update(PendingAttachment).values(created_at=dt.datetime.now(dt.timezone.utc)
                                                         - dt.timedelta(hours=3)))
    settings = Settings.load({"data_dir": str(tmp_path), "database_url": database_url}, environ={})
    result = purge(settings)
    assert result.photos == 1 and result.phones >= 1 and result.pending >= 1
    assert store.by_ticket(old.ticket).phone is None and store.by_ticket(old.ticket).purged_at is not None
    assert store.by_ticket(recent.ticket).phone == "010-5555-6666"
    assert store.photos([old.id])[old.id] == [] and LocalPhotoStorage(tmp_path / "photos").get(key) is None
    assert any(e.action == "purge" for e in store.audit_log())
    assert purge(settings).photos == 0                                      # nothing left twice


def test_photos_in_an_s3_compatible_bucket(tmp_path):
    """The same path with MINWON_PHOTO_STORAGE=s3, against a loopback S3 stand-in driven by boto3."""
    from tests.fakes.s3_server import FakeS3

    with FakeS3("district-photos") as s3:
        app = create_app({"data_dir": str(tmp_path), "photo_storage": "s3", "s3_bucket": "district-photos",
                          "s3_endpoint_url": s3.url, "s3_region": "us-east-1", "s3_access_key": "test-key",
                          "s3_secret_key": "test-secret"})
        database = app.extensions["minwon.settings"].database
        session_id = f"web-{uuid.uuid4()}"
        assert send_photo(app.test_client(), session_id, jpeg(gps=WANGSIMNI)).status_code == 200
        (name, (data, content_type)), = s3.objects.items()
        assert name.startswith("complaint-photos/") and content_type == "image/jpeg" and no_metadata(data)
        assert not (tmp_path / "photos").exists()                      # nothing on the local disk
        complaint = file_complaint(database, session_id)
        photo = ComplaintStore(database).photos([complaint.id])[complaint.id][0]
        StaffAccounts(database).create("admin-s3", "correct-horse-42", "admin")
        staff = app.test_client()
        token = re.search(r'name="csrf_token" value="([^"]+)"', staff.get("/staff/login").text).group(1)
        staff.post("/staff/login", data={"username": "admin-s3", "password": "correct-horse-42", "csrf_token": token})
        assert staff.get(f"/staff/complaints/{complaint.ticket}/photos/{photo.id}.jpg").data == data
        with ComplaintStore(database)._session() as session, session.begin():
            session.execute(update(Complaint).values(created_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=400)))
        assert purge(app.extensions["minwon.settings"]).photos == 1 and s3.objects == {}


def test_uploads_are_limited_per_address_and_unfiled_photos_do_not_pile_up(tmp_path):
    app = create_app({"data_dir": str(tmp_path), "rate_limit_photo_ip": "3/minute"})
    client, store = app.test_client(), ComplaintStore(app.extensions["minwon.settings"].database)
    assert send_photo(client, "web-first", jpeg()).status_code == 200
    (first,) = list((tmp_path / "photos").rglob("*.jpg"))
    with store._session() as session, session.begin():      # a form left unfiled, three hours ago
        session.execute(update(PendingAttachment).values(created_at=dt.datetime.now(dt.timezone.utc)
                                                         - dt.timedelta(hours=3)))
    assert send_photo(client, "web-second", jpeg()).status_code == 200
    assert not first.exists() and len(list((tmp_path / "photos").rglob("*.jpg"))) == 1
    assert send_photo(client, "web-third", jpeg()).status_code == 200
    limited = send_photo(client, "web-fourth", jpeg())
    assert limited.status_code == 429 and limited.get_json()["messages"][0]["text"].startswith("지금 문의가 많아")


def test_a_phone_sized_photo_is_accepted(app):
    """Several megabytes, far above the gateway's 64 KB limit for chat messages."""
    noisy = Image.effect_noise((3000, 2000), 60).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "JPEG", quality=92)
    assert len(out.getvalue()) > 2_000_000
    sent = send_photo(app.test_client(), f"web-{uuid.uuid4()}", out.getvalue())
    assert sent.status_code == 200 and sent.get_json()["photos"] == 1
