"""Reviewing dossiers: approve a stage (unit head; the secretariat's dossier check), return to a named
earlier stage, reject, resolve objections, and post checked dossiers publicly."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from flask import url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain import commands as c
from domain.nomination import APPROVAL_STEPS
from domain.services.nominations import RETURN_ROLES
from domain.values import Role, Stage
from projections import queries
from web.auth import role_required
from web.context import read_conn, services
from web.pages.forms import CommentForm, PostForm, ReasonForm, ResolveForm
from web.pages.choices import nomination_choices
from web.pages.common import act, execute_form, render_page, today, ui_blueprint
from web.pages.nominations import dossier_action, nomination_or_404, return_form, to_dossier

bp = ui_blueprint("review", __name__)
POSTING_DAYS = 10  # the form's suggestion; the rule set's minimum is checked by the domain


@bp.post("/nominations/<uuid:nomination_id>/approve")
@role_required(Role.UNIT_HEAD, Role.SECRETARIAT)
def approve(nomination_id: UUID) -> Response:
    """The next stage on the path: «unit approved» by the unit head, «checked» by the secretariat."""
    stage = APPROVAL_STEPS.get(Stage(nomination_or_404(nomination_id)["stage"]))
    form = CommentForm(prefix="approve")
    form.validate_on_submit()
    cmd = c.ApproveStage(nomination_id, stage.value if stage else "", form.comment.data or "")
    done = _("Đã thẩm định hồ sơ.") if stage is Stage.CHECKED else _("Đã duyệt hồ sơ.")
    return act(services().approve_stage, cmd, done, to_dossier(nomination_id))


@bp.post("/nominations/<uuid:nomination_id>/return")
@role_required(*RETURN_ROLES)
def return_(nomination_id: UUID) -> str | Response:
    form = return_form(Stage(nomination_or_404(nomination_id)["stage"]))
    return dossier_action(nomination_id, "return", form, services().return_nomination,
                          lambda f: c.ReturnNomination(nomination_id, f.to_stage.data, f.reason.data.strip()),
                          _("Đã trả hồ sơ về bước trước."))


@bp.post("/nominations/<uuid:nomination_id>/reject")
@role_required(*RETURN_ROLES)
def reject(nomination_id: UUID) -> str | Response:
    return dossier_action(nomination_id, "reject", ReasonForm(prefix="reject"), services().reject_nomination,
                          lambda f: c.RejectNomination(nomination_id, f.reason.data.strip()), _("Đã từ chối hồ sơ."))


@bp.post("/nominations/<uuid:nomination_id>/objections")
@role_required(Role.SECRETARIAT)
def resolve(nomination_id: UUID) -> str | Response:
    return dossier_action(
        nomination_id, "resolve", ResolveForm(prefix="resolve"), services().resolve_objection,
        lambda f: c.ResolveObjection(nomination_id, f.objection_id.data, f.upheld.data, f.resolution.data.strip()),
        _("Đã xử lý ý kiến phản ánh."),
    )


@bp.route("/posting", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def posting() -> str | Response:
    """Post checked dossiers publicly (công khai) until a date, for objections from anyone."""
    checked, _total = queries.list_nominations(read_conn(), stage=Stage.CHECKED.value, limit=500)
    form = PostForm(data={"until": today() + timedelta(days=POSTING_DAYS)})
    form.nominations.choices = nomination_choices(checked)
    if form.validate_on_submit():
        cmd = c.PostPublicly([UUID(n) for n in form.nominations.data], form.until.data)
        done = _("Đã công khai %(n)d hồ sơ.", n=len(cmd.nomination_ids))
        response = execute_form(services().post_publicly, cmd, done, url_for("public.postings"))
        if response is not None:
            return response
    return render_page("nominations/posting.html", form=form, checked=checked), 422 if form.errors else 200
