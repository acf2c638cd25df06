"""The shared statutes corpus (../shared/corpus/laws beside the repository, or MINWON_STATUTES_DIR) and
documents the tests make themselves: a PDF with a text layer and one without, a DOCX, an HWPX, an HWP 5."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from bot.settings import Settings

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
SMALL_LAWS = ("경범죄처벌법/법률.md", "경범죄처벌법/시행령.md", "질서위반행위규제법/법률.md", "주민등록법/시행규칙.md")
ARTICLES = [("제1조(목적)", "이 조례는 옥외 현수막의 관리에 필요한 사항을 정한다."),
            ("제2조(정의)", "① 이 조례에서 \"현수막\"이란 천에 글씨를 써서 거는 광고물을 말한다.\n"
                        "② \"게시대\"란 구청장이 설치한 현수막 게시 시설을 말한다."),
            ("제3조(게시 기간)", "① 현수막은 15일을 넘겨 걸 수 없다.\n  1. 행사 안내 현수막\n  2. 공익 현수막")]


def statutes_dir() -> Path:
    folder = Settings.load().statutes_dir
    if not (folder / "README.md").is_file():
        pytest.fail(f"the shared statutes corpus is missing at {folder}: put shared/ beside the repository "
                    "(../shared/corpus/laws) or set MINWON_STATUTES_DIR")
    return folder


def small_library(into: Path) -> Path:
    """Four of the shared statutes (2,000 articles would take minutes to analyse on a busy machine)."""
    for name in SMALL_LAWS:
        (into / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(statutes_dir() / name, into / name)
    return into


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Nanum", fname=str(FONT))
    pdf.set_font("Nanum", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path, tmp: Path) -> Path:
    """A page that is only a picture, as a scanner makes it: no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    picture = tmp / "scan.png"
    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 550, 250), outline="black", width=5)
    image.save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("현수막 관리 지침", level=1)
    document.add_heading("1. 게시 기준", level=2)
    document.add_paragraph("지정 게시대에만 15일 동안 걸 수 있다.")
    document.add_heading("2. 철거", level=2)
    document.add_paragraph("기간이 지난 현수막은 담당 부서가 철거한다.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "문의"
    table.rows[0].cells[1].text = "도시디자인과"
    document.save(str(path))
    return path


HWPX_SECTION = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">
{paragraphs}
</hs:sec>"""


def make_hwpx(path: Path, lines: list[str]) -> Path:
    """The parts of an HWPX package a reader needs: mimetype, the manifest and one section of paragraphs
    (one of them inside a table cell, as 한글 writes tables)."""
    paragraphs = "\n".join(f'<hp:p id="{n}"><hp:run charPrIDRef="0"><hp:t>{line}</hp:t></hp:run></hp:p>'
                           for n, line in enumerate(lines))
    table = ('<hp:p id="99"><hp:run charPrIDRef="0"><hp:tbl><hp:tr><hp:tc><hp:subList>'
             '<hp:p id="100"><hp:run charPrIDRef="0"><hp:t>표 안의 글: 게시대 위치는 별표와 같다.</hp:t></hp:run></hp:p>'
             '</hp:subList></hp:tc></hp:tr></hp:tbl></hp:run></hp:p>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", '<?xml version="1.0"?><container/>')
        archive.writestr("Contents/content.hpf", '<?xml version="1.0"?><package/>')
        archive.writestr("Contents/section0.xml", HWPX_SECTION.format(paragraphs=paragraphs + table))
    return path


def make_hwp5(path: Path) -> Path:
    """The start of an HWP 5 file: an OLE compound document header (as 한글 writes them)."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path
