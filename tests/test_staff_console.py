"""The staff console (/staff) through Flask's test client: SQLite and a knowledge copy in tmp."""
import csv
import datetime as dt
import io
import re
import shutil
import stat

import pytest
from hypothesis import HealthCheck, given, strategies as st
from hypothesis import settings as fuzz_settings
from openpyxl import load_workbook
from sqlalchemy import update

from bot.complaints.models import Complaint, StaffUser
from bot.complaints.store import ComplaintStore, NewComplaint
from bot.feedback import Feedback, FeedbackStore
from bot.publishing import publish
from bot.search.versions import IndexStore
from bot.settings import ROOT
from bot.staff import StaffAccounts
from bot.unanswered import UnansweredStore
from channels.web import create_app
from tests.conftest import TODAY

HEADER = "id,question,answer,alternates,category,department,phone,url,lang,valid_from,valid_to,review_by\n"
ROWS = {"t-1": "t-1,재산세는 언제 내요?,7월과 9월에 내요.,,세금,세무1과,02-2286-5251,https://etax.seoul.go.kr,ko,,,\n",
        "t-2": "t-2,종량제 봉투는 어디서 사요?,편의점과 마트에서 사요.,,청소,청소행정과,,,ko,,,\n",
        "t-3": "t-3,여권은 어디서 만들어요?,구청 민원여권과에서 만들어요.,,민원,민원여권과,02-2286-5281,,ko,,,\n"}
ADMIN, STAFF, PASSWORD = "admin1", "staff1", "correct-horse-42"


def console_app(tmp_path, embedder, accounts: dict[str, str]):
    """The gateway on a knowledge copy (the shipped tables, a FAQ of the three ROWS) in ``tmp_path``, SQLite, the
    pinned day, the test embedder, and these console ``accounts`` (name → role, all with PASSWORD)."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge" / "tables", knowledge / "tables")
    (knowledge / "faq").mkdir()
    (knowledge / "faq" / "demo.csv").write_text(HEADER + "".join(ROWS.values()), encoding="utf-8")
    app = create_app({"data_dir": str(tmp_path / "var"), "knowledge_dir": str(knowledge), "today": TODAY.isoformat(),
                      "database_url": f"sqlite:///{tmp_path / 'var' / 'minwon.db'}"})
    app.extensions["minwon.embedder"] = embedder
    staff = StaffAccounts(app.extensions["minwon.settings"].database)
    for name, role in accounts.items():
        staff.create(name, PASSWORD, role)
    return app


@pytest.fixture()
def app(tmp_path, embedder):
    return console_app(tmp_path, embedder, {ADMIN: "admin", STAFF: "staff"})


@pytest.fixture()
def settings(app):
    return app.extensions["minwon.settings"]


@pytest.fixture()
def store(settings):
    return ComplaintStore(settings.database)


def token(client, path="/staff/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def login(app, username=ADMIN, password=PASSWORD):
    client = app.test_client()
    response = client.post("/staff/login", data={"username": username, "password": password, "csrf_token": token(client)})
    return client, response


@pytest.fixture()
def admin(app):
    return login(app)[0]


def post(client, path, data=None, **kwargs):
    return client.post(path, data={"csrf_token": token(client, "/staff/knowledge"), **(data or {})}, **kwargs)


def actions(store):
    return [e.action for e in store.audit_log()]


def file(store, description, category="e_scooter", dong="성수1가1동", phone=None, key=None):
    return store.file(NewComplaint(key or description, category, dong, "성수역 3번 출구", description, phone), None)


def test_login_logout_and_login_required(app, store):
    anonymous = app.test_client()
    assert anonymous.get("/staff/dashboard").headers["Location"].startswith("/staff/login?next=/staff/dashboard")
    client, response = login(app)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/complaints"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/staff" in cookie
    assert "로그인했어요" in client.get("/staff/complaints").text
    assert post(client, "/staff/logout").headers["Location"] == "/staff/login"
    assert client.get("/staff/complaints").status_code == 302
    assert actions(store)[:2] == ["logout", "login"]


def test_wrong_passwords_slow_down_that_address_not_the_account(app, store):
    """(Issue 27, item 9: tests/security/test_login_throttle.py has the attacks.)"""
    for _ in range(3):
        _, response = login(app, password="wrong-password")
        assert response.status_code == 401 and "아이디 또는 비밀번호가 맞지 않아요" in response.text
    _, fourth = login(app)
    assert fourth.status_code == 429 and "초 뒤에 다시 시도해 주세요" in fourth.text      # must wait, right password or not
    elsewhere = app.test_client()
    response = elsewhere.post("/staff/login", environ_base={"REMOTE_ADDR": "10.1.2.3"},
                              data={"username": ADMIN, "password": PASSWORD, "csrf_token": token(elsewhere)})
    assert response.status_code == 302                                                # the owner, from their desk
    assert actions(store).count("login_failed") == 3 and "login_throttled" in actions(store)


def test_every_post_without_or_with_a_wrong_csrf_token_is_400(app):
    client, _ = login(app)
    posts = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff.") and "POST" in rule.methods]
    assert len(posts) >= 9
    for rule in posts:
        path = re.sub(r"<[^>]+>", "0123456789abcdef", rule.rule)
        for data in ({}, {"csrf_token": "wrong"}):
            response = client.post(path, data=data)
            assert response.status_code == 400, path
            assert "보안 확인 값이 없거나 맞지 않아요" in response.text


def test_a_token_from_before_login_or_from_another_session_is_refused(app):
    client = app.test_client()
    before = token(client)
    assert client.post("/staff/login", data={"username": ADMIN, "password": PASSWORD, "csrf_token": before}).status_code == 302
    after = token(client, "/staff/knowledge")
    assert after != before
    logout = [r.rule for r in app.url_map.iter_rules() if r.endpoint == "staff.auth.logout"][0]
    refused = client.post(logout, data={"csrf_token": before})
    assert refused.status_code == 400 and "보안 확인 값이 없거나 맞지 않아요" in refused.text
    other, _ = login(app)
    assert other.post(logout, data={"csrf_token": after}).status_code == 400
    assert client.post(logout, data={"csrf_token": after}).status_code == 302


def test_staff_cannot_open_the_audit_log_or_roll_back(app, settings, embedder):
    publish(settings, embedder=embedder)
    staff, _ = login(app, STAFF)
    assert staff.get("/staff/audit").status_code == 403
    version = IndexStore(settings.index_dir).current_version()
    response = post(staff, "/staff/knowledge/rollback", {"version": version})
    assert response.status_code == 403 and "관리자만" in response.text
    assert "이 버전으로 되돌리기" not in staff.get("/staff/knowledge").text
    admin, _ = login(app)
    assert admin.get("/staff/audit").status_code == 200


def test_complaints_urgent_first_then_oldest_and_filters(admin, store):
    old = file(store, "킥보드가 쓰러져 있어요")
    urgent = file(store, "킥보드에 걸려 넘어졌어요 위험해요")
    other = file(store, "가로등이 꺼졌어요", category="streetlight", dong="행당1동")
    with store._session() as session, session.begin():
        session.execute(update(Complaint).where(Complaint.id == old.id).values(
            created_at=dt.datetime(2026, 11, 1, 3, tzinfo=dt.timezone.utc)))
    page = admin.get("/staff/").text
    assert page.index(urgent.ticket) < page.index(old.ticket) < page.index(other.ticket)
    assert "긴급" in page
    assert other.ticket not in admin.get("/staff/complaints?category=e_scooter").text
    only_old = admin.get("/staff/complaints?from=2026-11-01&to=2026-11-01").text
    assert old.ticket in only_old and urgent.ticket not in only_old
    assert other.ticket in admin.get("/staff/complaints?dong=행당1동&status=received").text
    groups = admin.get("/staff/complaints/groups").text
    assert "2건: 전동킥보드 방치 · 성수1가1동 · 성수역 3번 출구" in groups
    assert other.ticket not in admin.get(f"/staff/complaints?group={urgent.group_id}").text


def test_update_status_department_and_reply(admin, store):
    complaint = file(store, "킥보드가 쓰러져 있어요", phone="010-1234-5678")
    assert "***-****-5678" in admin.get("/staff/").text and "010-1234-5678" not in admin.get("/staff/").text
    page = admin.get(f"/staff/complaints/{complaint.ticket}").text
    assert "010-1234-5678" not in page and "***-****-5678" in page and complaint.full_ticket in page
    assert "010-1234-5678" in post(admin, f"/staff/complaints/{complaint.ticket}/phone").text   # audited: item 7
    response = post(admin, f"/staff/complaints/{complaint.ticket}",
                    {"status": "done", "department": "교통행정과", "reply": "킥보드를 치웠어요."}, follow_redirects=True)
    assert "저장했어요" in response.text
    saved = store.by_ticket(complaint.ticket)
    assert (saved.status, saved.department, saved.reply) == ("done", "교통행정과", "킥보드를 치웠어요.")
    entry = store.audit_log()[0]
    assert (entry.action, entry.username, entry.target) == ("complaint_update", ADMIN, complaint.ticket)
    assert "status=done" in entry.detail and "reply=킥보드를 치웠어요." in entry.detail
    assert post(admin, f"/staff/complaints/{complaint.ticket}", {"status": "lost"}).status_code == 400


def test_exports_are_excel_ready_and_neutralise_formulas(admin, store):
    evil = '=HYPERLINK("http://evil.example","클릭")'
    file(store, evil)
    file(store, "+1 넘쳐요", key="plus")
    response = admin.get("/staff/complaints.csv?category=e_scooter")
    assert response.data.startswith("\ufeff".encode()) and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "접수번호" and len(rows) == 3
    descriptions = {row[7] for row in rows[1:]}
    assert descriptions == {"'" + evil, "'+1 넘쳐요"}
    book = load_workbook(io.BytesIO(admin.get("/staff/complaints.xlsx").data))
    cells = [c for row in book.active.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert [(c.value, c.data_type) for c in cells] == [("'" + evil, "s")]
    exports = [e for e in store.audit_log() if e.action == "export"]
    assert [e.target for e in exports] == ["xlsx", "csv"] and "category=e_scooter" in exports[1].detail


def upload(client, content: bytes, name="demo.csv", **fields):
    data = {"kind": "faq", "faq_file": "demo", "file": (io.BytesIO(content), name), **fields}
    return post(client, "/staff/knowledge/upload", data, content_type="multipart/form-data")


def test_broken_upload_shows_where_and_publishes_nothing(admin, settings, embedder):
    first = publish(settings, embedder=embedder)
    live = (settings.faq_dir / "demo.csv").read_bytes()
    broken = HEADER + ROWS["t-1"] + "t-2,종량제 봉투는 어디서 사요?,,,,,,,ko,,,\n"
    review = admin.get(upload(admin, broken.encode()).headers["Location"])
    assert "faq/demo.csv 3행 answer 열: 비어 있어요" in review.text and "오류가 1건" in review.text
    assert ">게시</button>" not in review.text
    staging_id = review.request.path.split("/")[-1]
    refused = post(admin, f"/staff/knowledge/staging/{staging_id}/publish")
    assert refused.status_code == 400 and "게시하지 않았어요" in refused.text
    assert (settings.faq_dir / "demo.csv").read_bytes() == live
    assert IndexStore(settings.index_dir).current_version() == first.version


def test_good_upload_preview_publish_then_rollback(admin, settings, store, embedder):
    first = publish(settings, embedder=embedder)
    changed = (HEADER + ROWS["t-1"].replace("7월과 9월에 내요.", "7월과 9월에 나눠 내요.") + ROWS["t-3"]
               + "t-4,대형 폐기물은 어떻게 버려요?,구청 누리집에서 신고하고 스티커를 붙여요.,,청소,청소행정과,,,ko,,,\n")
    review = admin.get(upload(admin, changed.encode()).headers["Location"]).text
    added, changed_part, removed = (review.split("<h3>")[i] for i in (1, 2, 3))
    assert "새로 생기는 질문 1개" in added and "t-4" in added and "대형 폐기물은 어떻게 버려요?" in added
    assert "바뀌는 질문 1개" in changed_part and "7월과 9월에 나눠 내요." in changed_part
    assert "없어지는 질문 1개" in removed and "종량제 봉투는 어디서 사요?" in removed
    staging_id = re.search(r"/staff/knowledge/staging/([0-9a-f]{16})/publish", review).group(1)
    done = post(admin, f"/staff/knowledge/staging/{staging_id}/publish", follow_redirects=True)
    versions = IndexStore(settings.index_dir)
    assert versions.current_version() != first.version and f"{versions.current_version()} 이에요" in done.text
    assert (settings.faq_dir / "demo.csv").read_text(encoding="utf-8") == changed
    assert "지금 주민에게 보이는 버전" in done.text and "이 버전으로 되돌리기" in done.text
    back = post(admin, "/staff/knowledge/rollback", {"version": first.version}, follow_redirects=True)
    assert versions.current_version() == first.version and "되돌렸어요" in back.text
    assert actions(store)[:2] == ["rollback", "publish"]


def test_upload_refuses_other_files_with_a_clear_message(admin, settings):
    assert "FAQ 파일은 .csv 또는 .xlsx" in upload(admin, b"x", name="notes.txt").text
    assert "파일 이름을 고르거나" in upload(admin, b"x", faq_file="", faq_new="../evil").text
    table = {"kind": "table", "table": "offices.csv"}
    assert "CSV(.csv)로 저장해서" in upload(admin, b"x", name="offices.xlsx", **table).text
    assert "바꿀 표를 목록에서" in upload(admin, b"x", **{**table, "table": "secrets.csv"}).text
    too_big = upload(admin, b"a" * (5 * 1024 * 1024 + 10))
    assert too_big.status_code == 413 and "5MB" in too_big.text
    assert not (settings.data_dir / "staging").exists()


def test_unanswered_grouped_then_draft_reviewed_and_published(admin, settings, embedder):
    unanswered = UnansweredStore(settings.database)
    for question in ("반려견 등록은 어디서 해요?", "강아지 등록 어디서 하나요?", "반려견 등록은 어디서 해요?", "주차 딱지 이의신청 방법"):
        unanswered.add(question, "ko", "out_of_scope")
    FeedbackStore(settings.database).add(Feedback("s1", "down", question="반려견 등록 어디서 해요"))
    FeedbackStore(settings.database).add(Feedback("s2", "up", question="재산세는 언제 내요?"))
    page = admin.get("/staff/unanswered").text
    assert "뜻이 비슷한 질문끼리" in page and "재산세" not in page
    assert page.index("4건: 반려견 등록은 어디서 해요?") < page.index("1건: 주차 딱지 이의신청 방법")
    form = admin.get("/staff/unanswered/draft?q=반려견 등록은 어디서 해요?").text
    assert 'value="new-001"' in form and 'value="반려견 등록은 어디서 해요?"' in form
    draft = {"id": "new-001", "question": "반려견 등록은 어디서 해요?", "answer": "", "lang": "ko"}
    assert "을 저장했어요. 아직 주민에게는 보이지 않아요" in post(admin, "/staff/unanswered/draft", draft, follow_redirects=True).text
    assert "new-001" in (settings.data_dir / "faq_drafts.csv").read_text(encoding="utf-8")
    assert not (settings.faq_dir / "added.csv").exists()
    publish(settings, embedder=embedder)
    reviewed = {**draft, "answer": "동 주민센터나 동물병원에서 등록해요.", "department": "지역경제과"}
    review = admin.get(post(admin, "/staff/knowledge/drafts/new-001", reviewed).headers["Location"]).text
    assert "새로 생기는 질문 1개" in review and "동 주민센터나 동물병원에서 등록해요." in review
    staging_id = re.search(r"/staff/knowledge/staging/([0-9a-f]{16})/publish", review).group(1)
    assert "게시했어요" in post(admin, f"/staff/knowledge/staging/{staging_id}/publish", follow_redirects=True).text
    added = (settings.faq_dir / "added.csv").read_text(encoding="utf-8")
    assert added.startswith("id,question,answer") and "new-001,반려견 등록은 어디서 해요?,동 주민센터나" in added
    assert "new-001" not in (settings.data_dir / "faq_drafts.csv").read_text(encoding="utf-8")


def test_dashboard_charts_have_text_alternatives(admin, settings, store):
    file(store, "킥보드가 쓰러져 있어요")
    feedback = FeedbackStore(settings.database)
    for rating in ("up", "up", "down"):
        feedback.add(Feedback("s", rating, question="질문"))
    page = admin.get("/staff/dashboard").text
    assert "67%" in page and "도움 됨 2건, 도움 안 됨 1건" in page
    assert page.count("<svg") == 5 and page.count('<table class="sr">') == 5
    assert "<th scope=\"row\">전동킥보드 방치</th><td>1건</td>" in page


def test_cli_staff_add_reads_the_password_from_stdin(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("MINWON_DATABASE_URL", url)
    monkeypatch.setenv("MINWON_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["staff", "add", "kim", "--role", "admin", "--password-stdin"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password-1\n"))
    assert main(["staff", "add", "kim", "--role", "admin", "--password-stdin"]) == 0
    accounts = StaffAccounts(url)
    assert accounts.verify("kim", "a-long-password-1").role == "admin"
    with accounts.store._session() as session:
        assert session.query(StaffUser).one().password_hash.startswith("scrypt:")


def test_secret_key_is_kept_private_and_reused(app, settings):
    key_file = settings.data_dir / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = create_app({"data_dir": str(settings.data_dir), "knowledge_dir": str(settings.knowledge_dir)})
    assert again.secret_key == app.secret_key == key_file.read_text().strip()


FUZZ_CSV = st.lists(st.lists(st.text(max_size=30), max_size=14), max_size=30).map(
    lambda rows: "\n".join(",".join(row) for row in rows))


@fuzz_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(FUZZ_CSV.map(lambda t: t.encode("utf-8")), st.binary(max_size=4000),
                      FUZZ_CSV.map(lambda t: (HEADER + t).encode("utf-8")),
                      st.just(("=cmd|' /C calc'!A0," * 5000).encode())))
def test_fuzz_staff_upload_never_500(app, body):
    if "fuzz.client" not in app.extensions:      # one login for every example (logins are limited per address)
        app.extensions["fuzz.client"] = login(app)[0]
    client = app.extensions["fuzz.client"]
    response = client.post("/staff/knowledge/upload", content_type="multipart/form-data", data={
        "csrf_token": token(client, "/staff/knowledge"), "kind": "faq", "faq_file": "demo",
        "file": (io.BytesIO(body), "demo.csv")})
    assert response.status_code in (200, 302, 400, 413)   # 302: staged, on to the validation report
    assert "Traceback" not in response.get_data(as_text=True)
