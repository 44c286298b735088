"""Yearly statistics (read model of decisions in force): counts and money by level, title, unit and kind,
shares of women, ethnic minorities and direct workers, money by source, campaign targets; the spreadsheet
and the annual summary report. Aggregates only: no person is named."""

from __future__ import annotations

from flask import Response, current_app
from marshmallow import Schema, fields

from projections.queries.statistics import get_yearly_statistics, list_statistics_issuers
from web.api.base import SPREADSHEET, api_blueprint, download
from web.api.paperwork import PAPER
from web.context import read_conn
from web.pages.common import today
from web.pages.paperwork import unit_and_parent, unit_head
from web.pages.statistics import checked_year

blp = api_blueprint("api_statistics", "Thống kê thi đua, khen thưởng theo năm; báo cáo tổng kết")


class StatisticsArgsSchema(Schema):
    issuer_id = fields.UUID(metadata={"description": "Cơ quan khen thưởng; bỏ trống: mọi cơ quan"})


class ReportArgsSchema(Schema):
    issuer_id = fields.UUID(required=True, metadata={"description": "Cơ quan khen thưởng lập báo cáo"})


class StatisticsLineSchema(Schema):
    label = fields.String()
    count = fields.Integer()
    amount = fields.Integer()
    share = fields.Float()


class TargetMetSchema(Schema):
    code = fields.String()
    description = fields.String()
    unit = fields.String(allow_none=True)
    target = fields.Float(allow_none=True)
    value = fields.Float(allow_none=True)
    met = fields.Boolean()


class CampaignTargetsSchema(Schema):
    campaign_id = fields.UUID()
    theme = fields.String()
    targets = fields.List(fields.Nested(TargetMetSchema))


class StatisticsYearSchema(Schema):
    year = fields.Integer()
    count = fields.Integer()
    amount = fields.Integer()


class YearlyStatisticsSchema(Schema):
    year = fields.Integer()
    issuer_id = fields.UUID(allow_none=True)
    total = fields.Integer()
    amount = fields.Integer()
    by_kind = fields.List(fields.Nested(StatisticsLineSchema))
    by_level = fields.List(fields.Nested(StatisticsLineSchema))
    by_title = fields.List(fields.Nested(StatisticsLineSchema))
    by_unit = fields.List(fields.Nested(StatisticsLineSchema))
    gender = fields.List(fields.Nested(StatisticsLineSchema))
    ethnicity = fields.List(fields.Nested(StatisticsLineSchema))
    direct_worker = fields.List(fields.Nested(StatisticsLineSchema))
    money = fields.List(fields.Nested(StatisticsLineSchema))
    targets = fields.List(fields.Nested(CampaignTargetsSchema))
    years = fields.List(fields.Nested(StatisticsYearSchema))


def statistics(year: int, args: dict) -> dict:
    return get_yearly_statistics(read_conn(), checked_year(year), args.get("issuer_id"))


@blp.route("/statistics/<int:year>")
@blp.arguments(StatisticsArgsSchema, location="query")
@blp.response(200, YearlyStatisticsSchema)
def get_yearly_statistics_of(args: dict, year: int) -> dict:
    """Awards of the year (the year the title or form is for) in decisions in force, with the breakdowns the
    annual report asks for; shares are percentages of the individuals awarded, «Không rõ» where the ledger has
    no gender, ethnicity or direct-worker record."""
    return statistics(year, args)


@blp.route("/statistics/<int:year>/export.<any(xlsx, csv):fmt>")
@blp.arguments(StatisticsArgsSchema, location="query")
@blp.doc(responses=SPREADSHEET)
def export_yearly_statistics(args: dict, year: int, fmt: str) -> Response:
    """The year's statistics as a spreadsheet (text cells stay text)."""
    stats = statistics(year, args)
    names = {i["issuer_id"]: i["name"] for i in list_statistics_issuers(read_conn())}
    return download(current_app.extensions["paperwork"].statistics(stats, names.get(args.get("issuer_id"), ""), fmt))


@blp.route("/statistics/<int:year>/report.<any(pdf, docx):fmt>")
@blp.arguments(ReportArgsSchema, location="query")
@blp.doc(responses=PAPER)
def get_annual_report(args: dict, year: int, fmt: str) -> Response:
    """Báo cáo tổng kết công tác thi đua, khen thưởng of the issuer."""
    issuer_id = args["issuer_id"]
    office, parent = unit_and_parent(issuer_id)
    return download(current_app.extensions["paperwork"].render(
        "annual_report", fmt, office=office, parent=parent, stats=statistics(year, args), head=unit_head(issuer_id), day=today(),
    ))
