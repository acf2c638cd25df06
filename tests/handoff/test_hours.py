"""Office hours from offices.csv, public holidays from holidays.csv, in Seoul time."""
import datetime as dt

import pytest

from bot.handoff.hours import OfficeHours
from bot.handoff.queues import GENERAL_QUEUE, department_for
from bot.knowledge.files import KnowledgeError
from bot.knowledge.holidays import load_holidays
from bot.settings import ROOT

SEOUL = dt.timezone(dt.timedelta(hours=9))
HOLIDAYS = frozenset(load_holidays(ROOT / "knowledge" / "tables"))


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SEOUL)


@pytest.mark.parametrize("moment, is_open", [
    ("2026-12-07T09:00", True), ("2026-12-07T17:59", True), ("2026-12-07T18:00", False),
    ("2026-12-07T08:59", False), ("2026-12-05T10:00", False),   # Saturday
    ("2026-09-25T10:00", False),                                   # 추석 (a Friday)
    ("2026-10-05T10:00", False),                                   # 대체공휴일 (a Monday)
])
def test_the_district_office_is_open_on_working_days_only(moment, is_open):
    assert OfficeHours.parse("평일 09:00-18:00", HOLIDAYS).is_open(at(moment)) is is_open


def test_the_next_opening_skips_weekends_and_the_chuseok_holidays():
    hours = OfficeHours.parse("평일 09:00-18:00", HOLIDAYS)
    assert hours.next_opening(at("2026-12-04T19:00")) == at("2026-12-07T09:00")
    assert hours.next_opening(at("2026-12-07T05:00")) == at("2026-12-07T09:00")
    # 24–26 추석, 27 Sunday, 28 대체공휴일
    assert hours.next_opening(at("2026-09-23T18:30")) == at("2026-09-29T09:00")


def test_other_ways_staff_write_hours():
    saturday = at("2026-12-05T10:00")
    assert OfficeHours.parse("평일 09:00-18:00, 토 09:00-13:00").is_open(saturday)
    assert OfficeHours.parse("월-금 09:00~18:00").is_open(at("2026-12-04T12:00"))
    assert OfficeHours.parse("매일 00:00-24:00").is_open(at("2026-12-06T23:30"))
    assert OfficeHours.parse("Weekdays 09:00-18:00").is_open(saturday) is False
    # Words we cannot read fall back to weekday office hours (and a warning)
    assert OfficeHours.parse("상시").is_open(at("2026-12-07T10:00"))


def test_holidays_table_has_both_years_and_a_bad_row_names_file_row_and_column(tmp_path):
    assert {d.year for d in HOLIDAYS} == {2026, 2027} and len(HOLIDAYS) >= 30
    (tmp_path / "holidays.csv").write_text("date,name,name_en,source_url\n2026-13-01,없는 날,No day,\n",
                                           encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        load_holidays(tmp_path)
    assert "holidays.csv" in str(error.value) and "date" in str(error.value) and "2" in str(error.value)


def test_the_queue_is_the_topics_department_else_the_general_desk(district):
    assert department_for("waste_collection_schedule", district) == "청소행정과"
    assert department_for("welfare_programs", district) == "복지정책과"
    assert department_for("recycling_guide", district) == "자원순환과"
    assert department_for("", district) == GENERAL_QUEUE
    assert department_for("office_info", district) == GENERAL_QUEUE


def test_minwon_validate_names_a_bad_holiday_row(tmp_path):
    import shutil
    import subprocess

    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    holidays = tmp_path / "knowledge" / "tables" / "holidays.csv"
    holidays.write_text(holidays.read_text(encoding="utf-8") + "2027-02-30,없는 날,No day,\n", encoding="utf-8")
    run = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "bot.cli", "validate"], capture_output=True, text=True,
                         env={"MINWON_KNOWLEDGE_DIR": str(tmp_path / "knowledge"), "MINWON_DATA_DIR": str(tmp_path),
                              "PYTHONPATH": str(ROOT)}, timeout=120)
    assert run.returncode != 0
    assert "tables/holidays.csv" in run.stdout and "date" in run.stdout


def test_round_the_clock_and_the_hours_of_one_day():
    """The one reading of hours both the handoff and the residents' answers use (bot/guidance/offices.py)."""
    always = OfficeHours.parse("24시간 (연중무휴)", HOLIDAYS)
    assert always.is_open(at("2026-09-25T03:00")) and always.open_on(dt.date(2026, 9, 25))
    assert always.span_on(dt.date(2026, 12, 7)) is None
    weekdays = OfficeHours.parse("평일 09:00-18:00, 토 09:00-13:00", HOLIDAYS)
    assert weekdays.span_on(dt.date(2026, 12, 5)) == (dt.time(9), dt.time(13))
    assert weekdays.span_on(dt.date(2026, 12, 6)) is None and not weekdays.open_on(dt.date(2026, 9, 25))
