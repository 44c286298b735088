"""Unsubscribing from reminder e-mails (issue #21): each e-mail links to a page signed for its recipient
(itsdangerous); the page asks, the form's post stops the e-mails (the reminders are still recorded)."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, render_template
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from web.pages.common import ui_blueprint
from web.pages.forms import Form

bp = ui_blueprint("unsubscribe", __name__)
SALT = "thidua-unsubscribe"


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
