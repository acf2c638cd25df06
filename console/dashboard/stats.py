"""Counts for the dashboard, straight from the stores' tables (days are Seoul days)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.complaints.models import Complaint
from bot.feedback import FeedbackRow
from bot.settings import Settings
from bot.storage import engine_for, migrate
from bot.unanswered import UnansweredQuestion


def _seoul(settings: Settings) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=settings.timezone_hours))


def last_days(settings: Settings, days: int) -> list[dt.date]:
    today = dt.datetime.now(_seoul(settings)).date()
    return [today - dt.timedelta(days=n) for n in range(days - 1, -1, -1)]


def _day_counts(session: Session, column, settings: Settings, days: list[dt.date], *where) -> dict[dt.date, int]:
    since = dt.datetime.combine(days[0], dt.time(), _seoul(settings))
    counts: Counter = Counter()
    for (at,) in session.execute(select(column).where(column >= since, *where)):
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.timezone.utc)
        counts[at.astimezone(_seoul(settings)).date()] += 1
    return {day: counts.get(day, 0) for day in days}


def dashboard_numbers(settings: Settings, days: int = 14) -> dict:
    migrate(settings.database)
    window = last_days(settings, days)
    with Session(engine_for(settings.database)) as session:
        numbers = {
            "days": window,
            "complaints": _day_counts(session, Complaint.created_at, settings, window),
            "unanswered": _day_counts(session, UnansweredQuestion.created_at, settings, window),
            "up": _day_counts(session, FeedbackRow.created_at, settings, window, FeedbackRow.rating == "up"),
            "down": _day_counts(session, FeedbackRow.created_at, settings, window, FeedbackRow.rating == "down"),
        }
        since = dt.datetime.combine(window[0], dt.time(), _seoul(settings))
        numbers["categories"] = list(session.execute(
            select(Complaint.category, func.count()).where(Complaint.created_at >= since)
            .group_by(Complaint.category).order_by(func.count().desc(), Complaint.category).limit(8)))
    up, down = sum(numbers["up"].values()), sum(numbers["down"].values())
    numbers["rated"] = {"up": up, "down": down, "share": round(100 * up / (up + down)) if up + down else None}
    return numbers
