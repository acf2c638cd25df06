"""The filtered complaint list as CSV (UTF-8 with BOM, for Excel) or .xlsx.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) get a
leading apostrophe, so a resident's text can never become a formula on a staff computer."""
from __future__ import annotations

import csv
import datetime as dt
import io

from flask import Response, url_for

from bot.complaints.models import Complaint
from console.common import STATUS_LABELS, audit, complaints, contact_for, district_labels, local
from console.complaints import bp
from console.complaints.views import Filters, filtered, read_filters

HEADER = ["접수번호", "접수 일시", "긴급", "상태", "분류", "동", "장소", "내용", "담당 부서", "답변",
          "연락처(뒤 4자리)", "접수 경로", "묶음 번호", "최근 수정", "위치(위도, 경도)", "사진 (콘솔 링크, 로그인 필요)"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table(found: list[Complaint]) -> list[list[str]]:
    categories = district_labels()["categories"]
    photos = complaints().photos([c.id for c in found])
    rows = [HEADER]
    for c in found:
        rows.append([neutralise(v) for v in (
            c.ticket, local(c.created_at), "긴급" if c.priority == "urgent" else "", STATUS_LABELS.get(c.status, c.status),
            categories.get(c.category, c.category), c.dong, c.location, c.description, c.department, c.reply,
            contact_for(c), c.channel, c.group_id or "", local(c.updated_at), _position(c), _links(c, photos[c.id]))])
    return rows


def _position(c: Complaint) -> str:
    return f"{c.latitude:.6f}, {c.longitude:.6f}" if c.latitude is not None and c.longitude is not None else ""


def _links(c: Complaint, photos: list) -> str:
    return "\n".join(url_for("staff.complaints.photo", ticket=c.ticket, photo_id=p.id, _external=True) for p in photos)


def _file_name(extension: str) -> str:
    return f"complaints-{dt.date.today().isoformat()}.{extension}"


def _logged(kind: str, filters: Filters, count: int) -> None:
    audit("export", kind, f"{count}건; 조건: {filters.describe()}")


def csv_response(rows: list[list[str]], name: str) -> Response:
    """Rows as CSV in UTF-8 with a BOM, so Excel opens Korean text correctly."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return Response(("\ufeff" + out.getvalue()).encode("utf-8"), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


def xlsx_response(sheets: dict[str, list[list[str]]], name: str) -> Response:
    """One worksheet per entry (title → rows, the first row a bold, frozen header)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.get("/complaints.csv")
def export_csv():
    filters = read_filters()
    rows = table(filtered(filters))
    _logged("csv", filters, len(rows) - 1)
    return csv_response(rows, _file_name("csv"))


@bp.get("/complaints.xlsx")
def export_xlsx():
    filters = read_filters()
    rows = table(filtered(filters))
    _logged("xlsx", filters, len(rows) - 1)
    return xlsx_response({"민원": rows}, _file_name("xlsx"))
