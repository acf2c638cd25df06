"""Organise complaints on request: the request becomes filters, the report is a database query (a table
in the console, CSV or .xlsx like the complaint export); with an LLM, a short checked summary is added."""
from __future__ import annotations

import datetime as dt

from flask import Response, render_template, request

from bot.assistant.report import ComplaintReport, build_report
from bot.assistant.report_text import summarise
from bot.assistant.requests import read_request
from bot.assistant.usage import Use
from bot.complaints.models import STATUSES
from console.assistant import bp
from console.assistant.helpers import district, llm_for_user, record
from console.common import audit, complaints, local, settings
from console.complaints.exports import csv_response, neutralise, xlsx_response

MAX_REQUEST = 200
COLUMNS = ["접수번호", "접수 일시", "긴급", "상태", "분류", "동", "장소(가림)", "내용(가림)", "담당 부서", "묶음 번호", "기한 초과(일)"]


def _report(text: str) -> tuple[ComplaintReport, dict[str, str]]:
    known = district()
    filters = read_request(text, known, settings().current_date())
    handling = {c.category: c.handling_days for c in known.complaint_categories}
    report = build_report(complaints(), filters, handling, settings().now(), settings().seoul)
    return report, {c.category: c.label for c in known.complaint_categories}


@bp.get("/assistant/report")
def report():
    text = request.args.get("request", "").strip()[:MAX_REQUEST]
    if not text:
        return render_template("staff/assistant_report.html", text="", report=None)
    found, labels = _report(text)
    llm, llm_note = llm_for_user()
    use = summarise(found, labels, llm)
    record(use)
    return render_template("staff/assistant_report.html", text=text, report=found, labels=labels, llm_note=llm_note,
                           statuses={k: v[0] for k, v in STATUSES.items()}, local=local, use=use)


def table(found: ComplaintReport, labels: dict[str, str]) -> list[list[str]]:
    rows = [[r.ticket, local(r.created), "긴급" if r.priority == "urgent" else "", STATUSES.get(r.status, (r.status,))[0],
             labels.get(r.category, r.category), r.dong, r.location, r.description, r.department, r.group_id or "",
             r.overdue_days or ""] for r in found.rows]
    return [COLUMNS] + [[neutralise(v) for v in row] for row in rows]


def _export(kind: str) -> Response:
    text = request.args.get("request", "").strip()[:MAX_REQUEST]
    found, labels = _report(text)
    rows = table(found, labels)
    name = f"complaint-report-{dt.date.today().isoformat()}.{kind}"
    audit("assistant_export", kind, f"{found.total}건; 요청: {text}; 조건: {found.filters.describe()}")
    record(Use("assistant_report", target=f"{kind}: {text}"[:128], sources=["민원 데이터베이스"], outcome="export"))
    if kind == "csv":
        return csv_response(rows, name)
    summary = [["항목", "값"], ["조건", found.filters.describe()], ["전체", str(found.total)],
               ["긴급(미완료)", str(len(found.urgent))], ["기한 초과", str(len(found.overdue))]]
    return xlsx_response({"민원 정리": rows, "요약": summary}, name)


@bp.get("/assistant/report.csv")
def report_csv():
    return _export("csv")


@bp.get("/assistant/report.xlsx")
def report_xlsx():
    return _export("xlsx")
