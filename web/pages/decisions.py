"""Award decisions (quyết định khen thưởng): drafting from approved dossiers (quota, authority and money
checked by the domain; a refusal lists every breach with its article), signing, the PDF and certificates."""

from __future__ import annotations

import io
from uuid import UUID

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from domain import commands as c
from domain.exceptions import DomainError
from domain.rules.read_access import Kind, decision_kind, published
from domain.values import Role, Stage
from projections import queries
from web.auth import acting_role, role_required
from web.context import read_conn, services
from web.pages.forms import DecisionForm, ReasonForm
from web.read_access import require, visible_window
from web.pages.choices import nomination_choices, people_choices, role_holders, title_catalogue, unit_choices, units_for
from web.pages.common import act, execute, or_404, render_page, today, ui_blueprint
from web.pages.paging import PAGE_SIZE, Paging, asked_page, past_the_end, paging
from web.pages.two_factor import step_up

bp = ui_blueprint("decisions", __name__)


@bp.get("/decisions")
@login_required
def index() -> str | Response:
    """The latest decisions, filtered by year and status, a page at a time: signed ones, and the drafts the
    reader may see."""
    year, status = request.args.get("year", type=int), request.args.get("status") or None

    def window(limit: int | None, offset: int) -> tuple[list[dict], int]:
        return queries.list_award_decisions(read_conn(), year=year, status=status, limit=limit, offset=offset)

    page = asked_page()
    decisions, total = visible_window(window, Kind.DOSSIERS, "decision_id", PAGE_SIZE, (page - 1) * PAGE_SIZE,
                                      public=published)
    shown = Paging(page, total)
    return past_the_end(shown) or render_page(
        "decisions/index.html", decisions=decisions, paging=shown, role=acting_role(),
        filters={"year": year, "status": status},
    )


@bp.route("/decisions/new", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def draft() -> str | Response:
    """Pick the dossiers the council passed; the domain checks quotas, authority and money."""
    units = units_for(Role.SECRETARIAT)
    voted, _total = queries.list_nominations(read_conn(), stage=Stage.VOTED.value, limit=500)
    form = DecisionForm(data={"decision_date": today(), "nominations": [str(n["nomination_id"]) for n in voted]})
    form.issuer.choices = unit_choices(units)
    form.signer.choices = people_choices(role_holders(Role.SIGNER, {u["unit_id"] for u in units}))
    form.nominations.choices = nomination_choices(voted)
    breaches: list[dict] = []
    if form.validate_on_submit():
        cmd = c.DraftDecision(
            UUID(form.issuer.data), form.number.data.strip(), form.subject.data.strip(), form.decision_date.data,
            UUID(form.signer.data), form.signer_title.data.strip(), [UUID(n) for n in form.nominations.data],
        )
        try:
            decision_id = execute(services().draft_decision, cmd)
        except DomainError as error:
            breaches = error.details or [{"message": error.message, "article": ""}]
        else:
            flash(_("Đã lập dự thảo quyết định; chờ người ký."), "success")
            return redirect(url_for(".detail", decision_id=decision_id), 303)
    status = 409 if breaches else 422 if form.errors else 200
    return render_page("decisions/draft.html", form=form, breaches=breaches), status


def decision_or_404(decision_id: UUID) -> dict:
    """The decision; a draft only to those who may read it (403 otherwise)."""
    decision = or_404(queries.get_award_decision(read_conn(), decision_id))
    require(decision_kind(decision["status"]), decision_id)
    return decision



@bp.get("/decisions/<uuid:decision_id>")
@login_required
def detail(decision_id: UUID) -> tuple[str, int]:
    """The decision with its awardees a page at a time, the money per item and the totals per unit."""
    return render_detail(decision_id)


def render_detail(decision_id: UUID, status: int = 200, discard: ReasonForm | None = None) -> tuple[str, int]:
    """The decision page; the named signer may sign a draft, the secretariat may discard it with a reason."""
    decision = decision_or_404(decision_id)
    drafted = decision["status"] == "drafted"
    may_sign = acting_role() is Role.SIGNER and drafted and decision["signer_id"] == current_user.person_id
    if discard is None and drafted and acting_role() is Role.SECRETARIAT:
        discard = ReasonForm(prefix="discard")
    items = paging(len(decision["items"]))
    page = render_page("decisions/detail.html", d=decision, items=items.rows(decision["items"]), items_paging=items,
                       may_sign=may_sign, discard=discard, public=published(decision))
    return page, status


@bp.post("/decisions/<uuid:decision_id>/sign")
@role_required(Role.SIGNER)
def sign(decision_id: UUID) -> Response:
    """Sign, with a fresh second factor when the account has one (web/pages/two_factor.py)."""
    if (asked := step_up(url_for(".detail", decision_id=decision_id))) is not None:
        return asked
    return act(services().sign_decision, c.SignDecision(decision_id), _("Đã ký quyết định."),
               url_for(".detail", decision_id=decision_id))


@bp.post("/decisions/<uuid:decision_id>/discard")
@role_required(Role.SECRETARIAT)
def discard(decision_id: UUID) -> tuple[str, int] | Response:
    """Discard an unsigned draft with a reason: its dossiers go back to await a decision."""
    form = ReasonForm(prefix="discard")
    if not form.validate_on_submit():
        return render_detail(decision_id, 422, form)
    return act(services().discard_decision, c.DiscardDecision(decision_id, form.reason.data.strip()),
               _("Đã hủy bỏ dự thảo quyết định; các hồ sơ trở lại chờ quyết định."),
               url_for(".detail", decision_id=decision_id))


def document_context(decision: dict) -> dict:
    """What the printed decision needs besides the decision itself: issuer, parent body, signer, names."""
    conn = read_conn()
    issuer = or_404(queries.get_unit(conn, decision["issuer_id"]))
    units = {u["unit_id"]: u for u in queries.list_units(conn)}
    people = {p["person_id"]: p for unit_id in {i["unit_id"] for i in decision["items"]}
              for p in queries.list_people(conn, unit_id)}
    return {
        "issuer": issuer, "parent": units.get(issuer["parent_id"]),
        "signer": queries.get_person(conn, decision["signer_id"]) or {},
        "people": people, "units": units,
        "categories": {code: spec["category"] for code, spec in title_catalogue(decision["decision_date"]).items()},
    }


def pdf_response(body: bytes, filename: str) -> Response:
    """A PDF download; werkzeug encodes the Vietnamese file name (RFC 6266 filename*)."""
    return send_file(io.BytesIO(body), mimetype="application/pdf", as_attachment=True, download_name=filename)


def file_stem(decision: dict) -> str:
    return "quyet-dinh-" + decision["number"].replace("/", "-")


@bp.get("/decisions/<uuid:decision_id>.pdf")
@login_required
def pdf(decision_id: UUID) -> Response:
    """The decision in the national administrative layout, with the attached list and amounts."""
    decision = decision_or_404(decision_id)
    body = current_app.extensions["documents"].decision_pdf(decision, **document_context(decision))
    return pdf_response(body, f"{file_stem(decision)}.pdf")


@bp.get("/decisions/<uuid:decision_id>/certificates.pdf")
@login_required
def certificates(decision_id: UUID) -> Response:
    """One printable certificate per awardee, numbered as in the decision («Số sổ vàng»)."""
    decision = decision_or_404(decision_id)
    if decision["status"] == "drafted":
        abort(404)
    body = current_app.extensions["documents"].certificates_pdf(decision, **document_context(decision))
    return pdf_response(body, f"{file_stem(decision)}-giay-chung-nhan.pdf")
