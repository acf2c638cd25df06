"""Issue 27, item 5: a 1.6 KB .xlsx could exhaust the gateway: unmerging a two-million-cell merged
area took 29 s and 625 MB, a whole-sheet merge a MemoryError at 3 GB, in the worker that also
serves residents."""
from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.knowledge.files import KnowledgeError, read_sheet
from bot.settings import ROOT

HEADER = ["id", "question", "answer"]


def workbook(path: Path, sheet_xml_edit=None, rows=(("t-1", "재산세는 언제 내요?", "7월과 9월에 내요."),)) -> Path:
    """A small real workbook, its first sheet's XML edited the way an attacker would."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml_edit:
                data = sheet_xml_edit(data.decode()).encode()
            target.writestr(item, data)
    return path


def merge(ref: str):
    return lambda xml: xml.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>')


def far_cell(ref: str):
    row = "".join(ch for ch in ref if ch.isdigit())
    return lambda xml: xml.replace("</sheetData>", f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
                                                   "</sheetData>")


BOMBS = {"two million merged cells": merge("A1:T100000"), "a whole-sheet merge": merge("A1:XFD1048576"),
         "a cell in the last column": far_cell("XFD2"), "a cell in the last row": far_cell("A1048576")}


def read_in_a_bounded_process(path: Path) -> subprocess.CompletedProcess:
    """read_sheet as the gateway calls it, in a process of its own with 1.5 GB and 60 s, so an attack
    that works exhausts that process and not the test run."""
    script = ("import resource, sys\n"
              "resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))\n"
              "from pathlib import Path\nfrom bot.knowledge.files import KnowledgeError, read_sheet\n"
              "try:\n    read_sheet(Path(sys.argv[1]))\nexcept KnowledgeError as exc:\n"
              "    print('REFUSED', exc)\n    sys.exit(0)\nprint('READ')\n")
    return subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


@pytest.mark.parametrize("name", BOMBS)
def test_a_tiny_workbook_that_claims_millions_of_cells_is_refused_unread(tmp_path, name):
    path = workbook(tmp_path / "faq.xlsx", BOMBS[name])
    assert path.stat().st_size < 8000
    try:
        done = read_in_a_bounded_process(path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: still reading after 120 s")
    assert done.returncode == 0, f"{name}: the reading process died ({done.returncode}): {done.stderr[-500:]}"
    assert done.stdout.startswith("REFUSED") and "too big" in done.stdout


@pytest.fixture(scope="module")
def large_faq(tmp_path_factory) -> Path:
    """19,000 rows: within the limits, about 6 s and 200 MB of openpyxl."""
    rows = [(f"t-{n}", f"질문 {n} " * 5, "답변 " * 30) for n in range(19_000)]
    return workbook(tmp_path_factory.mktemp("large") / "faq.xlsx", rows=rows)


@pytest.mark.parametrize("limit", [{"memory_bytes": 185 * 2**20}, {"cpu_seconds": 1}, {"wall_seconds": 1}])
def test_openpyxl_runs_in_a_child_with_memory_and_time_limits(large_faq, limit):
    """A file the measuring lets through still cannot take the reading process down: the child stops."""
    from bot.knowledge.workbook import Limits, read_excel

    with pytest.raises(KnowledgeError, match="too big to read"):
        read_excel(large_faq, "faq.xlsx", Limits(**limit))
    assert len(read_excel(large_faq, "faq.xlsx")) == 19_001         # with the real limits it reads


def test_an_ordinary_workbook_with_merged_cells_still_reads(tmp_path):
    rows = [("t-1", "재산세는 언제 내요?", "7월과 9월에 내요."), ("t-2", "", "")]
    path = workbook(tmp_path / "faq.xlsx", merge("B2:B3"), rows)
    sheet = read_sheet(path)
    assert [cells["question"] for _, cells in sheet.rows] == ["재산세는 언제 내요?", "재산세는 언제 내요?"]


def test_zip_parts_larger_than_the_limit_are_refused(tmp_path):
    path = workbook(tmp_path / "faq.xlsx", lambda xml: xml.replace("</worksheet>", "<!--" + "x" * (70 * 2**20) + "--></worksheet>"))
    with pytest.raises(KnowledgeError, match="too big"):
        read_sheet(path)


def test_a_bomb_uploaded_in_the_console_is_shown_as_too_big_and_residents_are_still_answered(console_app, tmp_path):
    from tests.security.conftest import csrf, log_in

    client, _ = log_in(console_app)
    bomb = workbook(tmp_path / "bomb.xlsx", merge("A1:XFD1048576")).read_bytes()
    response = client.post("/staff/knowledge/upload", content_type="multipart/form-data", follow_redirects=True,
                           data={"kind": "faq", "faq_new": "bomb", "csrf_token": csrf(client, "/staff/knowledge"),
                                 "file": (io.BytesIO(bomb), "bomb.xlsx")})
    assert response.status_code in (200, 400) and "엑셀 파일이 너무 커서 읽지 않았어요" in response.text
    resident = console_app.test_client().post("/api/chat", json={"session_id": "r", "message": "안녕"})
    assert resident.status_code == 200
