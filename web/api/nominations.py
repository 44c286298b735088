"""Nominations (hồ sơ đề nghị khen thưởng): lists by stage, title and unit; one dossier; eligibility;
pipeline counts; public postings (công khai)."""

from __future__ import annotations

from uuid import UUID

from flask_smorest import abort
from marshmallow import fields

from domain.rules.read_access import Kind, Reader
from projections import queries
from web.api.base import api_blueprint, found, page, page_of, public, window
from web.context import read_conn, services
from web.read_access import require, visible_window
from web.response_cache import cached_read
from web.api.schemas.common import PageArgsSchema, page_envelope
from web.api.schemas.reads import EligibilitySchema, NominationSchema, NominationSummarySchema, PipelineCountSchema

blp = api_blueprint("api_nominations", "Hồ sơ đề nghị khen thưởng: danh sách, hồ sơ, điều kiện, công khai")
NOT_FOUND = "Không tìm thấy hồ sơ đề nghị."


class NominationArgsSchema(PageArgsSchema):
    campaign_id = fields.UUID()
    stage = fields.String()
    title_code = fields.String()
    unit_id = fields.UUID()


class PostingArgsSchema(PageArgsSchema):
    on = fields.Date(metadata={"description": "only postings still open on this date"})


@blp.route("/nominations")
@cached_read
@blp.etag
@blp.arguments(NominationArgsSchema, location="query")
@blp.response(200, page_envelope(NominationSummarySchema))
def list_nominations(args: dict) -> dict:
    """Nominations, filtered by campaign, stage, title and unit.

    Personal data (Decree 13/2023): only the dossiers the token may read are listed: admin and auditor all;
    unit head and clerk their unit's (and merged units'); secretariat and council those before their issuer;
    a signer those of decisions they sign; an integration token with scope `dossiers` its units'."""
    filters = {k: args.get(k) for k in ("campaign_id", "stage", "title_code", "unit_id")}

    def rows(limit: int | None, offset: int, reader: Reader | None = None) -> tuple[list[dict], int]:
        return queries.list_nominations(read_conn(), **filters, limit=limit, offset=offset, visible_to=reader)

    items, total = visible_window(rows, Kind.DOSSIERS, "nomination_id", **window(args),
                                  readable=lambda reader, limit, offset: rows(limit, offset, reader))
    return page(items, total, args)


@blp.route("/nominations/<uuid:nomination_id>")
@cached_read
@blp.etag
@blp.response(200, NominationSchema)
def get_nomination(nomination_id: UUID) -> dict:
    """One dossier with its stage, posting, objections, council counts and outcome.

    Personal data: 403 unless the token may read this dossier (see the list of nominations)."""
    dossier = found(queries.get_nomination(read_conn(), nomination_id), NOT_FOUND)
    require(Kind.DOSSIERS, nomination_id)
    return dossier


@blp.route("/nominations/<uuid:nomination_id>/eligibility")
@blp.etag
@blp.response(200, EligibilitySchema)
def get_eligibility(nomination_id: UUID) -> dict:
    """Whether the nominee meets the title's criteria today, with every unmet criterion and its article.

    Personal data: 403 unless the token may read this dossier (see the list of nominations)."""
    found(queries.get_nomination(read_conn(), nomination_id), NOT_FOUND)
    require(Kind.DOSSIERS, nomination_id)
    return services().get_eligibility(nomination_id)


@blp.route("/campaigns/<uuid:campaign_id>/pipeline")
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(PipelineCountSchema))
def pipeline_counts(args: dict, campaign_id: UUID) -> dict:
    """How many dossiers stand at each stage, by title and unit."""
    if queries.get_campaign(read_conn(), campaign_id) is None:
        abort(404, message="Không tìm thấy phong trào.")
    return page_of(queries.pipeline_counts(read_conn(), campaign_id), args)


@blp.route("/postings")
@public
@cached_read
@blp.etag
@blp.arguments(PostingArgsSchema, location="query")
@blp.response(200, page_envelope(NominationSummarySchema))
def list_public_postings(args: dict) -> dict:
    """Dossiers posted publicly, with the last day for objections and how many are still open."""
    return page_of(queries.list_public_postings(read_conn(), on=args.get("on")), args)
