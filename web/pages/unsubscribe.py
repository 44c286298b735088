"""A person's own reminder e-mails (issue #21): unsubscribing through the link each e-mail carries, signed for
its recipient (itsdangerous; the page asks, the form's post stops the e-mails, the reminders are still
recorded), and the signed-in person's own address and preference (`/account/email`)."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from web.pages.common import render_page, ui_blueprint
from web.pages.forms import REQUIRED, Form, RadioField, options

bp = ui_blueprint("unsubscribe", __name__)
SALT = "thidua-unsubscribe"
MODE_LABELS = {  # how reminders reach a person (adapters.outbox.MODES)
    "each": _l("Từng thư khi có việc"), "digest": _l("Một thư tổng hợp mỗi sáng (7 giờ)"), "none": _l("Không nhận thư"),
}


def unsubscribe_token(secret_key: str, person_id: UUID) -> str:
    return URLSafeSerializer(secret_key, salt=SALT).dumps(str(person_id))


def person_of(token: str) -> UUID | None:
    """The person a token was signed for, or None when it was not signed here."""
    try:
        return UUID(URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT).loads(token))
    except (BadSignature, ValueError, TypeError):
        return None


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def confirm(token: str) -> tuple[str, int]:
    """GET asks; POST stops the person's reminder e-mails. A link not signed here is a 400 that says so."""
    person = person_of(token)
    if person is None:
        return render_template("unsubscribe/confirm.html", refused=_("Liên kết hủy nhận thư không hợp lệ hoặc đã bị sửa."),
                               form=None, done=False), 400
    form = Form()
    done = form.validate_on_submit() and current_app.extensions["outbox"].set_mode(person, "none")
    return render_template("unsubscribe/confirm.html", refused=None, form=form, done=done), 200


def email_address(_form: Form, field: StringField) -> None:
    """The outbox's own check of an address (email-validator), its Vietnamese message as the field's error."""
    try:
        field.data = current_app.extensions["outbox"].checked_email(field.data or "")
    except ValueError as error:
        raise ValidationError(str(error)) from None


class PreferenceForm(Form):
    email = StringField(_l("Địa chỉ thư điện tử"), validators=[DataRequired(REQUIRED), Length(max=254), email_address])
    mode = RadioField(_l("Cách nhận thư nhắc việc"), choices=options(MODE_LABELS.items()), default="each")


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def own_preference() -> tuple[str, int] | Response:
    """The signed-in person's address and how reminders reach them (each, a morning digest, none)."""
    outbox = current_app.extensions["outbox"]
    kept = outbox.contact(current_user.person_id)
    form = PreferenceForm(data={"email": kept[0], "mode": kept[1]} if kept else None)
    if form.validate_on_submit():
        outbox.set_contact(current_user.person_id, form.email.data, form.mode.data)
        flash(_("Đã lưu cách nhận thư nhắc việc của bạn."), "success")
        return redirect(url_for(".own_preference"), 303)
    return render_page("unsubscribe/preference.html", form=form, kept=kept), 422 if form.errors else 200
