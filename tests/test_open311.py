"""Open311 GeoReport v2 through a client written from the spec (tests/open311_client.py), over
real HTTP on loopback, on SQLite and PostgreSQL; API keys issued in the console."""
from __future__ import annotations

import re
import threading
import uuid

import pytest
import requests
from werkzeug.serving import make_server

from bot.complaints.api_keys import ApiKeys
from bot.complaints.photo_storage import photo_storage
from bot.complaints.store import ComplaintStore
from bot.staff import StaffAccounts
from channels.web import create_app
from tests.images import WANGSIMNI, ImageHost, jpeg, not_an_image, truncated_jpeg
from tests.open311_client import GeoReport, GeoReportError
from tests.test_photos import no_metadata

ADMIN, STAFF, PASSWORD = "admin1", "staff1", "correct-horse-42"


class Served:
    """The gateway on a loopback port (werkzeug's threaded server)."""

    def __init__(self, app) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture()
def gateway(database_url, tmp_path):
    app = create_app({"data_dir": str(tmp_path), "database_url": database_url, "rate_limit_open311_key": "5/minute",
                      "open311_media_hosts": "127.0.0.1", "media_fetch_loopback": True})
    served = Served(app)
    yield served
    served.stop()


@pytest.fixture()
def key(gateway, database_url) -> str:
    return ApiKeys(database_url).issue("연계 시험", "admin1")[1]


def test_services_are_the_complaint_categories(gateway):
    client = GeoReport(gateway.url + "/open311/v2")
    services = {s["service_code"]: s for s in client.services()}
    assert services["e_scooter"]["service_name"] == "전동킥보드 방치" and services["e_scooter"]["metadata"] is True
    assert "other" in services and len(services) == 11
    definition = client.service_definition("e_scooter")
    assert [a["code"] for a in definition["attributes"]] == ["consent"]
    with pytest.raises(GeoReportError) as missing:
        client.service_definition("no_such_thing")
    assert missing.value.status == 404 and "service_code" in missing.value.errors[0]["description"]
    assert requests.get(gateway.url + "/open311/v2/services.xml", timeout=5).status_code == 404   # JSON only


def test_filing_needs_a_live_key(gateway, database_url, key):
    anonymous = GeoReport(gateway.url + "/open311/v2")
    with pytest.raises(GeoReportError) as refused:
        anonymous.post_request("e_scooter", lat=WANGSIMNI[0], long=WANGSIMNI[1], description="킥보드가 인도를 막아요")
    assert refused.value.status == 403
    wrong = GeoReport(gateway.url + "/open311/v2", api_key="mw_not-a-key")
    with pytest.raises(GeoReportError):
        wrong.post_request("e_scooter", lat=WANGSIMNI[0], long=WANGSIMNI[1], description="킥보드가 인도를 막아요")
    client = GeoReport(gateway.url + "/open311/v2", api_key=key)
    filed = client.post_request("e_scooter", lat=WANGSIMNI[0], long=WANGSIMNI[1], description="킥보드가 인도를 막아요")
    assert re.fullmatch(r"20\d\d-\d{6}", filed["service_request_id"]) and filed["account_id"] is None
    keys = ApiKeys(database_url)
    row = next(k for k in keys.listing() if k.name == "연계 시험")
    assert row.uses == 1 and row.last_used_at is not None
    keys.revoke(row.id, "admin1")
    with pytest.raises(GeoReportError) as revoked:
        client.post_request("e_scooter", lat=WANGSIMNI[0], long=WANGSIMNI[1], description="킥보드가 또 있어요")
    assert revoked.value.status == 403


def test_a_filed_request_is_a_complaint_like_any_other(gateway, database_url, key):
    client = GeoReport(gateway.url + "/open311/v2", api_key=key)
    filed = client.post_request("e_scooter", lat=WANGSIMNI[0], long=WANGSIMNI[1], address_string="왕십리역 4번 출구 앞",
                                description="킥보드가 횡단보도를 막고 있어요. 010-1234-5678로 연락 주세요",
                                phone="010-9876-5432", email="resident@example.com", first_name="길동")
    store = ComplaintStore(database_url)
    complaint = store.by_ticket(filed["service_request_id"])
    assert complaint.channel == "open311" and complaint.category == "e_scooter"
    assert complaint.priority == "urgent" and complaint.department == "교통행정과"     # the same triage
    assert complaint.dong == "행당1동" and complaint.latitude == pytest.approx(WANGSIMNI[0])
    assert complaint.phone is None                       # no consent: contact details are not kept
    assert "010-1234-5678" not in complaint.description  # masked like a chat message
    assert any(e.action == "open311_request" and e.target == complaint.ticket for e in store.audit_log())

    read = GeoReport(gateway.url + "/open311/v2").request(filed["service_request_id"])
    assert read["status"] == "open" and read["service_code"] == "e_scooter" and read["address"] == "왕십리역 4번 출구 앞"
    assert read["lat"] == pytest.approx(WANGSIMNI[0]) and read["agency_responsible"] == "교통행정과"
    text = str(read)
    assert "9876" not in text and "길동" not in text and "example.com" not in text and complaint.ticket_code not in text


def test_contact_kept_only_with_consent_and_never_returned(gateway, database_url, key):
    client = GeoReport(gateway.url + "/open311/v2", api_key=key)
    filed = client.post_request("streetlight", address_string="성수역 3번 출구 가로등", description="가로등이 꺼졌어요",
                                phone="010-2222-3333", attributes={"consent": "yes"})
    complaint = ComplaintStore(database_url).by_ticket(filed["service_request_id"])
    assert complaint.phone == "010-2222-3333" and complaint.consent_at is not None
    assert "3333" not in str(GeoReport(gateway.url + "/open311/v2").request(complaint.ticket))
    everything = GeoReport(gateway.url + "/open311/v2").requests()
    assert complaint.ticket in [r["service_request_id"] for r in everything] and "3333" not in str(everything)


def test_filters_status_code_and_dates(gateway, database_url, key):
    client = GeoReport(gateway.url + "/open311/v2", api_key=key)
    first = client.post_request("noise", address_string="응봉동 공사장", description="새벽부터 공사 소음이 커요")
    second = client.post_request("odor", address_string="마장동 하수구", description="하수구 냄새가 심해요")
    store = ComplaintStore(database_url)
    assert store.by_ticket(first["service_request_id"]).dong == "응봉동"      # named in the address
    store.update(second["service_request_id"], "staff1", status="done")
    reader = GeoReport(gateway.url + "/open311/v2")
    closed = [r["service_request_id"] for r in reader.requests(status="closed")]
    opened = [r["service_request_id"] for r in reader.requests(status="open")]
    assert second["service_request_id"] in closed and second["service_request_id"] not in opened
    assert first["service_request_id"] in opened
    assert {r["service_code"] for r in reader.requests(service_code="noise")} == {"noise"}
    both = reader.requests(service_code="noise,odor")
    assert {first["service_request_id"], second["service_request_id"]} <= {r["service_request_id"] for r in both}
    assert reader.requests(start_date="2001-01-01T00:00:00Z", end_date="2001-12-31T00:00:00Z") == []
    by_ids = reader.requests(service_request_id=f"{first['service_request_id']},{second['service_request_id']}")
    assert len(by_ids) == 2
    with pytest.raises(GeoReportError) as bad:
        reader.requests(status="pending")
    assert bad.value.status == 400
    with pytest.raises(GeoReportError) as bad_date:
        reader.requests(start_date="yesterday")
    assert bad_date.value.status == 400
    with pytest.raises(GeoReportError) as missing:
        reader.request("2001-999999")
    assert missing.value.status == 404


@pytest.mark.parametrize("fields, status", [
    ({"description": "킥보드가 있어요"}, 400),                                                 # no location
    ({"lat": "north", "long": "127", "description": "킥보드가 있어요"}, 400),
    ({"lat": "37.50", "long": "126.90", "description": "킥보드가 있어요"}, 400),               # outside the district
    ({"address_string": "왕십리역", "description": ""}, 400),
    ({"address_string": "왕십리역", "description": "x" * 1001}, 400),
    ({"address_string": "왕십리역", "description": "킥보드가 있어요", "phone": "12",
      "attribute[consent]": "yes"}, 400),
])
def test_bad_requests_get_spec_errors_and_file_nothing(gateway, database_url, key, fields, status):
    client = GeoReport(gateway.url + "/open311/v2", api_key=key)
    before = len(ComplaintStore(database_url).listing())
    with pytest.raises(GeoReportError) as refused:
        client.post_request("e_scooter", **fields)
    assert refused.value.status == status and refused.value.errors[0]["description"]
    assert len(ComplaintStore(database_url).listing()) == before


def test_missing_service_code(gateway, key):
    with pytest.raises(GeoReportError) as refused:
        GeoReport(gateway.url + "/open311/v2", api_key=key).post_request("", address_string="왕십리역",
                                                                          description="킥보드가 있어요")
    assert refused.value.status == 400 and "service_code" in refused.value.errors[0]["description"]


def test_filing_is_rate_limited_per_key(gateway, key):
    client = GeoReport(gateway.url + "/open311/v2", api_key=key)
    for _ in range(5):
        client.post_request("other", address_string="행당동", description="시험 접수예요")
    with pytest.raises(GeoReportError) as limited:
        client.post_request("other", address_string="행당동", description="시험 접수예요")
    assert limited.value.status == 429


def test_media_url_photo_is_fetched_checked_and_attached(gateway, database_url, key):
    host = ImageHost(jpeg(gps=WANGSIMNI))
    try:
        client = GeoReport(gateway.url + "/open311/v2", api_key=key)
        filed = client.post_request("road_damage", address_string="왕십리로 앞", description="도로가 패였어요",
                                    media_url=host.url())
        store = ComplaintStore(database_url)
        complaint = store.by_ticket(filed["service_request_id"])
        photos = store.photos([complaint.id])[complaint.id]
        assert len(photos) == 1 and photos[0].width == 640 and host.requests == ["/photo.jpg"]
        kept = photo_storage(gateway.app.extensions["minwon.settings"]).get(photos[0].storage_key)
        assert no_metadata(kept)                   # the GPS block did not survive
        assert complaint.latitude is None          # the photo's GPS is never kept silently
        assert GeoReport(gateway.url + "/open311/v2").request(complaint.ticket)["media_url"] is None
        with pytest.raises(GeoReportError) as elsewhere:
            client.post_request("road_damage", address_string="왕십리로", description="도로가 패였어요",
                                media_url="https://photos.example.org/a.jpg")
        assert elsewhere.value.status == 400 and "not an allowed image host" in elsewhere.value.errors[0]["description"]
    finally:
        host.close()
    for data, reason in ((not_an_image(), "photo_type"), (truncated_jpeg(), "photo_broken")):
        bad_host = ImageHost(data)
        try:
            with pytest.raises(GeoReportError) as refused:
                client.post_request("road_damage", address_string="왕십리로", description="도로가 패였어요",
                                    media_url=bad_host.url())
            assert refused.value.status == 400 and reason in refused.value.errors[0]["description"]
        finally:
            bad_host.close()


# --- API keys in the console ----------------------------------------------------------------------

def _token(client, path="/staff/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _login(app, username):
    client = app.test_client()
    client.post("/staff/login", data={"username": username, "password": PASSWORD, "csrf_token": _token(client)})
    return client


def test_admin_issues_lists_and_revokes_keys(tmp_path):
    app = create_app({"data_dir": str(tmp_path), "database_url": f"sqlite:///{tmp_path / 'minwon.db'}"})
    accounts = StaffAccounts(app.extensions["minwon.settings"].database)
    accounts.create(ADMIN, PASSWORD, "admin")
    accounts.create(STAFF, PASSWORD, "staff")
    admin = _login(app, ADMIN)
    page = admin.post("/staff/apikeys", data={"name": "서울시 민원 연계", "csrf_token": _token(admin, "/staff/apikeys")})
    assert page.status_code == 200 and "이 키는 지금 한 번만 보여요" in page.text
    key = re.search(r'id="new-key" readonly value="(mw_[^"]+)"', page.text).group(1)
    keys = ApiKeys(app.extensions["minwon.settings"].database)
    assert keys.check(key) is not None and key not in admin.get("/staff/apikeys").text   # never shown again
    row = keys.listing()[0]
    assert row.key_prefix in admin.get("/staff/apikeys").text
    done = admin.post(f"/staff/apikeys/{row.id}/revoke", data={"csrf_token": _token(admin, "/staff/apikeys")},
                      follow_redirects=True)
    assert "폐기했어요" in done.text and keys.check(key) is None
    actions = [e.action for e in ComplaintStore(app.extensions["minwon.settings"].database).audit_log()]
    assert "api_key_issue" in actions and "api_key_revoke" in actions
    staff = _login(app, STAFF)
    assert staff.get("/staff/apikeys").status_code == 403
    assert "API 키" not in staff.get("/staff/complaints").text
    empty = admin.post("/staff/apikeys", data={"name": " ", "csrf_token": _token(admin, "/staff/apikeys")})
    assert empty.status_code == 400


def test_open311_complaint_shows_in_the_console(gateway, database_url, key):
    filed = GeoReport(gateway.url + "/open311/v2", api_key=key).post_request(
        "illegal_parking", lat=WANGSIMNI[0], long=WANGSIMNI[1], description="소화전 앞 주차")
    username = f"admin-{uuid.uuid4().hex[:8]}"       # the database is shared by this module's tests
    StaffAccounts(database_url).create(username, PASSWORD, "admin")
    admin = _login(gateway.app, username)
    page = admin.get(f"/staff/complaints/{filed['service_request_id']}").text
    assert "open311" in page and "https://map.kakao.com/link/map/" in page and "37.561200" in page
