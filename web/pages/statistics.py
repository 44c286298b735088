"""Yearly statistics (thống kê thi đua, khen thưởng): awards of the decisions in force by level, title, unit
and kind, the shares of women, ethnic minorities and direct workers, money by source, campaign targets;
charts, the spreadsheet and the annual summary report. Aggregates only: no person is named."""

from __future__ import annotations

import io
from uuid import UUID

from flask import abort, current_app, request, send_file
from flask_login import login_required
from werkzeug.wrappers import Response

from projections.queries.statistics import (
    BREAKDOWNS, SHARES, get_yearly_statistics, list_statistics_issuers, list_statistics_years,
)
from web.context import read_conn
from web.pages.common import render_page, today, ui_blueprint
from web.pages.paperwork import issuer_arg, paper_file, unit_and_parent, unit_head
from web.security import download_name

bp = ui_blueprint("statistics", __name__)


def chosen_issuer(issuers: list[dict]) -> UUID | None:
    """The issuer asked for (?issuer=), else the first with statistics."""
    asked = issuer_arg()
    return asked or (issuers[0]["issuer_id"] if issuers else None)


def checked_year(year: int) -> int:
    """The year, or 404 for one no record can be about."""
    if not 1945 <= year <= 2100:
        abort(404, description="Không có thống kê cho năm này.")
    return year


def statistics_of(year: int) -> tuple[dict, list[dict], UUID | None]:
    checked_year(year)
    issuers = list_statistics_issuers(read_conn())
    issuer_id = chosen_issuer(issuers)
    return get_yearly_statistics(read_conn(), year, issuer_id), issuers, issuer_id


def bar_rows(lines: list[dict], key: str = "count", unit: str = "") -> list[dict]:
    top = max((line[key] for line in lines), default=0)
    return [{"label": line["label"], "value": line[key], "max": top, "target": None, "unit": unit,
             "note": f"{line['share']:.2f}%".replace(".", ",") if "share" in line else ""} for line in lines]


@bp.get("/statistics")
@login_required
def index() -> str:
    year = request.args.get("year", type=int) or latest_year()
    stats, issuers, issuer_id = statistics_of(year)
    charts = [(caption, bar_rows(stats[key])) for key, caption in BREAKDOWNS.items()]
    shares = [(caption, bar_rows(stats[key])) for key, caption in SHARES.items()]
    money = bar_rows([{**m, "count": m["amount"]} for m in stats["money"]], unit="đồng")
    trend = bar_rows([{"label": str(y["year"]), **y} for y in stats["years"]])
    return render_page("statistics/index.html", stats=stats, issuers=issuers, issuer_id=issuer_id, year=year,
                       charts=charts, shares=shares, money=money, trend=trend)


def latest_year() -> int:
    years = list_statistics_years(read_conn())
    return years[-1]["year"] if years else today().year


@bp.get("/statistics/<int:year>.<any(xlsx, csv):fmt>")
@login_required
def export(year: int, fmt: str) -> Response:
    stats, issuers, issuer_id = statistics_of(year)
    name = next((i["name"] for i in issuers if i["issuer_id"] == issuer_id), "")
    export = current_app.extensions["paperwork"].statistics(stats, name, fmt)
    return send_file(io.BytesIO(export.content), mimetype=export.mimetype, as_attachment=True,
                     download_name=download_name(export.filename))


@bp.get("/statistics/<int:year>/bao-cao-tong-ket.<any(pdf, docx):fmt>")
@login_required
def annual_report(year: int, fmt: str) -> Response:
    """Báo cáo tổng kết công tác thi đua, khen thưởng of the issuer's year."""
    stats, _issuers, issuer_id = statistics_of(year)
    if issuer_id is None:
        abort(404)
    office, parent = unit_and_parent(issuer_id)
    return paper_file("annual_report", fmt, office=office, parent=parent, stats=stats, head=unit_head(issuer_id), day=today())
