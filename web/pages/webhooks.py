"""Administration pages for integrators' webhooks (issue #21): register an endpoint with its scope and event
types, change, pause, resume, rotate the secret, delete; list and replay dead letters. Every step is a ledger
fact recorded by the domain; the secret and the delivery state live beside it (adapters/webhooks.py, reached
through the app's extensions). A new secret is shown once, on the answer only (never in a flash message)."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from domain.clock import utc_now
from domain.exceptions import DomainError
from domain.rules.read_access import SCOPES, Kind
from domain.webhooks import URL_MAX, ChangeWebhookScope, WebhookStep
from projections import queries
from projections.queries.feed import event_types
from web.auth import current_actor
from web.context import container, read_conn
from web.pages.admin import bp
from web.pages.common import execute, flash_error, or_404, render_page
from web.pages.forms import NOT_A_CHOICE, REQUIRED, Form, MultiCheckboxField, options


def hooks():  # -> adapters.webhooks.Webhooks
    return current_app.extensions["webhooks"]


class WebhookForm(Form):
    label = StringField(_l("Tên hệ thống nhận"), validators=[DataRequired(REQUIRED), Length(max=200)])
    endpoint = StringField(_l("Địa chỉ nhận (URL http:// hoặc https://)"), validators=[DataRequired(REQUIRED), Length(max=URL_MAX)])
    units = MultiCheckboxField(_l("Đơn vị được xem (không chọn: toàn hệ thống)"))
    scopes = MultiCheckboxField(_l("Dữ liệu cá nhân được xem"), choices=options((s, Kind(s).name_vi) for s in SCOPES))
    event_types = SelectMultipleField(_l("Loại sự kiện nhận"), validators=[DataRequired(REQUIRED)], invalid_choice_message=NOT_A_CHOICE,
                                      render_kw={"size": 12})
    reason = TextAreaField(_l("Lý do thay đổi"), validators=[Optional(), Length(max=2000)])


class StepForm(Form):
    reason = TextAreaField(_l("Lý do"), validators=[Optional(), Length(max=2000)])


def webhook_form(**data: object) -> WebhookForm:
    form = WebhookForm(data=data or None)
    form.units.choices = options((str(u["unit_id"]), u["name"]) for u in queries.list_units(read_conn()) if u["successor_id"] is None)
    form.event_types.choices = options((t, t) for t in event_types())
    return form


@bp.route("/admin/webhooks", methods=["GET", "POST"])
def webhooks() -> str:
    """Every subscription with its checkpoint and dead letters; the form to register one."""
    form, secret = webhook_form(), None
    if form.validate_on_submit():
        try:
            _id, secret = hooks().register(current_actor(), form.label.data, form.endpoint.data, [UUID(u) for u in form.units.data],
                                           form.scopes.data, form.event_types.data)
        except DomainError as error:
            flash_error(error)
        else:
            flash(_("Đã đăng ký webhook."), "success")
    return render_page("admin/webhooks.html", subscriptions=hooks().listing(), form=form, secret=secret)


def subscription_page(subscription_id: UUID, form: WebhookForm | None = None, secret: str | None = None) -> str:
    found = or_404(next((s for s in hooks().listing() if s["subscription_id"] == subscription_id), None))
    form = form or webhook_form(label=found["label"], endpoint=found["endpoint"], units=[str(u) for u in found["units"]],
                                scopes=found["scopes"], event_types=found["event_types"])
    names = {u["unit_id"]: u["name"] for u in queries.list_units(read_conn())}
    return render_page("admin/webhook.html", hook=found, form=form, secret=secret, names=names,
                       dead_letters=hooks().dead_letters(subscription_id), overlap_hours=overlap_hours())


def overlap_hours() -> str | None:
    """How long a rotated-out secret still signs, in hours as people write them ("24", "1.5"); None: not at all."""
    overlap = hooks().overlap
    return f"{overlap.total_seconds() / 3600:g}" if overlap else None


@bp.get("/admin/webhooks/<uuid:subscription_id>")
def webhook(subscription_id: UUID) -> str:
    """A subscription: its record, its dead letters, and its changes."""
    return subscription_page(subscription_id)


@bp.post("/admin/webhooks/<uuid:subscription_id>/scope")
def change_webhook(subscription_id: UUID) -> str | Response:
    form = webhook_form()
    if form.validate_on_submit():
        cmd = ChangeWebhookScope(subscription_id, form.endpoint.data, [UUID(u) for u in form.units.data], form.scopes.data,
                                 form.event_types.data, form.reason.data or "")
        if done(lambda: execute(container().app.change_webhook_scope, cmd), _("Đã thay đổi webhook.")):
            return redirect(url_for(".webhook", subscription_id=subscription_id), 303)
    return subscription_page(subscription_id, form=form)


@bp.post("/admin/webhooks/<uuid:subscription_id>/<any(pause, resume, delete):step>")
def webhook_step(subscription_id: UUID, step: str) -> Response:
    """Pause, resume or delete a subscription."""
    cmd = WebhookStep(subscription_id, StepForm().reason.data or "")
    run = {"pause": container().app.pause_webhook, "resume": container().app.resume_webhook, "delete": hooks().delete}[step]
    said = {"pause": _("Đã tạm dừng webhook."), "resume": _("Đã cho webhook hoạt động lại."), "delete": _("Đã xoá webhook.")}[step]
    if StepForm().validate_on_submit():
        done(lambda: execute(run, cmd), said)
    return redirect(url_for(".webhook", subscription_id=subscription_id), 303)


@bp.post("/admin/webhooks/<uuid:subscription_id>/secret")
def rotate_webhook_secret(subscription_id: UUID) -> str | Response:
    """A new signing secret, shown once on this answer."""
    secret = None
    if StepForm().validate_on_submit():
        try:
            secret = hooks().rotate(current_actor(), subscription_id)
        except DomainError as error:
            flash_error(error)
    return subscription_page(subscription_id, secret=secret)


@bp.post("/admin/webhooks/<uuid:subscription_id>/replay", defaults={"position": None})
@bp.post("/admin/webhooks/<uuid:subscription_id>/replay/<int:position>")
def replay_dead_letters(subscription_id: UUID, position: int | None) -> Response:
    """Send one dead letter again, or all of them; the replay is recorded (who, when)."""
    positions = None if position is None else [position]
    if StepForm().validate_on_submit():
        done(lambda: hooks().replay(current_actor(), subscription_id, positions, utc_now()), _("Đã xếp lịch gửi lại."))
    return redirect(url_for(".webhook", subscription_id=subscription_id), 303)


def done(run, success: str) -> bool:  # type: ignore[no-untyped-def]
    """Run a step; flash its success, or the domain's refusal."""
    try:
        run()
    except DomainError as error:
        flash_error(error)
        return False
    flash(success, "success")
    return True
