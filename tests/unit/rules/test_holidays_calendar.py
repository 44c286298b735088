"""Working days of the public service around Tết, 30/4–1/5 and 2/9, with the government's swaps."""

from __future__ import annotations

from datetime import date

import pytest

from domain.calendar import shipped_calendar
from domain.rules.working_days import HolidayYear

CALENDAR = shipped_calendar()


@pytest.mark.parametrize(("day", "working"), [
    pytest.param(date(2027, 2, 3), True, id="Wednesday before Tết 2027 is worked"),
    pytest.param(date(2027, 2, 4), False, id="29 Tết 2027 (Thursday)"),
    pytest.param(date(2027, 2, 10), False, id="mùng năm 2027 (Wednesday, for mùng một on Saturday)"),
    pytest.param(date(2027, 2, 11), True, id="the Thursday after Tết 2027 is worked"),
    pytest.param(date(2025, 4, 30), False, id="30/4/2025"),
    pytest.param(date(2025, 5, 2), False, id="2/5/2025 swapped off"),
    pytest.param(date(2025, 4, 26), True, id="Saturday 26/4/2025 worked in exchange"),
    pytest.param(date(2025, 4, 27), False, id="an ordinary Sunday"),
    pytest.param(date(2027, 5, 3), False, id="1/5/2027 falls on a Saturday: Monday 3/5 off"),
    pytest.param(date(2026, 9, 1), False, id="Quốc khánh 2026, second day"),
    pytest.param(date(2026, 8, 22), True, id="Saturday 22/8/2026 worked for Monday 31/8"),
    pytest.param(date(2026, 4, 27), False, id="Giỗ Tổ 2026 on a Sunday: Monday off"),
])
def test_days_off_and_working_days(day, working):
    assert CALENDAR.is_working_day(day) is working


@pytest.mark.parametrize(("start", "days", "due"), [
    pytest.param(date(2027, 2, 3), 1, date(2027, 2, 11), id="over Tết 2027"),
    pytest.param(date(2025, 4, 25), 1, date(2025, 4, 26), id="to the swapped Saturday"),
    pytest.param(date(2025, 4, 29), 1, date(2025, 5, 5), id="over 30/4–1/5 and the swapped 2/5"),
    pytest.param(date(2024, 8, 30), 1, date(2024, 9, 4), id="over 2–3/9/2024"),
    pytest.param(date(2027, 1, 29), 20, date(2027, 3, 5), id="20 working days across Tết 2027"),
])
def test_counting_working_days(start, days, due):
    assert CALENDAR.add_working_days(start, days) == due


def test_a_year_nobody_declared_counts_weekends_only():
    assert not CALENDAR.knows(2040) and CALENDAR.add_working_days(date(2040, 4, 27), 3) == date(2040, 5, 2)


def test_a_declared_year_replaces_the_shipped_one():
    swap = HolidayYear.from_dict({
        "year": 2027, "basis": "Thông báo của Bộ Nội vụ",
        "days_off": [{"on": "2027-02-11", "name": "Nghỉ hoán đổi"}], "working_days": [{"on": "2027-02-20", "name": "Làm bù"}],
    })

    declared = CALENDAR.with_year(swap)

    assert not declared.is_working_day(date(2027, 2, 11)) and declared.is_working_day(date(2027, 2, 20))
    assert declared.is_working_day(date(2027, 2, 4))  # the whole year is the declared one
    assert CALENDAR.is_working_day(date(2027, 2, 11))  # the shipped calendar is unchanged
