"""The working calendar in use: the shipped holidays, with the years an administrator declared."""

from __future__ import annotations

from domain import commands as c
from domain.calendar import HolidayCalendar, shipped_calendar
from domain.exceptions import InvalidCommandError
from domain.rules.working_days import HolidayYear, WorkingCalendar
from domain.services.base import ServiceBase
from domain.values import Actor, Role

CALENDAR_ID = HolidayCalendar.create_id()


class CalendarService(ServiceBase):
    def declare_holidays(self, actor: Actor, cmd: c.DeclareHolidays) -> int:
        """Declare a year's holidays and working days (a government swap, a new holiday); deadlines set from
        now on count them, those already recorded keep their dates."""
        self.authorise(actor, (Role.ADMIN,))
        try:
            year = HolidayYear.from_dict(
                {"year": cmd.year, "basis": cmd.basis, "days_off": cmd.days_off, "working_days": cmd.working_days},
            )
        except (KeyError, TypeError, ValueError):
            raise InvalidCommandError(
                "Mỗi ngày trong lịch nghỉ cần «on» (ngày, dạng YYYY-MM-DD) và «name» (tên ngày nghỉ hoặc làm bù).",
            ) from None
        calendar = self.find(CALENDAR_ID, HolidayCalendar) or HolidayCalendar()
        calendar.declare_year(year, reason=cmd.reason, **self.who(actor))
        return self.commit(calendar)

    def working_calendar(self) -> WorkingCalendar:
        """The calendar working-day deadlines are counted on now."""
        declared = self.find(CALENDAR_ID, HolidayCalendar, read_only=True)
        return declared.calendar() if declared else shipped_calendar()

    def get_holidays(self, year: int) -> dict:
        """A year's days off and working days as counted now, and whether the calendar knows the year at all."""
        calendar = self.working_calendar()
        known = calendar.years.get(year)
        return {**(known.as_dict() if known else {"year": year, "basis": "", "days_off": [], "working_days": []}),
                "known": known is not None}
