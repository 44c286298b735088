"""Administration page for the working calendar: a year's public holidays, Tết and swapped working days, as
deadlines count them, and the form to declare the year (a government announcement) as a whole."""

from __future__ import annotations

import re
from datetime import date

from flask import request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from domain import commands as c
from web.context import services
from web.pages.admin import bp, submit
from web.pages.common import render_page, today
from web.pages.forms import REQUIRED, Form, reason_field

DAY_LINE = re.compile(r"(\d{4}-\d{2}-\d{2})\s+(\S.*)")


def day_lines(_form: Form, field: TextAreaField) -> None:
    """One day a line: its date (YYYY-MM-DD), a space, its name."""
    for number, line in enumerate(field.data.splitlines(), 1):
        found = DAY_LINE.fullmatch(line.strip())
        if line.strip() and (found is None or not is_date(found.group(1))):
            raise ValidationError(_l("Dòng %(n)d: cần ngày dạng YYYY-MM-DD, một dấu cách, rồi tên ngày.", n=number))


def is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class HolidaysForm(Form):
    year = IntegerField(_l("Năm"), validators=[DataRequired(REQUIRED), NumberRange(min=2000, max=2100)])
    days_off = TextAreaField(_l("Ngày nghỉ (ngày thường trong tuần), mỗi dòng một ngày"), validators=[day_lines],
                             description=_l("Ví dụ: 2027-02-05 Giao thừa Tết Nguyên Đán"))
    working_days = TextAreaField(_l("Ngày làm bù (thứ Bảy, Chủ nhật), mỗi dòng một ngày"), validators=[day_lines],
                                 description=_l("Ví dụ: 2027-02-20 Làm bù cho ngày 11/02/2027"))
    basis = StringField(_l("Căn cứ (văn bản, thông báo)"), validators=[DataRequired(REQUIRED), Length(max=255)])
    reason = reason_field()


def days(text: str) -> list[dict]:
    return [{"on": m.group(1), "name": m.group(2)} for m in (DAY_LINE.fullmatch(line.strip()) for line in text.splitlines()) if m]


def as_lines(entries: list[dict]) -> str:
    return "\n".join(f"{entry['on']} {entry['name']}" for entry in entries)


@bp.route("/admin/holidays", methods=["GET", "POST"])
def holidays() -> str | Response:
    """The year's holidays as counted (shipped, or declared), and the form to declare the whole year again."""
    year = request.args.get("year", type=int) or today().year
    shown = services().get_holidays(year)
    form = HolidaysForm(data={
        "year": year, "days_off": as_lines(shown["days_off"]), "working_days": as_lines(shown["working_days"]),
        "basis": shown["basis"],
    })
    return submit(
        form, lambda: c.DeclareHolidays(
            form.year.data, days(form.days_off.data), days(form.working_days.data), form.basis.data, form.reason.data,
        ),
        services().declare_holidays, _("Đã khai báo lịch nghỉ của năm."), lambda _position: url_for(".holidays", year=form.year.data),
        lambda: render_page("admin/holidays.html", form=form, shown=shown, year=year),
    )
