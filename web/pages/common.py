"""What every page module shares: blueprints with HTML error pages, running a command (PRG), flashes,
business date, evidence files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from domain import commands as c
from domain.clock import local_date
from domain.exceptions import DomainError
from projections import queries
from projections.queries.directory import successor_chains
from web.auth import current_actor
from web.context import container, live_conn, read_conn, services
from web.pages.labels import title_label


def ui_blueprint(name: str, import_name: str) -> Blueprint:
    """A page blueprint whose 403/404/413 answers are HTML pages in the user's language."""
    bp = Blueprint(name, import_name)
    for code in (403, 404, 413):
        bp.register_error_handler(code, error_page)
    return bp


def error_page(error: HTTPException) -> tuple[str, int]:
    messages = {
        403: _("Vai trò bạn đang dùng không được mở trang này. Hãy đổi vai trò hoặc đăng nhập bằng tài khoản khác."),
        404: _("Không tìm thấy trang hoặc mục được yêu cầu."),
    }
    code = error.code or 500
    return render_page("error.html", code=code, message=messages.get(code, error.description)), code


def or_404(found: Any) -> Any:
    """What a read function found, or a 404 page when it found nothing."""
    if found is None:
        abort(404)
    return found


def render_page(template: str, **context: Any) -> str:
    """Render a page with the read models' position ("as of event #N") and who is signed in."""
    return render_template(template, as_of=queries.as_of(read_conn()), me=signed_in_person(), title_label=title_label,
                           campaign_refusal=campaign_refusal, **context)


CAMPAIGN_CHECKS = {  # an action on a campaign -> the domain's check for it now
    "sign_up": "ensure_within_period", "report": "ensure_within_period", "nominate": "ensure_active",
}


def campaign_refusal(campaign_id: UUID, action: str) -> str | None:
    """Why the campaign would refuse `action` now (the domain's own message), or None: a page offers only
    what the rules allow and says why not otherwise."""
    campaign = services().repository.get(campaign_id)
    try:
        getattr(campaign, CAMPAIGN_CHECKS[action])(services().now())
    except DomainError as refusal:
        return refusal.message
    return None


def signed_in_person() -> dict | None:
    """The signed-in person as the directory knows them today (name, unit or its successor), for the header."""
    person_id = getattr(current_user, "person_id", None) if current_user.is_authenticated else None
    person = queries.get_person(live_conn(), person_id) if person_id else None
    successors = successor_chains(live_conn()).get(person["unit_id"]) if person else None
    if successors:  # a merged unit: the person works in the unit that took it over
        person["unit_name"] = queries.get_unit(live_conn(), successors[-1])["name"]
    return person


def execute(method: Callable[..., Any], cmd: Any) -> Any:
    """Run a command as the current actor and make sure the read models show it (read-your-writes)."""
    result = method(current_actor(), cmd)
    position = result if isinstance(result, int) else services().recorder.max_notification_id() or 0
    container().settle(position)
    return result


def act(method: Callable[..., Any], cmd: Any, success: str, target: str | None = None) -> Response:
    """POST-redirect-GET for a button: run, flash the outcome, go to `target` (or back)."""
    try:
        execute(method, cmd)
    except DomainError as error:
        flash_error(error)
    else:
        flash(success, "success")
    return redirect(target or back(), 303)


def execute_form(
    method: Callable[..., Any], cmd: Any, success: str, target: str | Callable[[Any], str],
) -> Response | None:
    """For a form page: redirect on success (PRG); on refusal flash why and return None to show the form again."""
    try:
        result = execute(method, cmd)
    except DomainError as error:
        flash_error(error)
        return None
    flash(success, "success")
    return redirect(target(result) if callable(target) else target, 303)


def flash_error(error: DomainError) -> None:
    """The domain's message (in Vietnamese; a refusal by a rule names its article)."""
    flash(_("Không thực hiện được: %(message)s", message=error.message), "error")


def back() -> str:
    """The page the form came from (same site only), else the dashboard."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if referrer and parts.netloc == request.host:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return url_for("ui.home")


def today() -> date:
    """Business date (Vietnam) by the application's clock."""
    return local_date(services().now())


def save_evidence(files: list | None, unit_id: UUID) -> list[dict]:
    """Store uploaded files by content hash and record each as uploaded for the unit (EvidenceUploaded); a
    report or dossier of the unit cites them by {name, sha256, size, content_type}."""
    store = current_app.extensions["evidence"]
    saved = [store.save(f.stream, f.filename or "tệp", f.mimetype or "application/octet-stream") for f in files or []]
    return [services().record_evidence(current_actor(), c.RecordEvidence(unit_id, **ref)) for ref in saved]


def parse_uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None
