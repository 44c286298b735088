"""JSON API under /api/v1 (flask-smorest): campaigns, participants, standings and targets; `init_api`
registers every API blueprint, the OpenAPI document and its browsable page (served offline)."""

from __future__ import annotations

from uuid import UUID

import swagger_ui_bundle
from flask import Blueprint as FlaskBlueprint
from flask import Flask, Response, current_app, send_from_directory
from apispec import BasePlugin
from flask_smorest import Api, abort

from domain.rules.read_access import SCOPES
from projections import queries
from web.api import bonus as api_bonus
from web.api import commands as api_commands
from web.api import council as api_council
from web.api import decisions as api_decisions
from web.api import directory as api_directory
from web.api import evidence as api_evidence
from web.api import feed as api_feed
from web.api import imports as api_imports
from web.api import statistics as api_statistics
from web.api import calendar as api_calendar
from web.api import nominations as api_nominations
from web.api import paperwork as api_paperwork
from web.api import search as api_search
from web.api import webhooks as api_webhooks
from web.api.links import Links
from web.api.parameters import PrintablePathParameters
from web.api.responses import ErrorResponses
from web.api.base import SPREADSHEET, api_blueprint, download, found, init_access, page, page_of, public, window
from web.context import read_conn
from web.moments import MomentField
from web.response_cache import cached_read
from web.api.schemas.common import (
    POSITION_OR_MOMENT, CampaignSchema, CampaignSummarySchema, ErrorSchema, PageArgsSchema, page_envelope,
)
from web.api.schemas.reads import ParticipantSchema, StandingSchema, TargetAttainmentSchema

blp = api_blueprint("api", "Phong trào thi đua: nội dung, chỉ tiêu, đơn vị tham gia, xếp hạng")
assets = FlaskBlueprint("api_assets", __name__, url_prefix="/api/v1/swagger-ui")
BLUEPRINTS = (
    blp, api_nominations.blp, api_council.blp, api_decisions.blp, api_bonus.blp, api_directory.blp, api_feed.blp,
    api_commands.blp, api_evidence.blp, api_imports.blp, api_paperwork.blp, api_statistics.blp,
    api_search.blp, api_calendar.blp, api_webhooks.blp,
)
NO_CAMPAIGN = "Không tìm thấy phong trào."
READ_POLICY = (  # domain.rules.read_access, as each personal route's description applies it
    "Personal data (Decree 13/2023/NĐ-CP) is read by need, by the token's role where its person holds it: admin and "
    "auditor read everything; unit head and clerk their unit's and its merged units'; secretariat and council "
    "member the dossiers before their issuer and those nominees' ratings and discipline; a signer those of the "
    "decisions they sign; an integration token only the kinds its scopes name, for its units: "
    + ", ".join(f"`{scope}`" for scope in SCOPES) + " (none: public data only; `thidua token create --scope`). "
    "Refused reads are 403; lists leave out what the token may not read; the event feed redacts it."
)


class AsOfParameter(BasePlugin):
    """Documents `?as_of=` and `?on=` on every read of the read models (web.context.read_conn answers for the past)."""

    LEDGER_READS = ("/api/v1/events", "/api/v1/audit/", "/api/v1/openapi.json", "/api/v1/webhooks")  # the ledger itself (webhooks: and their delivery state)
    LIVE_READS = ("/eligibility", "/rulebook", "/tally-proof", "/holiday-years/{year}")  # computed by the domain, from the ledger
    PARAMETER = {
        "in": "query", "name": "as_of", "required": False, "allowEmptyValue": True, "schema": POSITION_OR_MOMENT,
        "description": "Đọc như tại một vị trí sự kiện (số) hoặc một thời điểm ISO 8601 (read as of an event position or time).",
    }
    ON_PARAMETER = {
        "in": "query", "name": "on", "required": False, "allowEmptyValue": True, "schema": {"type": "string", "format": "date"},
        "description": "Đọc tình hình có hiệu lực vào một ngày nghiệp vụ, theo sổ cái hiện nay (read what was in force on "
                       "a business date, as the ledger knows it now; not with as_of).",
    }

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **_kwargs: object) -> None:
        get = (operations or {}).get("get")
        if get is None or (path or "").startswith(self.LEDGER_READS) or (path or "").endswith(self.LIVE_READS):
            return
        parameters = get.setdefault("parameters", [])
        for parameter in (self.PARAMETER, self.ON_PARAMETER):
            if not any(p.get("name") == parameter["name"] for p in parameters if isinstance(p, dict)):
                parameters.append(parameter)


class ThiduaApi(Api):
    """flask-smorest with our error body; each operation documents its own error statuses (web.api.responses)."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None


def init_api(app: Flask) -> Api:
    """Register the API blueprints; the OpenAPI page loads Swagger UI from the local bundle (no CDN),
    started by a static script (templates/swagger_ui.html overrides flask-smorest's inline one)."""
    app.config.setdefault("OPENAPI_SWAGGER_UI_PATH", "docs")
    app.config.setdefault("OPENAPI_SWAGGER_UI_URL", "/api/v1/swagger-ui/")
    app.config.setdefault("OPENAPI_SWAGGER_UI_CONFIG", {"validatorUrl": None})  # no badge fetched from swagger.io
    app.config.setdefault("API_SPEC_OPTIONS", {"security": [{"bearerAuth": []}]})  # public ones say so (web.api.base.public)
    init_access(app)
    api = ThiduaApi(app, spec_kwargs={"extra_plugins": [AsOfParameter(), PrintablePathParameters(), ErrorResponses(), Links()]})
    api.register_field(MomentField, None, None)  # a position or an instant: its metadata says which (anyOf)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "description": READ_POLICY})
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(assets)
    return api


def campaign_found(campaign_id: UUID) -> None:
    """A JSON 404 unless the campaign exists (one query; its content and targets are not needed)."""
    if not queries.campaign_exists(read_conn(), campaign_id):
        abort(404, message=NO_CAMPAIGN)


@assets.get("/<path:filename>")
def swagger_ui_asset(filename: str) -> Response:
    return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename, max_age=86400)


@blp.route("/campaigns")
@public
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(CampaignSummarySchema))
def list_campaigns(args: dict) -> dict:
    """Campaigns (phong trào thi đua), newest period first."""
    items, total = queries.list_campaigns(read_conn(), **window(args))
    return page(items, total, args)


@blp.route("/campaigns/<uuid:campaign_id>")
@public
@cached_read
@blp.etag
@blp.response(200, CampaignSchema)
def get_campaign(campaign_id: UUID) -> dict:
    """One campaign with its theme, legal bases, content areas and targets."""
    return found(queries.get_campaign(read_conn(), campaign_id), NO_CAMPAIGN)


@blp.route("/campaigns/<uuid:campaign_id>/participants")
@public
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(ParticipantSchema))
def list_participants(args: dict, campaign_id: UUID) -> dict:
    """Units and people signed up (đăng ký thi đua), with the state of their sign-up."""
    campaign_found(campaign_id)
    return page_of(queries.list_participants(read_conn(), campaign_id), args)


@blp.route("/campaigns/<uuid:campaign_id>/standings")
@public
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(StandingSchema))
def get_standings(args: dict, campaign_id: UUID) -> dict:
    """Ranked standings: each participant's latest values, weighted score and rank (per cluster)."""
    campaign_found(campaign_id)
    return page_of(queries.get_standings(read_conn(), campaign_id), args)


@blp.route("/campaigns/<uuid:campaign_id>/targets")
@public
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(TargetAttainmentSchema))
def get_target_attainment(args: dict, campaign_id: UUID) -> dict:
    """Each target's attainment: reported values, or awards and ratings against the population."""
    campaign_found(campaign_id)
    return page_of(queries.get_target_attainment(read_conn(), campaign_id), args)


@blp.route("/campaigns/<uuid:campaign_id>/standings/export.<any(xlsx, csv):fmt>")
@public
@blp.doc(responses=SPREADSHEET)
def export_standings(campaign_id: UUID, fmt: str) -> Response:
    """The standings as a spreadsheet (XLSX or CSV)."""
    campaign = found(queries.get_campaign(read_conn(), campaign_id), NO_CAMPAIGN)
    export = current_app.extensions["thidua_exports"].standings(campaign, queries.get_standings(read_conn(), campaign_id), fmt)
    return download(export)
