import datetime as dt

import pytest

from bot.dates import find_date

TODAY = dt.date(2026, 11, 25)  # Wednesday
D = dt.date


@pytest.mark.parametrize("text, start, end", [
    ("오늘 행사 있어요?", D(2026, 11, 25), D(2026, 11, 25)),
    ("내일 뭐 해요", D(2026, 11, 26), D(2026, 11, 26)),
    ("이번 주말에 행사 있어요?", D(2026, 11, 28), D(2026, 11, 29)),
    ("이번주말 축제", D(2026, 11, 28), D(2026, 11, 29)),
    ("다음 주말", D(2026, 12, 5), D(2026, 12, 6)),
    ("다음 주 화요일 어르신 강좌", D(2026, 12, 1), D(2026, 12, 1)),
    ("담주 금요일", D(2026, 12, 4), D(2026, 12, 4)),
    ("12월 3일 뭐 해요", D(2026, 12, 3), D(2026, 12, 3)),
    ("12월3일", D(2026, 12, 3), D(2026, 12, 3)),
    ("1월 10일 행사", D(2027, 1, 10), D(2027, 1, 10)),
    ("3일 후에 하는 행사", D(2026, 11, 28), D(2026, 11, 28)),
    ("2주 뒤", D(2026, 12, 9), D(2026, 12, 9)),
    ("이번 주 행사", D(2026, 11, 25), D(2026, 11, 29)),
    ("다음 주 행사", D(2026, 11, 30), D(2026, 12, 6)),
    ("다음 달 축제", D(2026, 12, 1), D(2026, 12, 31)),
    ("events this weekend", D(2026, 11, 28), D(2026, 11, 29)),
    ("anything on next Tuesday?", D(2026, 12, 1), D(2026, 12, 1)),
    ("what's on December 3", D(2026, 12, 3), D(2026, 12, 3)),
    ("3rd December", D(2026, 12, 3), D(2026, 12, 3)),
    ("in 3 days", D(2026, 11, 28), D(2026, 11, 28)),
    ("events tomorrow", D(2026, 11, 26), D(2026, 11, 26)),
    ("next week", D(2026, 11, 30), D(2026, 12, 6)),
    ("2026-12-24 크리스마스 행사", D(2026, 12, 24), D(2026, 12, 24)),
])
def test_date_phrases_resolve_against_today(text, start, end):
    found = find_date(text, TODAY)
    assert found is not None, text
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("text", ["행사 뭐 있어요", "접수번호 2026-000123", "13월 45일", "소파 5000원"])
def test_no_date_where_there_is_none(text):
    assert find_date(text, TODAY) is None


@pytest.mark.parametrize("text, phrase", [("trash on sundays?", "sundays"), ("open on Saturdays", "Saturdays"),
                                          ("매주 토요일", "매주 토요일"), ("토요일마다 해요?", "토요일마다")])
def test_a_plural_or_every_weekday_is_every_week(text, phrase):
    found = find_date(text, TODAY)
    assert found.phrase == phrase and found.every


def test_a_single_weekday_is_not_every_week():
    assert not find_date("next sunday", TODAY).every and not find_date("토요일에", TODAY).every
    assert find_date("sundaysss", TODAY) is None


@pytest.mark.parametrize("text", ["free things on Saturday December 5th?", "12월 5일 토요일에 행사", "토요일 12월 5일",
                                  "12/5(토) 행사"])
def test_a_weekday_beside_a_date_names_that_date(text):
    found = find_date(text, TODAY)
    assert (found.start, found.end) == (D(2026, 12, 5), D(2026, 12, 5))


@pytest.mark.parametrize("text, start, end", [
    ("12월에 공짜로 볼 수 있는 공연", D(2026, 12, 1), D(2026, 12, 31)),
    ("1월 행사", D(2027, 1, 1), D(2027, 1, 31)),
    ("11월에 뭐 해요", D(2026, 11, 25), D(2026, 11, 30)),
    ("anything in December?", D(2026, 12, 1), D(2026, 12, 31)),
])
def test_a_named_month(text, start, end):
    found = find_date(text, TODAY)
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("text", ["12월 3일 뭐 해요", "3개월", "2026.12"])
def test_a_date_in_a_month_is_not_the_month(text):
    found = find_date(text, TODAY)
    assert found is None or found.start == found.end
