"""The working calendar: a year's public holidays and working days, as deadlines count them."""

from __future__ import annotations

from marshmallow import Schema, fields

from web.api.base import api_blueprint, public
from web.context import services

blp = api_blueprint("api_calendar", "Lịch làm việc: ngày nghỉ lễ, Tết và ngày làm bù theo năm")


class DayLabelSchema(Schema):
    on = fields.String(metadata={"format": "date", "description": "YYYY-MM-DD"})
    name = fields.String()


class HolidayYearSchema(Schema):
    year = fields.Integer()
    known = fields.Boolean(metadata={"description": "false: the calendar has no data for this year (weekends only)"})
    basis = fields.String(metadata={"description": "the texts that set the year's days"})
    days_off = fields.List(fields.Nested(DayLabelSchema), metadata={"description": "weekdays off"})
    working_days = fields.List(fields.Nested(DayLabelSchema), metadata={"description": "Saturdays or Sundays worked"})


@blp.route("/holiday-years/<int:year>")
@public
@blp.response(200, HolidayYearSchema)
def get_holiday_year(year: int) -> dict:
    """A year's days off (on weekdays) and working weekend days, as working-day deadlines count them: the shipped
    data (holidays.VN) unless an administrator declared the year (POST to the same path)."""
    return services().get_holidays(year)
