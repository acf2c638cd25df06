"""The library and assistant pages through Flask's test client: uploads, search (page and JSON), asking
(with and without an LLM, streamed), the complaint report and its exports, reply drafts, presets,
contact details and the audit log."""
from __future__ import annotations

import io
import json
import re
import shutil

import pytest
from openpyxl import load_workbook

from bot.complaints.store import ComplaintStore, NewComplaint
from bot.knowledge.district import load_district
from bot.staff import StaffAccounts
from channels.web import create_app
from tests.conftest import TODAY
from tests.fakes.openai_server import FakeOpenAI
from tests.library.corpus import ARTICLES, make_hwp5, make_hwpx

ADMIN, STAFF, PASSWORD = "admin1", "staff1", "correct-horse-42"


@pytest.fixture()
def fake():
    with FakeOpenAI() as server:
        yield server


def make_app(tmp_path, built_library, embedder, **config):
    shutil.copytree(built_library, tmp_path / "var")
    app = create_app({"data_dir": str(tmp_path / "var"), "today": TODAY.isoformat(),
                      "database_url": f"sqlite:///{tmp_path / 'var' / 'minwon.db'}", **config})
    app.extensions["minwon.embedder"] = embedder
    accounts = StaffAccounts(app.extensions["minwon.settings"].database)
    accounts.create(ADMIN, PASSWORD, "admin")
    accounts.create(STAFF, PASSWORD, "staff")
    return app


@pytest.fixture()
def app(tmp_path, built_library, embedder):
    return make_app(tmp_path, built_library, embedder)


@pytest.fixture()
def llm_app(tmp_path, built_library, embedder, fake):
    return make_app(tmp_path, built_library, embedder, openai_api_key="test-key", openai_base_url=fake.base_url)


def token(client, path="/staff/library") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def login(app, username=ADMIN):
    client = app.test_client()
    login_token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/staff/login").text).group(1)
    client.post("/staff/login", data={"username": username, "password": PASSWORD, "csrf_token": login_token})
    return client


def post(client, path, data, **kwargs):
    return client.post(path, data={"csrf_token": token(client), **data}, **kwargs)


def audit_actions(app):
    return [(e.username, e.action, e.detail) for e in ComplaintStore(app.extensions["minwon.settings"].database).audit_log()]


def test_the_library_lists_its_documents_with_their_source(app):
    page = login(app, STAFF).get("/staff/library")
    assert page.status_code == 200
    assert "경범죄 처벌법" in page.text and "https://www.law.go.kr/법령/경범죄처벌법" in page.text
    assert "문서 4개" in page.text


def test_uploading_an_hwpx_makes_it_searchable_and_is_audited(app, tmp_path):
    client = login(app, STAFF)
    lines = [f"{heading} {body.splitlines()[0]}" for heading, body in ARTICLES]
    hwpx = make_hwpx(tmp_path / "현수막 조례.hwpx", ["성동구 현수막 조례", *lines])
    response = post(client, "/staff/library/upload", {"file": (io.BytesIO(hwpx.read_bytes()), "현수막 조례.hwpx"),
                                                       "kind": "조례", "department": "도시디자인과"},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "올렸어요: 현수막 조례 (조례, 조문·단락 3개)" in response.text     # no heading in it: the file's name
    found = client.get("/staff/library/search.json", query_string={"q": "현수막 게시 기간", "kind": "조례"}).json
    assert found["results"][0]["unit_id"] == "현수막 조례/조례#제3조"
    assert found["results"][0]["citation"].startswith("현수막 조례 제3조")
    assert (STAFF, "library_add", "현수막 조례 (조례, 3개 단위)") in audit_actions(app)


def test_an_hwp5_upload_says_what_to_do_and_stores_nothing(app, tmp_path):
    client = login(app, STAFF)
    hwp = make_hwp5(tmp_path / "옛 지침.hwp")
    response = post(client, "/staff/library/upload", {"file": (io.BytesIO(hwp.read_bytes()), "옛 지침.hwp"),
                                                       "kind": "지침"}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "옛 지침.hwp: 한글 HWP 5 파일은 직접 읽지 못해요. 한글에서 HWPX나 PDF로 저장해 올려 주세요." in response.text
    assert "문서 4개" in response.text


def test_replace_and_delete_keep_history_and_are_audited(app, tmp_path):
    client = login(app, STAFF)
    law = app.extensions["minwon.settings"].library_root / "documents" / "경범죄처벌법" / "시행령.md"
    newer = law.read_text(encoding="utf-8").replace("경범죄 처벌법 시행령", "경범죄 처벌법 시행령(새 판)", 1)
    response = post(client, "/staff/library/replace", {"doc_id": "경범죄처벌법/시행령", "file": (
        io.BytesIO(newer.encode()), "시행령.md")}, content_type="multipart/form-data", follow_redirects=True)
    assert "새 판으로 바꿨어요: 경범죄 처벌법 시행령(새 판)" in response.text and "이전 판 1개" in response.text
    response = post(client, "/staff/library/delete", {"doc_id": "경범죄처벌법/시행령"}, follow_redirects=True)
    assert "지웠어요: 경범죄처벌법/시행령" in response.text and "문서 3개" in response.text
    assert [a for _, a, _ in audit_actions(app) if a.startswith("library")] == ["library_delete", "library_replace"]
    assert client.get("/staff/library/search.json", query_string={"q": "범칙금 납부"}).json["results"][0][
        "unit_id"].startswith(("경범죄처벌법/법률", "질서위반행위규제법"))


def test_the_search_page_highlights_the_matching_lines(app):
    page = login(app, STAFF).get("/staff/library/search", query_string={"q": "주민등록증 발급 사진 규격"})
    assert page.status_code == 200
    assert "주민등록법 시행규칙 제9조" in page.text and "<mark>" in page.text
    assert 'href="/staff/library/unit?id=' in page.text


def test_the_json_endpoint_answers_errors_as_json(app, tmp_path, built_library, embedder):
    client = login(app, STAFF)
    missing = client.get("/staff/library/search.json")
    assert missing.status_code == 400 and missing.json["error"] == "q_required"
    empty_app = create_app({"data_dir": str(tmp_path / "empty"), "database_url": app.extensions[
        "minwon.settings"].database})
    empty_app.extensions["minwon.embedder"] = embedder
    answer = login(empty_app, STAFF).get("/staff/library/search.json", query_string={"q": "현수막"})
    assert answer.status_code == 503 and answer.json["error"] == "library_empty"


def test_without_an_llm_the_assistant_says_what_one_would_add(app):
    client = login(app, STAFF)
    assert "AI(LLM)가 설정되어 있지 않아요" in client.get("/staff/assistant").text
    page = post(client, "/staff/assistant/ask", {"question": "주민등록증 발급 사진 규격"})
    assert "찾은 조문" in page.text and "주민등록법 시행규칙 제9조" in page.text
    assert "AI를 설정하면 찾은 조문으로 답을 써 주고" in page.text
    assert (STAFF, "assistant_ask", "llm=no, tokens=0+0, outcome=no LLM, sources=주민등록법 시행규칙 제9조") in [
        (u, a, d.split(";")[0]) for u, a, d in audit_actions(app)]


def test_asking_with_an_llm_shows_the_checked_answer_and_its_sources(llm_app, fake):
    fake.answer = "주민등록법 시행규칙 제9조에 따라 사진을 보완하게 할 수 있어요 [1]."
    page = post(login(llm_app, STAFF), "/staff/assistant/ask", {"question": "주민등록증 사진 규격이 안 맞으면?"})
    assert fake.answer in page.text and "근거" in page.text
    detail = next(d for _, a, d in audit_actions(llm_app) if a == "assistant_ask")
    assert detail.startswith("llm=yes, tokens=10+5, outcome=answered, sources=주민등록법 시행규칙 제9조")


def test_the_stream_sends_pieces_then_the_checked_result(llm_app, fake):
    fake.answer = "주민등록법 시행규칙 제88조에 따라 처리해요 [1]."
    client = login(llm_app, STAFF)
    response = post(client, "/staff/assistant/ask/stream", {"question": "주민등록증 발급 사진 규격"})
    assert response.mimetype == "application/x-ndjson"
    events = [json.loads(line) for line in response.text.splitlines()]
    assert "".join(e["text"] for e in events if e["type"] == "delta") == fake.answer
    result = events[-1]
    assert result["type"] == "result" and result["status"] == "excerpts"
    assert "제88조" in result["html"] and "<mark>" in result["html"]   # rejected: the excerpts instead


def test_the_daily_limit_stops_the_model_not_the_search(tmp_path, built_library, embedder, fake):
    app = make_app(tmp_path, built_library, embedder, openai_api_key="k", openai_base_url=fake.base_url,
                   assistant_daily_limit=1)
    fake.answer = "주민등록법 시행규칙 제9조를 보세요 [1]."
    client = login(app, STAFF)
    post(client, "/staff/assistant/ask", {"question": "주민등록증 발급 사진 규격"})
    page = post(client, "/staff/assistant/ask", {"question": "주민등록증 발급 사진 규격"})
    assert len(fake.requests) == 1
    assert "오늘 쓸 수 있는 AI 사용 횟수(1회)를 모두 썼어요" in page.text and "주민등록법 시행규칙 제9조" in page.text


def file_complaints(app):
    settings = app.extensions["minwon.settings"]
    store = ComplaintStore(settings.database)
    scooter = next(c for c in load_district(settings.tables_dir).complaint_categories if c.category == "e_scooter")
    for n, (dong, text) in enumerate([("성수1가1동", "킥보드가 횡단보도를 막아 위험해요"), ("성수1가1동", "킥보드 방치"),
                                      ("행당1동", "킥보드 쓰러짐 010-9876-5432")]):
        store.file(NewComplaint(f"k{n}", "e_scooter", dong, f"{dong} 역 앞", text, phone=f"010-2222-333{n}"), scooter)
    return store


def test_the_report_page_and_its_exports(app):
    file_complaints(app)
    client = login(app, STAFF)
    page = client.get("/staff/assistant/report", query_string={"request": "전동킥보드 민원을 우선순위별로 정리해 줘"})
    assert "정리 결과: 분류: 전동킥보드 방치" in page.text and "<strong>3건</strong>전체" in page.text
    assert "<strong>1건</strong>긴급(미완료)" in page.text and "010-9876-5432" not in page.text
    xlsx = client.get("/staff/assistant/report.xlsx", query_string={"request": "전동킥보드 민원"})
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "접수번호" and len(rows) == 4 and rows[1][2] == "긴급"
    csv = client.get("/staff/assistant/report.csv", query_string={"request": "행당동 킥보드"})
    assert csv.data.startswith("\ufeff".encode()) and "[전화번호]" in csv.data.decode("utf-8")
    assert [a for _, a, _ in audit_actions(app)].count("assistant_export") == 2


def test_a_reply_draft_is_editable_and_shows_contacts_only_to_those_allowed(app):
    store = file_complaints(app)
    ticket = store.listing()[0].ticket
    staff_page = login(app, STAFF).get(f"/staff/assistant/reply/{ticket}")
    assert staff_page.status_code == 200
    assert f"접수번호 {ticket}" in staff_page.text and "교통행정과" in staff_page.text
    assert "비공개" in staff_page.text and "2222-333" not in staff_page.text  # not their department: nothing (issue 27)
    assert f'action="/staff/complaints/{ticket}"' in staff_page.text                    # saved only by staff's own POST
    assert "010-2222-333" in login(app, ADMIN).get(f"/staff/assistant/reply/{ticket}").text
    assert "phone_view" in [a for _, a, _ in audit_actions(app)]                        # every whole number is audited
    assert store.by_ticket(ticket).reply == ""                                         # nothing was saved or sent


def test_presets_are_for_admins_to_save_and_for_staff_to_pick(app):
    staff = login(app, STAFF)
    refused = post(staff, "/staff/assistant/presets", {"name": "민원여권과", "instructions": "x"})
    assert refused.status_code == 403
    admin = login(app, ADMIN)
    saved = post(admin, "/staff/assistant/presets", {"name": "주민등록 도우미", "department": "민원여권과",
                                                     "instructions": "담당 부서를 적어 주세요.", "kinds": "시행규칙"},
                 follow_redirects=True)
    assert "주민등록 도우미&#39; 도우미를 저장했어요" in saved.text
    assert '<option value="주민등록 도우미">' in staff.get("/staff/assistant/ask").text
    page = post(staff, "/staff/assistant/ask", {"question": "범칙금 납부", "preset": "주민등록 도우미"})
    results = page.text.split('id="ask-result"', 1)[1]
    assert "주민등록법 시행규칙 제" in results and "경범죄 처벌법 제" not in results   # only the preset's kinds
    bad = post(admin, "/staff/assistant/presets", {"name": "x", "kinds": "소설"})
    assert bad.status_code == 400 and "자료 종류 &#39;소설&#39;는 없어요" in bad.text


def test_documents_and_translation_pages_without_an_llm(app):
    client = login(app, STAFF)
    page = post(client, "/staff/assistant/document", {"kind": "계획서", "title": "킥보드 정비", "points": "견인 구역\n업체 협의"})
    assert "킥보드 정비 추진 계획" in page.text and "- 업체 협의" in page.text
    page = post(client, "/staff/assistant/translate", {"text": "안녕하세요", "mode": "translate", "language": "en"})
    assert "AI(LLM)가 설정되어 있지 않아요" in page.text
