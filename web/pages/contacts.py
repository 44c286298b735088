"""Reminder e-mail addresses and preferences (issue #21): the administrator's page of everyone's (the form of a
person's own page, web/pages/unsubscribe.py, with whom it is for). Addresses are personal data kept beside the
outbox (`mail_contacts`), shown only to administrators and to the person."""

from __future__ import annotations

from uuid import UUID

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from web.pages.admin import bp
from web.pages.admin_access import people_names, person_options
from web.pages.common import render_page
from web.pages.forms import SelectField
from web.pages.outbox import mail_outbox
from web.pages.unsubscribe import MODE_LABELS, PreferenceForm


class ContactForm(PreferenceForm):
    person = SelectField(_l("Cán bộ"), choices=[])


@bp.route("/admin/contacts", methods=["GET", "POST"])
def contacts() -> tuple[str, int] | Response:
    """Everyone's address and mode; the form to set one person's."""
    form = ContactForm()
    form.person.choices = person_options()
    if form.validate_on_submit():
        mail_outbox().set_contact(UUID(form.person.data), form.email.data, form.mode.data)
        flash(_("Đã lưu địa chỉ nhận thư nhắc việc."), "success")
        return redirect(url_for(".contacts"), 303)
    names = people_names()
    listed = sorted(((names.get(p, ""), email, str(MODE_LABELS[mode])) for p, (email, mode) in mail_outbox().contacts().items()))
    return render_page("admin/contacts.html", form=form, listed=listed), 422 if form.errors else 200
