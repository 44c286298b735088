"""Working days of the public service: Monday to Friday, less the public holidays and Tết of the year (with
their compensatory days off), plus the Saturdays the government declares working days in a swap.

The shipped years are dated data (`domain/rulesets/holidays_vn.toml`); an administrator's declaration of a
year (`domain.calendar.HolidayCalendar`) replaces that year's data. A year known to neither counts Saturdays
and Sundays only, and says so (`knows`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from domain.rules.ruleset import as_date


@dataclass(frozen=True)
class HolidayYear:
    """One year's days off (on weekdays) and working Saturdays or Sundays, each with its name, and the texts
    that set them."""

    year: int
    days_off: Mapping[date, str]
    working_days: Mapping[date, str]
    basis: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HolidayYear:
        """From shipped or declared data: `{year, basis, days_off: [{on, name}], working_days: [{on, name}]}`."""
        year = int(data["year"])
        return cls(year, _dated(data.get("days_off", ())), _dated(data.get("working_days", ())), str(data.get("basis", "")))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly (dates as ISO strings), as an event records it."""
        return {
            "year": self.year, "basis": self.basis,
            "days_off": [{"on": d.isoformat(), "name": n} for d, n in sorted(self.days_off.items())],
            "working_days": [{"on": d.isoformat(), "name": n} for d, n in sorted(self.working_days.items())],
        }


def _dated(entries: Iterable[Mapping[str, Any]]) -> dict[date, str]:
    return {as_date(entry["on"]): str(entry["name"]) for entry in entries}


@dataclass(frozen=True)
class WorkingCalendar:
    """The calendar deadlines in working days are counted on."""

    years: Mapping[int, HolidayYear] = field(default_factory=dict)

    def with_year(self, declared: HolidayYear) -> WorkingCalendar:
        """This calendar with one year replaced by a declared one."""
        return WorkingCalendar({**self.years, declared.year: declared})

    def knows(self, year: int) -> bool:
        return year in self.years

    def holiday_on(self, day: date) -> str | None:
        """The name of the holiday (or compensatory day off) falling on a weekday, if any."""
        known = self.years.get(day.year)
        return known.days_off.get(day) if known else None

    def is_working_day(self, day: date) -> bool:
        known = self.years.get(day.year)
        if known and day in known.working_days:
            return True
        return day.weekday() < 5 and not (known and day in known.days_off)

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (`start` itself not counted), counted a year at a time."""
        if days <= 0:
            return start
        after, year = start.toordinal(), start.year
        while True:
            known = self.years.get(year)
            worked = working_ordinals(year, *((frozenset(known.days_off), frozenset(known.working_days)) if known else ()))
            index = bisect_right(worked, after)
            if index + days <= len(worked):
                return date.fromordinal(worked[index + days - 1])
            days -= len(worked) - index
            year += 1


@lru_cache(maxsize=64)
def working_ordinals(year: int, days_off: frozenset[date] = frozenset(), working_days: frozenset[date] = frozenset()) -> tuple[int, ...]:
    """A year's working days as ordinals, in order (`WorkingCalendar.is_working_day` for that year's data)."""
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return tuple(
        o for o in range(first, last + 1)
        if (day := date.fromordinal(o)) in working_days or (day.weekday() < 5 and day not in days_off)
    )
