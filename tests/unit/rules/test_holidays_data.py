"""The shipped public holidays (domain/rulesets/holidays_vn.toml) agree, year by year, with the `holidays`
library's Vietnamese calendar (lunar Tết and Hùng Kings' day, compensatory days, the government's swaps)."""

from __future__ import annotations

from datetime import date

import holidays
import pytest
from holidays.countries.vietnam import VietnamStaticHolidays

from domain.calendar import shipped_calendar
from domain.rulesets import load_holiday_years

YEARS = [data["year"] for data in load_holiday_years()]


def swapped_saturdays(year: int) -> set[date]:
    """The working days the library's special (substituted) holidays name for `year`."""
    swaps = VietnamStaticHolidays.special_public_holidays.get(year, ())
    swaps = (swaps,) if swaps and isinstance(swaps[0], int) else swaps
    return {date(*(rest or [year]), month, day) for _m, _d, month, day, *rest in swaps}


def test_the_shipped_years_run_without_gap_to_next_year():
    assert YEARS == list(range(YEARS[0], YEARS[-1] + 1)) and YEARS[-1] >= 2027


@pytest.mark.parametrize("year", YEARS)
def test_weekday_days_off_are_the_librarys_holidays(year):
    library = {d for d in holidays.VN(years=year) if d.weekday() < 5}

    assert set(shipped_calendar().years[year].days_off) == library


@pytest.mark.parametrize("year", YEARS)
def test_working_saturdays_are_the_librarys_swaps(year):
    assert set(shipped_calendar().years[year].working_days) == swapped_saturdays(year)


def test_every_year_names_its_basis_and_every_day_its_name():
    for known in shipped_calendar().years.values():
        assert "Bộ luật Lao động" in known.basis
        assert all(known.days_off.values()) and all(known.working_days.values())
