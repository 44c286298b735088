"""The inbox (việc cần xử lý): what waits for the person in the role they act in, oldest first — dossiers to
prepare, approve, check and post, objections, reports, ballots to cast, decisions to sign; for an auditor
or an administrator, the latest changes to inspect."""

from __future__ import annotations

from flask import session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from domain.clock import local_date
from domain.exceptions import DomainError
from domain.nomination import APPROVAL_STEPS
from domain.values import Role, Stage
from projections import queries
from projections.queries.inbox import recent_changes
from web.auth import ROLE_KEY, acting_role, choose_role, current_grants, granted_roles
from web.context import read_conn, services
from web.pages.common import render_page, ui_blueprint
from web.pages.labels import title_label
from web.pages.nominations import offered_actions, return_choices

bp = ui_blueprint("inbox", __name__)
INBOX_ACTIONS = ("approve", "return", "reject")
INSPECTORS = (Role.AUDITOR, Role.ADMIN)
WAITING = {  # what a dossier waits for, by its stage
    "drafted": _l("Chờ hoàn thiện hồ sơ"), "submitted": _l("Chờ duyệt cấp đơn vị"), "unit_approved": _l("Chờ kiểm tra hồ sơ"),
    "checked": _l("Chờ công khai"), "posted": _l("Đang công khai"), "voted": _l("Chờ dự thảo quyết định"),
}
ITEM_WAITING = {
    "report_due": _l("Đến kỳ báo cáo"), "ballot": _l("Chờ bạn bỏ phiếu"), "decision": _l("Chờ ký"),
    "change": _l("Thay đổi gần đây"),
}


def items_for(role: Role | None) -> list[dict]:
    """The items waiting for `role` as the signed-in person holds it."""
    grants = [(r, scope) for r, scope in current_grants() if role is not None and r == role.value]
    return queries.list_inbox(read_conn(), current_user.person_id, grants, now=services().now()) if grants else []


def waiting_for(role: Role | None) -> list[dict]:
    """The items waiting for `role`; an auditor's or administrator's are the latest changes."""
    return recent_changes_items() if role in INSPECTORS else items_for(role)


def recent_changes_items() -> list[dict]:
    today = local_date(services().now())
    return [{
        "item_kind": "change", "item_id": change["item_id"], "position": change["position"], "title": change["summary"],
        "subject_name": change["actor_name"], "unit_name": None, "since_at": change["at"], "deadline": None, "note": None,
        "age_days": (today - local_date(change["at"])).days, "stage": change["event_type"],
    } for change in recent_changes(read_conn())]


def my_inbox() -> list[dict]:
    """Items waiting for the acting role, in words. Until the person picks a role, they act in the one of
    their roles whose work has waited longest (the other roles' items show when they switch)."""
    role = acting_role()
    items = waiting_for(role)
    if ROLE_KEY not in session:
        waiting = [(found[0]["since_at"], r, found) for r in granted_roles() if (found := items if r == role else waiting_for(r))]
        if waiting:
            _since, role, items = min(waiting, key=lambda w: w[0])
            choose_role(role)
    return [described(item, role) for item in items]


def described(item: dict, role: Role | None) -> dict:
    """The item in words (titles by name, what it waits for) and the actions the rules would allow now."""
    if item["item_kind"] == "nomination":
        item["title"] = _l("Hồ sơ đề nghị «%(title)s»", title=title_label(item["title_code"]))
        item["waiting"] = WAITING.get(item["stage"])
        stage = Stage(item["stage"])
        item["actions"] = [a for a in offered_actions(stage, role, 0) if a in INBOX_ACTIONS]
        item["refusal"] = approval_refusal(item, stage) if "approve" in item["actions"] else None
        if item["refusal"]:
            item["actions"].remove("approve")
        item["return_choices"] = return_choices(stage)
    else:
        item["waiting"] = ITEM_WAITING.get(item["item_kind"])
    return item


def approval_refusal(item: dict, stage: Stage) -> str | None:
    """Why the domain would refuse this person the approval step on this dossier, if it would."""
    nomination = services().repository.get(item["item_id"])
    try:
        nomination.check_capacity(current_user.person_id, APPROVAL_STEPS[stage].value)
    except DomainError as refusal:
        return refusal.message
    return None


@bp.get("/inbox")
@login_required
def inbox() -> str:
    """Each item with its age and deadline; a dossier offers approve / return / reject right here."""
    return render_page("inbox/index.html", items=my_inbox())
