"""The complaint report on a seeded database with known counts, SQLite and PostgreSQL: requests read
into filters, counts by SQL, urgent first, duplicate groups, masked representative cases, overdue."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from bot.assistant.report import build_report
from bot.assistant.report_text import report_text, summarise
from bot.assistant.requests import ReportFilters, read_request
from bot.answer.llm import ChatLLM
from bot.complaints.models import Complaint
from bot.complaints.store import ComplaintStore
from bot.storage import engine_for, migrate
from tests.conftest import TODAY
from tests.fakes.openai_server import FakeOpenAI

SEOUL = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime.combine(TODAY, dt.time(15, 0), SEOUL)          # Wednesday 2026-11-25, 15:00
HANDLING = {"e_scooter": 2, "noise": 7, "streetlight": 3}
# (ticket, category, dong, days ago, status, priority, group, description)
SEED = [
    ("2026-000001", "e_scooter", "성수1가1동", 1, "received", "urgent", 1, "횡단보도를 막은 킥보드"),
    ("2026-000002", "e_scooter", "성수1가1동", 1, "received", "normal", 1, "킥보드가 인도에 쓰러져 있어요"),
    ("2026-000003", "e_scooter", "성수1가1동", 2, "in_progress", "normal", 1, "킥보드 방치, 010-1234-5678로 연락 주세요"),
    ("2026-000004", "e_scooter", "왕십리2동", 5, "received", "normal", 4, "역 앞 킥보드 방치"),
    ("2026-000005", "e_scooter", "왕십리2동", 9, "done", "normal", 5, "아파트 입구 킥보드"),
    ("2026-000006", "noise", "성수2가1동", 3, "received", "normal", 6, "공사장 소음이 새벽부터 나요"),
    ("2026-000007", "noise", "성수1가2동", 4, "in_progress", "urgent", 7, "확성기 소음, 주민번호 900101-1234567 적어요"),
    ("2026-000008", "noise", "성수2가1동", 12, "received", "normal", 8, "밤마다 음악 소리"),
    ("2026-000009", "noise", "행당1동", 3, "received", "normal", 9, "개 짖는 소리"),
    ("2026-000010", "streetlight", "성수1가1동", 6, "received", "normal", 10, "가로등이 꺼졌어요"),
]


def seed(url: str) -> ComplaintStore:
    migrate(url)
    with Session(engine_for(url)) as session, session.begin():
        for n, (ticket, category, dong, ago, status, priority, group, text) in enumerate(SEED):
            created = (NOW - dt.timedelta(days=ago)).astimezone(dt.timezone.utc)   # stored in UTC, as the store does
            session.add(Complaint(ticket=ticket, submission_key=f"seed-{n}", created_at=created, updated_at=created,
                                  category=category, dong=dong, location=f"{dong} 어딘가", description=text,
                                  status=status, priority=priority, department="교통행정과", group_id=group))
    return ComplaintStore(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        yield seed(f"sqlite:///{tmp_path / 'report.db'}")
        return
    from tests.databases import postgres_database

    with postgres_database() as url:
        yield seed(url)


def report(store, filters):
    return build_report(store, filters, HANDLING, NOW, SEOUL)


def test_e_scooter_complaints_by_priority(store, district):
    filters = read_request("전동킥보드 민원을 우선순위별로 정리해 줘", district, TODAY)
    assert filters.category == "e_scooter" and filters.understood == ("분류: 전동킥보드 방치",)
    found = report(store, filters)
    assert found.total == 5
    assert found.by_status == {"received": 3, "in_progress": 1, "done": 1}
    assert found.by_dong == {"성수1가1동": 3, "왕십리2동": 2}
    assert [r.ticket for r in found.rows] == ["2026-000001", "2026-000005", "2026-000004", "2026-000003",
                                              "2026-000002"]      # urgent first, then oldest
    assert [r.ticket for r in found.urgent] == ["2026-000001"]
    assert [(g.group_id, g.count) for g in found.groups] == [(1, 3)]
    assert "010-1234-5678" not in found.groups[0].representative and "[전화번호]" in found.groups[0].representative
    # handled in 2 days: 000004 (5 days old) is 3 days over, 000003 (2 days) not yet, 000005 is done
    assert [(r.ticket, r.overdue_days) for r in found.overdue] == [("2026-000004", 3)]


def test_last_weeks_noise_in_seongsu(store, district):
    filters = read_request("지난주 성수동 소음 민원 요약", district, TODAY)
    assert filters.category == "noise" and set(filters.dongs) >= {"성수1가1동", "성수1가2동", "성수2가1동"}
    assert (filters.since, filters.until) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    found = report(store, filters)
    # Monday 16 to Sunday 22 November: 000006 (22nd) and 000007 (21st, urgent, so first); not 000008 (13th),
    # not 000009 (행당1동)
    assert [r.ticket for r in found.rows] == ["2026-000007", "2026-000006"]
    assert found.total == 2 and found.by_priority == {"normal": 1, "urgent": 1}
    assert "900101-1234567" not in found.rows[0].description


def test_this_week_and_open_only(store, district):
    found = report(store, read_request("이번 주 미처리 민원", district, TODAY))
    assert found.filters.statuses == ("received",)
    assert sorted(r.ticket for r in found.rows) == ["2026-000001", "2026-000002"]   # since Monday the 23rd


def test_overdue_only(store, district):
    found = report(store, read_request("처리 기한 지난 민원", district, TODAY))
    assert found.filters.overdue_only
    assert {r.ticket: r.overdue_days for r in found.rows} == {"2026-000004": 3, "2026-000008": 5,
                                                              "2026-000010": 3}
    assert found.total == 3 and found.by_category == {"e_scooter": 1, "noise": 1, "streetlight": 1}


def test_everything_when_the_request_names_nothing(store):
    found = report(store, ReportFilters())
    assert found.total == 10 and found.filters.describe() == "전체 민원"


def test_the_models_summary_never_brings_its_own_numbers(store, district):
    found = report(store, read_request("전동킥보드 민원 정리", district, TODAY))
    labels = {"e_scooter": "전동킥보드 방치"}
    with FakeOpenAI() as fake:
        llm = ChatLLM("k", fake.base_url, "m", 5)
        fake.answer = "전동킥보드 민원이 12건으로 늘었어요."
        use = summarise(found, labels, llm)
        assert found.summary == "" and use.outcome.startswith("rejected")
        fake.answer = "성수1가1동에서 같은 문제로 보이는 킥보드 민원 3건이 묶였고, 긴급 1건이 남아 있어요."
        use = summarise(found, labels, llm)
        assert found.summary == fake.answer and use.llm and use.outcome == "answered"
        sent = str(fake.requests[-1]["body"])
        assert "010-1234-5678" not in sent and "전체 5건" in sent
    assert "전체 5건" in report_text(found, labels)
