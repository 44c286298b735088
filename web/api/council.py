"""Council sessions (phiên họp Hội đồng TĐKT): results only; the API never links a voter to a ballot."""

from __future__ import annotations

from uuid import UUID

from marshmallow import fields

from projections import queries
from web.api.base import api_blueprint, found, page, window
from web.context import read_conn, services
from web.response_cache import cached_read
from web.api.schemas.common import PageArgsSchema, page_envelope
from web.api.schemas.reads import CouncilSessionSchema, CouncilSessionSummarySchema

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


@blp.route("/council-sessions/<uuid:session_id>/tally-proof")
@blp.response(200)
def get_tally_proof(session_id: UUID) -> dict:
    """Everything needed to check a session's count without trusting the server: the trustees' public shares,
    every encrypted ballot (with its tracking code and proofs), the sums, the partial decryptions with their
    proofs, the published totals (docs/ballot.md; `thidua verify-tally`)."""
    return services().get_tally_proof(session_id)
