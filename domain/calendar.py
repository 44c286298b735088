"""The working calendar's ledger: an administrator declares a year's public holidays and working days (a
government swap, a holiday added by law), replacing the shipped data for that year.

Event names are a persisted schema: renaming `Opened`/`YearDeclared`, this class or this module breaks replay.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError
from domain.rules.working_days import HolidayYear, WorkingCalendar
from domain.rulesets import load_holiday_years
from domain.values import stable_id


class HolidayCalendar(Entity):
    """The years an administrator has declared (one calendar per ledger)."""

    @staticmethod
    def create_id() -> UUID:
        return stable_id("holiday-calendar")

    @event("Opened")
    def __init__(self) -> None:
        self.declared: dict[str, dict[str, Any]] = {}

    def declare_year(self, year: HolidayYear, reason: str, by: UUID, role: str, at: datetime) -> None:
        """Declare a year's days off and working days; each date must fall in that year, a day off on a weekday
        and a working day on a Saturday or Sunday, and no date both."""
        ensure_declarable(year)
        self._year_declared(year.as_dict(), reason, by, role, at)

    @event("YearDeclared")
    def _year_declared(self, year: dict[str, Any], reason: str, by: UUID, role: str, at: datetime) -> None:
        self.declared[str(year["year"])] = year

    def calendar(self) -> WorkingCalendar:
        return with_declared(shipped_calendar(), self.declared.values())


def ensure_declarable(year: HolidayYear) -> None:
    """Refuse a declaration that cannot be meant: a date of another year, a day off on a weekend (already off),
    a working day on a weekday (already worked), or a date both."""
    for day in (*year.days_off, *year.working_days):
        if day.year != year.year:
            raise InvalidCommandError(f"Ngày {day:%d/%m/%Y} không thuộc năm {year.year}.")
    for day in year.days_off:
        if day.weekday() >= 5:
            raise InvalidCommandError(f"Ngày {day:%d/%m/%Y} là thứ Bảy hoặc Chủ nhật, vốn đã là ngày nghỉ.")
    for day in year.working_days:
        if day.weekday() < 5:
            raise InvalidCommandError(f"Ngày {day:%d/%m/%Y} là ngày làm việc thường, không cần khai làm bù.")
    if not year.basis:
        raise InvalidCommandError("Cần ghi căn cứ (văn bản quy định hoặc thông báo) của lịch nghỉ năm này.")


@cache
def shipped_calendar() -> WorkingCalendar:
    """The holidays shipped with thidua (`domain/rulesets/holidays_vn.toml`)."""
    return with_declared(WorkingCalendar(), load_holiday_years())


def with_declared(calendar: WorkingCalendar, years: Iterable[dict[str, Any]]) -> WorkingCalendar:
    for data in years:
        calendar = calendar.with_year(HolidayYear.from_dict(data))
    return calendar
