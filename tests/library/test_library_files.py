"""Reading library files into citable units: the shared statutes, and PDF, DOCX, HWPX files made here."""
from __future__ import annotations

import pytest

from bot.library.catalogue import parse_document
from bot.library.formats import LibraryFileError, read_file
from bot.library.names import citation
from bot.library.splitting import split
from tests.library.corpus import (ARTICLES, make_docx, make_hwp5, make_hwpx, make_pdf, make_scanned_pdf,
                                  statutes_dir)


def test_every_shared_statute_splits_into_its_articles():
    """The corpus README counts 1,449 `#####` article headings in 13 files."""
    counts = {path.relative_to(statutes_dir()).as_posix(): len(split(read_file(path)))
              for path in statutes_dir().glob("*/*.md")}
    assert len(counts) == 13
    assert sum(counts.values()) == 1449
    assert counts["공직선거법/법률.md"] == 375 and counts["경범죄처벌법/법률.md"] == 10


def test_an_article_keeps_its_title_chapter_paragraphs_and_items():
    document = parse_document(statutes_dir() / "경범죄처벌법/법률.md", "경범죄처벌법/법률")
    assert (document.title, document.kind, document.effective) == ("경범죄 처벌법", "법률", "2026-10-02")
    assert document.source_url == "https://www.law.go.kr/법령/경범죄처벌법"
    article = document.unit("제3조")
    assert article.heading == "제3조(경범죄의 종류)" and article.path == ("제2장 경범죄의 종류와 처벌",)
    noise = next(line for line in article.lines if "(인근소란 등)" in line.text)
    assert (noise.paragraph, noise.item) == ("1", "21")
    assert noise.text.startswith("21. (인근소란 등) 악기")          # Markdown's escapes and bold are gone
    assert citation(document, article, noise) == "경범죄 처벌법 제3조 제1항 제21호"


def test_branch_articles_repealed_articles_and_short_names():
    family = parse_document(statutes_dir() / "가족관계의등록등에관한법률/법률.md", "가족관계의등록등에관한법률/법률")
    assert family.unit("제44조의2").title == "출생증명서가 없는 경우의 출생신고"
    assert family.short_name == "가족관계등록법"
    assert citation(family, family.unit("제44조"), None) == "가족관계등록법 제44조"
    elderly = parse_document(statutes_dir() / "노인복지법/법률.md", "노인복지법/법률")
    repealed = [u for u in elderly.units if u.repealed]
    assert repealed and all(u.text.startswith("삭제") for u in repealed)
    assert parse_document(statutes_dir() / "주민등록법/시행규칙.md", "주민등록법/시행규칙").kind == "시행규칙"


def test_supplementary_provisions_are_not_articles():
    units = split(read_file(statutes_dir() / "경범죄처벌법/법률.md"))
    assert units[-1].key == "제9조" and "부칙" not in units[-1].text


def test_a_pdf_statute_with_a_text_layer(tmp_path):
    lines = [f"{heading} {body}" for heading, body in ARTICLES]
    path = make_pdf(tmp_path / "조례.pdf", [["서울특별시 성동구 현수막 조례", *lines[:2]], lines[2:]])
    document = parse_document(path, "현수막조례/조례")
    assert [u.key for u in document.units] == ["제1조", "제2조", "제3조"]
    third = document.unit("제3조")
    assert third.title == "게시 기간"
    assert [(line.paragraph, line.item) for line in third.lines] == [("1", ""), ("1", "1"), ("1", "2")]


def test_a_pdf_without_statute_structure_is_split_by_page(tmp_path):
    path = make_pdf(tmp_path / "청소매뉴얼.pdf", [["청소 민원 처리 매뉴얼", "접수 후 하루 안에 현장을 확인한다."],
                                          ["수거는 다음 날 오전에 한다."]])
    document = parse_document(path, "청소매뉴얼/매뉴얼")
    assert [(u.key, u.heading) for u in document.units] == [("p1", "1쪽"), ("p2", "2쪽")]
    assert "현장을 확인" in document.units[0].text
    assert citation(document, document.units[1]) == "청소매뉴얼 2쪽"  # no title in a PDF: the file's name


def test_a_scanned_pdf_gets_a_clear_message(tmp_path):
    path = make_scanned_pdf(tmp_path / "스캔.pdf", tmp_path)
    with pytest.raises(LibraryFileError, match="글자 층이 없는 PDF"):
        read_file(path)


def test_a_docx_is_split_by_its_headings(tmp_path):
    document = parse_document(make_docx(tmp_path / "지침.docx"), "현수막지침/지침")
    assert document.title == "현수막 관리 지침"
    assert [(u.heading, u.path) for u in document.units] == [
        ("현수막 관리 지침", ()), ("1. 게시 기준", ("현수막 관리 지침",)), ("2. 철거", ("현수막 관리 지침",))]
    assert "문의 | 도시디자인과" in document.units[-1].text   # tables are read too


def test_an_hwpx_ordinance(tmp_path):
    lines = [f"{heading} {body.splitlines()[0]}" for heading, body in ARTICLES]
    document = parse_document(make_hwpx(tmp_path / "조례.hwpx", ["성동구 현수막 조례", *lines]), "현수막조례/조례")
    assert [u.key for u in document.units] == ["제1조", "제2조", "제3조"]
    assert "표 안의 글" in document.unit("제3조").text


def test_hwp5_and_other_formats_say_what_to_do(tmp_path):
    with pytest.raises(LibraryFileError, match="HWPX나 PDF로 저장해 올려 주세요"):
        read_file(make_hwp5(tmp_path / "옛문서.hwp"))
    disguised = make_hwp5(tmp_path / "이름만.docx")          # an OLE file whatever its name says
    with pytest.raises(LibraryFileError, match="HWPX나 PDF로"):
        read_file(disguised)
    (tmp_path / "표.xlsx").write_bytes(b"PK")
    with pytest.raises(LibraryFileError, match="Markdown·TXT, PDF, DOCX, HWPX"):
        read_file(tmp_path / "표.xlsx")
    (tmp_path / "깨진.hwpx").write_bytes(b"not a zip")
    with pytest.raises(LibraryFileError, match="손상"):
        read_file(tmp_path / "깨진.hwpx")
    (tmp_path / "빈.txt").write_text("\n\n", encoding="utf-8")
    with pytest.raises(LibraryFileError, match="글자가 하나도 없어요"):
        read_file(tmp_path / "빈.txt")


def test_plain_text_in_cp949_is_read(tmp_path):
    path = tmp_path / "안내.txt"
    path.write_bytes("민원 처리 안내\n\n접수한 날부터 7일 안에 답한다.".encode("cp949"))
    document = parse_document(path, "안내/기타")
    assert document.units[0].text == "민원 처리 안내\n접수한 날부터 7일 안에 답한다."
