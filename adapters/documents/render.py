"""Render a document template (Jinja2, HTML + print CSS) to PDF bytes with WeasyPrint."""

from __future__ import annotations

import os
import warnings
from datetime import date
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

with warnings.catch_warnings():  # a host without HarfBuzz-Subset prints with fontTools, as well (told at import)
    warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
    from weasyprint import HTML


# Fonts embedded in a PDF carry no clock time (fontTools reads this), so a document's bytes depend on its
# content only: a signed decision printed again matches the hash recorded when it was signed.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


def money(amount: int) -> str:
    """VND with dots between thousands, as Vietnamese documents print it: 1.880.000."""
    return f"{amount:,}".replace(",", ".")


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def long_date(day: date) -> str:
    """«ngày 05 tháng 01 năm 2026»: a leading zero for days below 10 and for January and February."""
    dd = f"{day.day:02d}" if day.day < 10 else str(day.day)
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {dd} tháng {mm} năm {day.year}"


@cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("adapters.documents", "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(money=money, short_date=short_date, long_date=long_date)
    return env


@cache
def stylesheet() -> str:
    return resources.files("adapters.documents").joinpath("templates", "document.css").read_text(encoding="utf-8")


def render_pdf(template: str, **context: object) -> bytes:
    html = environment().get_template(template).render(css=stylesheet(), **context)
    return HTML(string=html).write_pdf()
