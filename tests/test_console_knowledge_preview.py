"""The console's upload preview (issue 20, item 8): compared with what residents see (the live
version, also after a rollback); a file with errors shows the errors only; every message is Korean."""
from __future__ import annotations

import html
import re
import shutil

import pytest

from bot.publishing import publish
from bot.search.versions import IndexStore
from bot.settings import ROOT
from console.knowledge.staging import problems_in
from console.knowledge.wording import in_korean, where_in_korean
from tests.conftest import TODAY
from tests.test_staff_console import ADMIN, HEADER, ROWS, console_app, login, post, upload

@pytest.fixture()
def console(tmp_path, embedder):
    """The console on a knowledge copy (tables shipped, FAQ the three test rows), logged in as an admin."""
    app = console_app(tmp_path, embedder, {ADMIN: "admin"})
    return login(app)[0], app.extensions["minwon.settings"]


CHANGED = HEADER + ROWS["t-1"].replace("7월과 9월에 내요.", "7월과 9월에 나눠 내요.") + ROWS["t-2"] + ROWS["t-3"]


def review_of(client, content: str):
    return html.unescape(client.get(upload(client, content.encode()).headers["Location"]).text)


def publish_staged(client, review: str):
    staging_id = re.search(r"/staff/knowledge/staging/([0-9a-f]{16})/publish", review).group(1)
    return post(client, f"/staff/knowledge/staging/{staging_id}/publish", follow_redirects=True)


def test_after_a_rollback_the_preview_compares_with_the_live_version(console, embedder):
    admin, settings = console
    first = publish(settings, embedder=embedder)
    assert "바뀌는 질문 1개" in (review := review_of(admin, CHANGED))
    publish_staged(admin, review)
    post(admin, "/staff/knowledge/rollback", {"version": first.version})
    assert IndexStore(settings.index_dir).current_version() == first.version
    # The file on disk is the changed one, residents see the first version: re-uploading the changed
    # file changes what they see, and the preview says so.
    again = review_of(admin, CHANGED)
    assert "바뀌는 질문 1개" in again and "7월과 9월에 나눠 내요." in again
    assert "지금 주민에게 보이는 내용(게시된 버전)과 비교했어요" in again


def test_a_file_with_errors_shows_the_errors_only(console, embedder):
    admin, settings = console
    publish(settings, embedder=embedder)
    wrong_header = CHANGED.replace("id,question,answer", "번호,질문,답변", 1)
    review = review_of(admin, wrong_header)
    assert "오류가 1건" in review and "첫 줄(제목 줄)에 꼭 있어야 하는 열이 없어요." in review
    assert "없어지는 질문" not in review and "새로 생기는 질문" not in review
    assert "오류를 고친 파일을 올리면" in review


def test_the_messages_staff_read_are_korean(console, embedder):
    admin, settings = console
    publish(settings, embedder=embedder)
    bad_url = HEADER + ROWS["t-1"].replace("https://etax.seoul.go.kr", "www.sd.go.kr") + ROWS["t-2"] + ROWS["t-3"]
    review = review_of(admin, bad_url)
    assert "'www.sd.go.kr' 값이 올바르지 않아요. 주소는 http:// 또는 https:// 로 시작해야 해요." in review
    assert "must start with" not in review and "row 2" not in review


BROKEN = {  # file → (text to find, text to put): one mistake of every kind the checker names
    "tables/waste_collection.csv": ("20:00,24:00", "8시,24:00"),
    "tables/bulky_fees.csv": (",1인용,1-seater,4000,", ",1인용,1-seater,사천원,"),
    "tables/events.csv": ("2026-11-28,2026-11-29", "2026-11-31,2026-11-29"),
    "tables/offices.csv": (",community_centre,왕십리2동,", ",community_centre,왕십리9동,"),
    "tables/welfare.csv": ("국민연금공단,National Pension Service,1355", "어르신장애인과,Senior and Disability Welfare Division,1355"),
    "tables/bulky_booking.csv": ("청소행정과 02-2286-5525", "청소행정과 02-2286-5412"),
    "faq/certificates.csv": ("민원여권과,02-2286-5281", "여권민원과,02-2286-5281"),
    "faq/taxes.csv": ("id,question,answer", "id,question,answer,memo"),
}


def test_every_kind_of_problem_reads_in_korean(tmp_path):
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    for name, (old, new) in BROKEN.items():
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    (folder / "tables" / "recycling.csv").write_text("item,item_en\n", encoding="utf-8")
    (folder / "faq" / "days.csv").write_text("id,question,answer,valid_from\ncert-001,q,a,26/1/1\n,q2,,\n", encoding="utf-8")
    problems = problems_in(folder, TODAY)
    assert len({p.message.split("'")[0][:12] for p in problems}) >= 10     # many different kinds
    for problem in problems:
        korean = in_korean(problem)
        assert not korean.startswith("확인이 필요한 내용이 있어요"), problem
        assert "row" not in where_in_korean(problem) and "column" not in where_in_korean(problem)
        rest = re.sub(r"'[^']*'|\([^)]*\d[^)]*\)|((tables|faq)/)?[\w.-]+\.(csv|xlsx)|https?://|HH:MM|YYYY-MM-DD|CSV|UTF-8|FAQ|"
                      r"\b(phone|[a-z_]+_en|[a-z]+_[a-z_]+|id|question|answer|memo|item|dong|url|end_date|fee_krw|"
                      r"put_out_from|valid_from|department|contact)\b", "", korean)
        assert not re.search(r"[A-Za-z]{2,}", rest), (problem.message, korean)
