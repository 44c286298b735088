"""Public posting (công khai): the dossiers open for objections, readable without signing in, and the
objection form (anyone may object, anonymously if they wish)."""

from __future__ import annotations

from uuid import UUID

from flask import url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain import commands as c
from projections import queries
from web.context import read_conn, services
from web.pages.forms import ObjectionForm
from web.pages.common import act, render_page, today, ui_blueprint

bp = ui_blueprint("public", __name__)


@bp.get("/public")
def postings() -> str:
    return render_postings()


def render_postings(
    invalid: UUID | None = None, form: ObjectionForm | None = None, status: int = 200,
) -> str | tuple[str, int]:
    """Every dossier still open for objections; `invalid` re-shows one form with its errors."""
    rows = queries.list_public_postings(read_conn(), on=today())
    forms = {row["nomination_id"]: ObjectionForm(prefix=row["nomination_id"].hex) for row in rows}
    if invalid in forms:
        forms[invalid] = form
    page = render_page("public/postings.html", rows=rows, forms=forms)
    return (page, status) if status != 200 else page


@bp.post("/public/<uuid:nomination_id>/objections")
def object_to(nomination_id: UUID) -> str | Response:
    """Raise an objection; the objector's identity is never shown (it is not even asked for)."""
    form = ObjectionForm(prefix=nomination_id.hex)
    if not form.validate_on_submit():
        return render_postings(nomination_id, form, 422)
    cmd = c.RaiseObjection(nomination_id, form.text.data.strip())
    return act(services().raise_objection, cmd, _("Đã ghi nhận ý kiến phản ánh. Cảm ơn bạn."), url_for(".postings"))
