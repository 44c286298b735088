"""The inbox (việc cần xử lý): what waits for the person in the role they act in, oldest first."""

from __future__ import annotations

from flask_login import current_user, login_required

from domain.values import Stage
from projections import queries
from web.auth import acting_role, current_grants
from web.context import read_conn, services
from web.ui_common import render_page, ui_blueprint
from web.ui_nominations import offered_actions, return_choices

bp = ui_blueprint("inbox", __name__)
INBOX_ACTIONS = ("approve", "return", "reject")


def my_inbox() -> list[dict]:
    """Items waiting for the acting role (the other roles' items show when the person switches role)."""
    role = acting_role()
    grants = [(r, scope) for r, scope in current_grants() if role is not None and r == role.value]
    return queries.list_inbox(read_conn(), current_user.person_id, grants, now=services().now()) if grants else []


@bp.get("/inbox")
@login_required
def inbox() -> str:
    """Each item with its age and deadline; a dossier offers approve / return / reject right here."""
    items = my_inbox()
    for item in items:
        if item["item_kind"] == "nomination":
            stage = Stage(item["stage"])
            item["actions"] = [a for a in offered_actions(stage, acting_role(), 0) if a in INBOX_ACTIONS]
            item["return_choices"] = return_choices(stage)
    return render_page("inbox/index.html", items=items)
