"""Auditor pages (kiểm toán, thanh tra): verify the ledger, what changed between two moments, and why an
award was granted. They read the ledger through the audit service and change nothing."""

from __future__ import annotations

from uuid import UUID

from flask import request
from flask_babel import gettext as _

from domain.exceptions import DomainError
from domain.values import Role
from projections.queries.audit import trail_lines_at
from web.auth import role_required
from web.context import read_conn, services
from web.moments import parse_moment
from web.pages.common import render_page, ui_blueprint
from web.pages.paging import paging

bp = ui_blueprint("audit_pages", __name__)
READERS = (Role.AUDITOR, Role.ADMIN)


@bp.get("/audit")
@role_required(*READERS)
def index() -> str:
    """The ledger's verification (hash chain over every event) and the form to compare two moments."""
    return render_page("audit/index.html", verification=services().verify_ledger())


@bp.get("/audit/diff")
@role_required(*READERS)
def diff() -> str:
    """Every step recorded between two moments (positions or times), a page at a time: by whom, in which
    role, why."""
    since, until = request.args.get("from", "").strip(), request.args.get("to", "").strip()
    errors, changes = [], None
    try:
        changes = services().diff(parse_moment(since), parse_moment(until))
    except ValueError:
        errors.append(_("Cần một vị trí sự kiện (số) hoặc một thời điểm ISO 8601."))
    except DomainError as error:
        errors.append(error.message)
    shown = paging(len(changes["changes"])) if changes else None
    steps = shown.rows(changes["changes"]) if shown else []
    lines = trail_lines_at(read_conn(), [step["position"] for step in steps])
    return render_page("audit/diff.html", since=since, until=until, changes=changes, errors=errors,
                       steps=steps, lines=lines, steps_paging=shown)


@bp.get("/audit/nominations/<uuid:nomination_id>")
@role_required(*READERS)
def explain(nomination_id: UUID) -> str:
    """Everything a decided nomination rested on, as of the decision's signing, with the seal over it."""
    return render_page("audit/explain.html", explanation=services().explain_award(nomination_id))
