"""Nomination dossiers (hồ sơ đề nghị khen thưởng): the list, a new dossier, the dossier page with its
eligibility verdict and the actions the acting role may take, revision, submission, withdrawal, history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from domain import commands as c
from domain.nomination import APPROVAL_STEPS
from domain.rules.read_access import Kind
from domain.services.nominations import RETURN_ROLES, STAGE_ROLES
from domain.values import RETURNABLE_STAGES, TERMINAL_STAGES, NomineeKind, Role, Stage
from projections import queries
from web.auth import acting_role, role_required
from web.context import read_conn, services
from web.pages.forms import (
    CommentForm, DossierForm, NominationForm, ReasonForm, ResolveForm, ReturnForm, SelectChoice, options,
)
from web.read_access import require, visible_window
from web.pages.choices import title_catalogue, title_choices, units_for
from web.pages.common import act, execute_form, or_404, parse_uuid, render_page, save_evidence, ui_blueprint
from web.pages.labels import stage_label, title_label
from web.pages.paging import PAGE_SIZE, Paging, asked_page, past_the_end

bp = ui_blueprint("nominations", __name__)
ASSESSED_STAGES = (Stage.DRAFTED, Stage.SUBMITTED, Stage.UNIT_APPROVED, Stage.CHECKED)


def nomination_or_404(nomination_id: UUID) -> dict:
    return or_404(queries.get_nomination(read_conn(), nomination_id))


def to_dossier(nomination_id: UUID) -> str:
    return url_for("nominations.dossier", nomination_id=nomination_id)


def dossier_action(
    nomination_id: UUID, action: str, form: FlaskForm, method: Callable, command: Callable, done: str,
) -> Any:
    """A form on the dossier page: shown again with its errors next to the fields, else run (PRG)."""
    if not form.validate_on_submit():
        return render_dossier(nomination_id, 422, **{action: form})
    return act(method, command(form), done, to_dossier(nomination_id))


@bp.get("/nominations")
@login_required
def index() -> str | Response:
    """Dossiers filtered by campaign, stage, title and unit, a page at a time (those the reader may see)."""
    args, page = request.args, asked_page()
    filters = {"campaign_id": parse_uuid(args.get("campaign")), "stage": args.get("stage") or None,
               "title_code": args.get("title") or None, "unit_id": parse_uuid(args.get("unit"))}

    def window(limit: int | None, offset: int) -> tuple[list[dict], int]:
        return queries.list_nominations(read_conn(), **filters, limit=limit, offset=offset)

    rows, total = visible_window(window, Kind.DOSSIERS, "nomination_id", PAGE_SIZE, (page - 1) * PAGE_SIZE)
    shown = Paging(page, total)
    campaigns, _total = queries.list_campaigns(read_conn(), limit=200)
    return past_the_end(shown) or render_page(
        "nominations/index.html", rows=rows, paging=shown,
        filters=filters, campaigns=campaigns, units=queries.list_units(read_conn()), stages=list(Stage),
        titles=title_catalogue(),
    )


@bp.route("/campaigns/<uuid:campaign_id>/nominate", methods=["GET", "POST"])
@role_required(Role.UNIT_CLERK)
def new(campaign_id: UUID) -> str | Response:
    """Draft a dossier; the dossier page then shows the eligibility verdict before it is submitted."""
    campaign = or_404(queries.get_campaign(read_conn(), campaign_id))
    form = NominationForm()
    form.nominee.choices = nominee_choices()
    form.title_code.choices = title_choices()
    del form.initiative  # chosen on the dossier page, among the nominee's recognised initiatives
    if form.validate_on_submit():
        kind, nominee_id = form.nominee.data.split(":", 1)
        unit_id = UUID(nominee_id) if kind == "collective" else or_404(queries.get_person(read_conn(), UUID(nominee_id)))["unit_id"]
        cmd = c.Nominate(campaign_id, UUID(nominee_id), kind, form.title_code.data, form.achievements.data.strip(),
                         evidence=save_evidence(form.evidence.data, unit_id))
        done = _("Đã lập hồ sơ. Kiểm tra kết quả xét điều kiện trước khi trình.")
        response = execute_form(services().nominate, cmd, done, to_dossier)
        if response is not None:
            return response
    return render_page("nominations/new.html", campaign=campaign, form=form), 422 if form.errors else 200


def nominee_choices() -> list[SelectChoice]:
    """The clerk's units as collectives, then their people as individuals."""
    units = units_for(Role.UNIT_CLERK)
    choices = [(f"collective:{u['unit_id']}", _("Tập thể: %(name)s", name=u["name"])) for u in units]
    for unit in units:
        choices += [(f"individual:{p['person_id']}", f"{p['full_name']} — {p['position'] or ''}, {unit['short_name']}")
                    for p in queries.list_people(read_conn(), unit["unit_id"]) if p["active"]]
    return options(choices)


@bp.get("/nominations/<uuid:nomination_id>")
@login_required
def dossier(nomination_id: UUID) -> str:
    return render_dossier(nomination_id)


def render_dossier(nomination_id: UUID, status: int = 200, **bound: object) -> str | tuple[str, int]:
    """The dossier with its verdict and one form per action the acting role may take at this stage
    (403 to a reader who may not see it)."""
    nomination = nomination_or_404(nomination_id)
    require(Kind.DOSSIERS, nomination_id)
    stage, role = Stage(nomination["stage"]), acting_role()
    actions = offered_actions(stage, role, nomination["open_objections"])
    forms = {action: bound.get(action) or make_form(action, stage, nomination) for action in actions}
    verdict = services().get_eligibility(nomination_id) if stage in ASSESSED_STAGES else None
    page = render_page(
        "nominations/dossier.html", n=nomination, stage=stage, verdict=verdict, forms=forms,
        title=title_label(nomination["title_code"]), role=role,
    )
    return (page, status) if status != 200 else page


def offered_actions(stage: Stage, role: Role | None, open_objections: int) -> list[str]:
    """Which actions to offer the acting role at this stage (the domain still checks every one)."""
    actions = []
    if role is Role.UNIT_CLERK and stage is Stage.DRAFTED:
        actions += ["revise", "submit"]
    next_stage = APPROVAL_STEPS.get(stage)
    if next_stage is not None and role in STAGE_ROLES[next_stage]:
        actions.append("approve")
    if role in RETURN_ROLES and stage not in TERMINAL_STAGES | {Stage.IN_DECISION, Stage.DRAFTED}:
        actions += ["return", "reject"]
    if role is Role.SECRETARIAT and open_objections:
        actions.append("resolve")
    if role is Role.UNIT_CLERK and stage not in TERMINAL_STAGES | {Stage.IN_DECISION}:
        actions.append("withdraw")
    return actions


def make_form(action: str, stage: Stage, nomination: dict) -> FlaskForm:
    if action == "revise":
        return dossier_form(nomination)
    if action == "return":
        return return_form(stage)
    kinds = {"submit": CommentForm, "approve": CommentForm, "reject": ReasonForm, "withdraw": ReasonForm,
             "resolve": ResolveForm}
    return kinds[action](prefix=action)


def return_choices(stage: Stage) -> list[SelectChoice]:
    """The earlier stages a dossier may go back to."""
    earlier = sorted((s for s in RETURNABLE_STAGES if s.order < stage.order), key=lambda s: s.order)
    return options((s.value, stage_label(s)) for s in earlier)


def return_form(stage: Stage) -> ReturnForm:
    form = ReturnForm(prefix="return")
    form.to_stage.choices = return_choices(stage)
    return form


def dossier_form(nomination: dict) -> DossierForm:
    form = DossierForm(prefix="revise", data={"achievements": nomination["achievements"],
                                              "initiative": str(nomination["initiative_id"] or "")})
    form.initiative.choices = options([("", _("— Không gắn sáng kiến —")), *initiative_choices(nomination)])
    return form


def initiative_choices(nomination: dict) -> list[tuple[str, str]]:
    """The nominee's recognised initiatives, from the ledger's record of the nominee."""
    history = services().history_of(nomination["nominee_id"], NomineeKind(nomination["nominee_kind"]))
    return [(str(i.initiative_id), f"{i.title} ({i.year})") for i in history.initiatives]


@bp.post("/nominations/<uuid:nomination_id>/revise")
@role_required(Role.UNIT_CLERK)
def revise(nomination_id: UUID) -> str | Response:
    nomination = nomination_or_404(nomination_id)

    def command(form: DossierForm) -> c.ReviseDossier:
        evidence = list(nomination["evidence"]) + save_evidence(form.evidence.data, nomination["unit_id"])
        initiative = parse_uuid(form.initiative.data)
        return c.ReviseDossier(nomination_id, form.achievements.data.strip(), initiative, evidence)

    return dossier_action(nomination_id, "revise", dossier_form(nomination), services().revise_dossier, command,
                          _("Đã cập nhật hồ sơ."))


@bp.post("/nominations/<uuid:nomination_id>/submit")
@role_required(Role.UNIT_CLERK)
def submit(nomination_id: UUID) -> Response:
    form = CommentForm(prefix="submit")
    form.validate_on_submit()
    cmd = c.SubmitNomination(nomination_id, form.comment.data or "")
    return act(services().submit_nomination, cmd, _("Đã trình hồ sơ lên thủ trưởng đơn vị."), to_dossier(nomination_id))


@bp.post("/nominations/<uuid:nomination_id>/withdraw")
@role_required(Role.UNIT_CLERK)
def withdraw(nomination_id: UUID) -> str | Response:
    return dossier_action(
        nomination_id, "withdraw", ReasonForm(prefix="withdraw"), services().withdraw_nomination,
        lambda form: c.WithdrawNomination(nomination_id, form.reason.data.strip()), _("Đã rút hồ sơ."),
    )
