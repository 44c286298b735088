"""Council sessions (phiên họp Hội đồng TĐKT): results only; the API never links a voter to a ballot."""

from __future__ import annotations

from uuid import UUID

from marshmallow import fields

from projections import queries
from web.api_base import api_blueprint, found, page, window
from web.context import read_conn
from web.response_cache import cached_read
from web.schemas import PageArgsSchema, page_envelope
from web.schemas_reads import CouncilSessionSchema, CouncilSessionSummarySchema

blp = api_blueprint("api_council", "Phiên họp Hội đồng: số thành viên, có mặt, kết quả biểu quyết theo hồ sơ")


class SessionArgsSchema(PageArgsSchema):
    council_unit_id = fields.UUID()


@blp.route("/council-sessions")
@cached_read
@blp.etag
@blp.arguments(SessionArgsSchema, location="query")
@blp.response(200, page_envelope(CouncilSessionSummarySchema))
def list_council_sessions(args: dict) -> dict:
    """Sessions, latest meeting first."""
    items, total = queries.list_council_sessions(read_conn(), council_unit_id=args.get("council_unit_id"), **window(args))
    return page(items, total, args)


@blp.route("/council-sessions/<uuid:session_id>")
@cached_read
@blp.etag
@blp.response(200, CouncilSessionSchema)
def get_council_session(session_id: UUID) -> dict:
    """A session with yes/no/abstain counts, the required yes votes and the outcome per dossier."""
    return found(queries.get_council_session(read_conn(), session_id), "Không tìm thấy phiên họp.")
