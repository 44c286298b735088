"""HTML pages (server-rendered, Vietnamese first): the dashboard, item histories, evidence downloads,
and the registration of every page module."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from flask import Flask, abort, current_app, request, send_file
from flask_babel import format_decimal
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from domain.clock import VIETNAM
from domain.rules.read_access import trail_kind
from domain.values import Role
from projections import queries
from web.pages import admin as ui_admin
from web.pages import audit as ui_audit
from web.pages import auth as ui_auth
from web.pages import campaigns as ui_campaigns
from web.pages import council as ui_council
from web.pages import decisions as ui_decisions
from web.pages import inbox as ui_inbox
from web.pages import nominations as ui_nominations
from web.pages import paperwork as ui_paperwork
from web.pages import public as ui_public
from web.pages import review as ui_review
from web.pages import search as ui_search
from web.pages import statistics as ui_statistics
from web.auth import acting_role
from web.context import read_conn
from web.formatting import FILTERS
from web.read_access import require, require_file
from web.security import download_name
from web.pages.common import render_page, ui_blueprint
from web.pages.labels import (
    APPLIES_TO_LABELS, CAMPAIGN_STATUS_LABELS, KIND_LABELS, item_stage_label, role_label, stage_label,
)

bp = ui_blueprint("ui", __name__)
LANGUAGE_COOKIE_DAYS = 365
DASHBOARD_CAMPAIGNS = 12  # the most recent; the charts are computed for the ones under way
BLUEPRINTS = (
    bp, ui_auth.bp, ui_inbox.bp, ui_campaigns.bp, ui_nominations.bp, ui_review.bp, ui_public.bp, ui_council.bp,
    ui_decisions.bp, ui_audit.bp, ui_admin.bp, ui_paperwork.bp, ui_statistics.bp, ui_search.bp,
)


def register(app: Flask) -> None:
    """Every page blueprint, the template helpers, and the language cookie."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.context_processor(template_helpers)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["money"] = format_decimal
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.filters["vn_date"] = lambda d: d.strftime("%d/%m/%Y") if d else ""
    app.jinja_env.filters["vn_time"] = lambda at: at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M") if at else ""
    app.after_request(remember_language)


def template_helpers() -> dict:
    return {
        "acting_role": acting_role, "role_label": role_label, "stage_label": stage_label, "Role": Role,
        "item_stage_label": item_stage_label,
        "campaign_status_label": lambda s: CAMPAIGN_STATUS_LABELS.get(s, s),
        "kind_label": lambda k: KIND_LABELS.get(k, k),
        "applies_to_label": lambda a: APPLIES_TO_LABELS.get(a, a or ""),
    }


def remember_language(response: Response) -> Response:
    """`?lang=en` (or `vi`) is remembered in a cookie for the next pages."""
    lang = request.args.get("lang")
    if lang in ("vi", "en") and request.cookies.get("lang") != lang:
        response.set_cookie("lang", lang, max_age=LANGUAGE_COOKIE_DAYS * 86400, samesite="Lax")
    return response


@bp.get("/")
def home() -> str:
    """Dashboard: my inbox (when signed in) and every campaign with its progress."""
    conn = read_conn()
    campaigns, _total = queries.list_campaigns(conn, limit=DASHBOARD_CAMPAIGNS)
    progress = {
        c["campaign_id"]: queries.get_target_attainment(conn, c["campaign_id"]) if c["status"] == "launched" else []
        for c in campaigns
    }
    inbox = ui_inbox.my_inbox() if current_user.is_authenticated else []
    return render_page("index.html", campaigns=campaigns, progress=progress, inbox=inbox)


@bp.get("/history/<uuid:item_id>")
@login_required
def history(item_id: UUID) -> str:
    """An item's audit trail: every step, who took it, in which role, when and why (read as the API's)."""
    trail = queries.audit_trail(read_conn(), item_id)
    if not trail:
        abort(404)
    require(trail_kind(trail[0]["aggregate_type"]), item_id)
    return render_page("history.html", trail=trail)


@bp.get("/evidence/<sha256>")
@login_required
def evidence(sha256: str) -> Response:
    """An evidence file by its content hash (the name to save it under comes with the link), for those
    who may read what cites it."""
    store = current_app.extensions["evidence"]
    if not store.exists(sha256):
        abort(404)
    require_file(sha256)
    return send_file(store.path_of(sha256), as_attachment=True, download_name=download_name(request.args.get("name") or sha256))


FAVICON = (Path(__file__).parent.parent / "static" / "favicon.ico").read_bytes()


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site's icon where browsers look for it, served from memory (no file left open by a browser that
    leaves before the download ends)."""
    return Response(FAVICON, mimetype="image/vnd.microsoft.icon", headers={"Cache-Control": "public, max-age=86400"})
