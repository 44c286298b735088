"""Campaign pages: the campaign with standings and target charts, sign-up, progress reports with evidence."""

from __future__ import annotations

from uuid import UUID

from flask import url_for
from flask_login import login_required
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain import commands as c
from domain.values import Role
from projections import queries
from projections.queries.campaigns import target_measure
from web.auth import acting_role, role_required
from web.context import read_conn, services
from web.pages.forms import SelectChoice, SignUpForm, options, report_form
from web.pages.choices import title_choices, units_for
from web.pages.common import act, execute_form, or_404, render_page, save_evidence, ui_blueprint
from web.pages.paging import paging

bp = ui_blueprint("campaigns", __name__)


def campaign_or_404(campaign_id: UUID) -> dict:
    return or_404(queries.get_campaign(read_conn(), campaign_id))


@bp.get("/campaigns/<uuid:campaign_id>")
def detail(campaign_id: UUID) -> str:
    """The campaign as launched, its standings and the attainment of its targets, as charts."""
    campaign = campaign_or_404(campaign_id)
    conn = read_conn()
    standings, participants = queries.get_standings(conn, campaign_id), queries.list_participants(conn, campaign_id)
    return render_page(
        "campaigns/detail.html", campaign=campaign, standings=standings, participants=participants,
        attainment=queries.get_target_attainment(conn, campaign_id),
        pipeline=queries.pipeline_counts(conn, campaign_id), role=acting_role(),
        standings_paging=paging(len(standings), "standings_page"),
        participants_paging=paging(len(participants), "participants_page"),
    )


@bp.route("/campaigns/<uuid:campaign_id>/signup", methods=["GET", "POST"])
@role_required(Role.UNIT_CLERK)
def sign_up(campaign_id: UUID) -> str | Response:
    """A unit clerk signs their unit (or one of its staff) up, with the titles they aim for."""
    campaign = campaign_or_404(campaign_id)
    form = SignUpForm()
    form.participant.choices = participant_choices()
    form.titles.choices = title_choices()
    if form.validate_on_submit():
        kind, participant_id = form.participant.data.split(":", 1)
        cmd = c.SignUp(campaign_id, UUID(participant_id), kind, list(form.titles.data))
        response = execute_form(services().sign_up, cmd, _("Đã đăng ký thi đua; chờ thủ trưởng đơn vị phê duyệt."),
                                url_for(".detail", campaign_id=campaign_id))
        if response is not None:
            return response
    return render_page("campaigns/signup.html", campaign=campaign, form=form), 422 if form.errors else 200


def participant_choices() -> list[SelectChoice]:
    """The clerk's units, then the people of those units."""
    units = units_for(Role.UNIT_CLERK)
    choices = [(f"unit:{u['unit_id']}", u["name"]) for u in units]
    for unit in units:
        choices += [(f"person:{p['person_id']}", f"{p['full_name']} — {unit['short_name']}")
                    for p in queries.list_people(read_conn(), unit["unit_id"]) if p["active"]]
    return options(choices)


def participation_or_404(campaign_id: UUID, participation_id: UUID) -> dict:
    return or_404(next((p for p in queries.list_participants(read_conn(), campaign_id)
                        if p["participation_id"] == participation_id), None))


@bp.route("/campaigns/<uuid:campaign_id>/participations/<uuid:participation_id>/report", methods=["GET", "POST"])
@role_required(Role.UNIT_CLERK)
def report(campaign_id: UUID, participation_id: UUID) -> str | Response:
    """Report progress for a period: a value per target and evidence files (type and size checked)."""
    campaign = campaign_or_404(campaign_id)
    participation = participation_or_404(campaign_id, participation_id)
    targets = [t for t in campaign["targets"] if target_measure(t["details"]) == "report"]
    form = report_form(targets)
    if form.validate_on_submit():
        entered = {t["code"]: form[f"t_{t['code']}"].data for t in targets}
        values = {code: float(value) for code, value in entered.items() if value is not None}
        cmd = c.ReportProgress(participation_id, form.period_label.data.strip(), form.period_end.data, values,
                               save_evidence(form.evidence.data, participation["unit_id"]), form.final.data)
        done = _("Đã gửi báo cáo kỳ %(period)s.", period=cmd.period_label)
        response = execute_form(services().report_progress, cmd, done, url_for(".detail", campaign_id=campaign_id))
        if response is not None:
            return response
    return render_page("campaigns/report.html", campaign=campaign, participation=participation, form=form,
                       targets=targets), 422 if form.errors else 200


@bp.get("/campaigns/<uuid:campaign_id>/participations/<uuid:participation_id>/reports")
@login_required
def reports(campaign_id: UUID, participation_id: UUID) -> str:
    """A participant's progress reports per period, with evidence; the unit head approves them here."""
    campaign = campaign_or_404(campaign_id)
    participation = participation_or_404(campaign_id, participation_id)
    return render_page("campaigns/reports.html", campaign=campaign, participation=participation,
                       reports=queries.list_reports(read_conn(), participation_id), role=acting_role())


@bp.post("/campaigns/<uuid:campaign_id>/participations/<uuid:participation_id>/reports/<report_id>/approve")
@role_required(Role.UNIT_HEAD)
def approve_report(campaign_id: UUID, participation_id: UUID, report_id: str) -> Response:
    return act(services().approve_report, c.ApproveReport(participation_id, report_id), _("Đã phê duyệt báo cáo."))


@bp.post("/campaigns/<uuid:campaign_id>/participations/<uuid:participation_id>/approve")
@role_required(Role.UNIT_HEAD)
def approve_sign_up(campaign_id: UUID, participation_id: UUID) -> Response:
    return act(services().approve_sign_up, c.ApproveSignUp(participation_id), _("Đã phê duyệt đăng ký thi đua."))
