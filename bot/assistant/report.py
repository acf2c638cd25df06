"""The complaint report: counts, urgent first, groups of duplicates, representative cases (masked)
and what is overdue, for the filters a request named. Every figure is a database query (SQL counts
on SQLite or PostgreSQL); a model never writes one. Contact details are never in it."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from bot.assistant.requests import ReportFilters
from bot.complaints.models import Complaint
from bot.complaints.store import ComplaintStore
from bot.privacy import masked

OPEN = ("received", "in_progress")
REPRESENTATIVE_CHARS = 120


@dataclass(frozen=True)
class ReportRow:
    ticket: str
    created: dt.datetime
    priority: str
    status: str
    category: str
    dong: str
    location: str            # masked
    description: str         # masked
    department: str
    group_id: int | None
    overdue_days: int        # past the category's handling days (open complaints only; 0 = not overdue)


@dataclass(frozen=True)
class DuplicateGroup:
    group_id: int
    count: int
    category: str
    dong: str
    representative: str      # the first complaint's text, masked and shortened
    first: dt.datetime
    last: dt.datetime


@dataclass
class ComplaintReport:
    filters: ReportFilters
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_priority: dict[str, int] = field(default_factory=dict)
    by_dong: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    rows: list[ReportRow] = field(default_factory=list)           # urgent first, then oldest
    groups: list[DuplicateGroup] = field(default_factory=list)    # biggest first
    summary: str = ""                                             # an LLM's short summary, checked (optional)

    @property
    def urgent(self) -> list[ReportRow]:
        return [r for r in self.rows if r.priority == "urgent" and r.status in OPEN]

    @property
    def overdue(self) -> list[ReportRow]:
        return sorted((r for r in self.rows if r.overdue_days > 0), key=lambda r: -r.overdue_days)


def _conditions(filters: ReportFilters, seoul: dt.tzinfo) -> list:
    found = []
    if filters.category:
        found.append(Complaint.category == filters.category)
    if filters.dongs:
        found.append(Complaint.dong.in_(filters.dongs))
    if filters.statuses:
        found.append(Complaint.status.in_(filters.statuses))
    if filters.since:
        found.append(Complaint.created_at >= dt.datetime.combine(filters.since, dt.time(), seoul))
    if filters.until:
        found.append(Complaint.created_at < dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time(), seoul))
    return found


def _counts(session, column, conditions: list) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).where(*conditions).group_by(column).order_by(func.count().desc()))
    return {str(key): int(count) for key, count in rows}


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def build_report(store: ComplaintStore, filters: ReportFilters, handling_days: dict[str, int],
                 now: dt.datetime, seoul: dt.tzinfo, limit: int = 2000) -> ComplaintReport:
    """``handling_days``: each category's days to handle (complaint_categories.csv); ``now`` judges overdue."""
    conditions = _conditions(filters, seoul)
    report = ComplaintReport(filters)
    urgent_first = case((Complaint.priority == "urgent", 0), else_=1)
    with store._session() as session:
        report.total = session.scalar(select(func.count()).select_from(Complaint).where(*conditions)) or 0
        report.by_status = _counts(session, Complaint.status, conditions)
        report.by_priority = _counts(session, Complaint.priority, conditions)
        report.by_dong = _counts(session, Complaint.dong, conditions)
        report.by_category = _counts(session, Complaint.category, conditions)
        found = session.scalars(select(Complaint).where(*conditions)
                                .order_by(urgent_first, Complaint.created_at).limit(limit)).all()
    rows = [_row(c, handling_days, now) for c in found]
    report.groups = _groups(found)
    if filters.overdue_only:   # "overdue" depends on today: counted over the rows the query returned
        report.rows = [r for r in rows if r.overdue_days > 0]
        kept = {r.ticket for r in report.rows}
        report.groups = _groups([c for c in found if c.ticket in kept])
        report.total = len(report.rows)
        for name, key in (("by_status", "status"), ("by_priority", "priority"), ("by_dong", "dong"),
                          ("by_category", "category")):
            setattr(report, name, dict(Counter(getattr(r, key) for r in report.rows).most_common()))
    else:
        report.rows = rows
    return report


def _row(c: Complaint, handling_days: dict[str, int], now: dt.datetime) -> ReportRow:
    created = _aware(c.created_at)
    overdue = 0
    if c.status in OPEN:
        overdue = max(0, (now - created).days - handling_days.get(c.category, 7))
    return ReportRow(c.ticket, created, c.priority, c.status, c.category, c.dong, masked(c.location),
                     masked(c.description), c.department, c.group_id, overdue)


def _groups(found: list[Complaint]) -> list[DuplicateGroup]:
    """Complaints the store filed together as likely the same problem (same category and 동 within days)."""
    by_group: dict[int, list[Complaint]] = {}
    for c in found:
        if c.group_id is not None:
            by_group.setdefault(c.group_id, []).append(c)
    groups = []
    for group_id, members in by_group.items():
        if len(members) < 2:
            continue
        first = min(members, key=lambda c: _aware(c.created_at))
        text = masked(f"{first.location}: {first.description}")
        groups.append(DuplicateGroup(group_id, len(members), first.category, first.dong,
                                     text[:REPRESENTATIVE_CHARS] + ("…" if len(text) > REPRESENTATIVE_CHARS else ""),
                                     _aware(first.created_at), max(_aware(c.created_at) for c in members)))
    return sorted(groups, key=lambda g: (-g.count, g.first))
