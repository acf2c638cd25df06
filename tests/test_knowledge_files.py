"""Staff files: every export style loads, every mistake names file, row and column."""
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.knowledge.files import KnowledgeError, read_sheet
from bot.knowledge.schema import parse_sheet
from bot.knowledge.tables import BulkyFee, Event

HEADER = "item,item_en,aliases,size,size_en,fee_krw,source_url\n"
ROWS = "소파,Sofa,쇼파,1인용,1-seater,5000,https://www.sd.go.kr/bulky-fees\n옷장,Wardrobe,장롱,,,\"12,000\",\n"


def parse(path: Path, record=BulkyFee, key=None):
    return parse_sheet(read_sheet(path, path.parent), record, key)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_csv_in_any_excel_encoding_loads(tmp_path, encoding):
    path = tmp_path / "bulky_fees.csv"
    path.write_bytes((HEADER + ROWS).encode(encoding))
    parsed = parse(path)
    assert [r.item for r in parsed.records] == ["소파", "옷장"]
    assert parsed.records[1].fee_krw == 12000
    assert not [p for p in parsed.problems if p.severity == "error"]


def test_blank_rows_extra_columns_and_comment_line(tmp_path):
    path = tmp_path / "bulky_fees.csv"
    path.write_text("# 예시 데이터\n" + HEADER.strip() + ",메모\n" + ROWS.replace("\n", ",비고\n", 1) + ",,,,,,,\n",
                    encoding="utf-8")
    parsed = parse(path)
    assert len(parsed.records) == 2
    assert [str(p) for p in parsed.problems] == ["bulky_fees.csv row 2, column 메모: column not used (ignored)"]


def test_bad_value_names_file_row_and_column(tmp_path):
    path = tmp_path / "bulky_fees.csv"
    path.write_text(HEADER + "소파,Sofa,,,,오천원,\n,Chair,,,,3000,\n", encoding="utf-8")
    problems = [str(p) for p in parse(path).problems]
    assert problems == [
        "bulky_fees.csv row 2, column fee_krw: '오천원' is not valid (invalid literal for int() with base 10: '오천')",
        "bulky_fees.csv row 3, column item: empty: this column is required",
    ]


def test_missing_required_column(tmp_path):
    path = tmp_path / "bulky_fees.csv"
    path.write_text("item,fee_krw\n소파,5000\n", encoding="utf-8")
    problems = parse(path).problems
    assert str(problems[0]) == "bulky_fees.csv row 1, column item_en: required column missing from the header"


def test_bad_date_choice_and_duplicate_id(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,title,title_en,category,start_date,end_date\n"
                    "ev-1,장터,Market,festival,2026-12-05,2026-12-06\n"
                    "ev-1,공연,Concert,festival,2026-12-05,2026-12-05\n"
                    "ev-2,강좌,Class,lecture,2026-12-32,2026-12-05\n", encoding="utf-8")
    problems = [str(p) for p in parse(path, Event, "id").problems]
    assert problems[0] == "events.csv row 3, column id: 'ev-1' is used twice (also row 2)"
    assert problems[1].startswith("events.csv row 4, column category: 'lecture' is not one of: festival")
    assert problems[2].startswith("events.csv row 4, column start_date: '2026-12-32' is not valid")


def test_unreadable_bytes_give_a_clear_error(tmp_path):
    path = tmp_path / "bulky_fees.csv"
    path.write_bytes(b"\xff\xfe\x00\x00garbage\x81\x82")
    with pytest.raises(KnowledgeError, match="bulky_fees.csv: cannot read the text"):
        read_sheet(path, tmp_path)


def test_excel_with_merged_cells_fills_every_row(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["item", "item_en", "size", "fee_krw"])
    sheet.append(["소파", "Sofa", "1인용", 5000])
    sheet.append([None, None, "2인용", 8000])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    path = tmp_path / "bulky_fees.xlsx"
    book.save(path)
    parsed = parse(path)
    assert [(r.item, r.size, r.fee_krw) for r in parsed.records] == [("소파", "1인용", 5000), ("소파", "2인용", 8000)]
