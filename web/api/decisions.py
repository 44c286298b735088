"""Award decisions (quyết định khen thưởng) with money per item and totals; exports; award history."""

from __future__ import annotations

from uuid import UUID

from flask import Response, current_app
from marshmallow import fields

from domain.rules.read_access import Kind, decision_kind, published
from projections import queries
from web.api.base import SPREADSHEET, api_blueprint, download, found, page, public, window
from web.context import read_conn
from web.read_access import require, visible_window
from web.response_cache import cached_read
from web.api.schemas.common import YEAR, PageArgsSchema, page_envelope
from web.api.schemas.reads import AwardHistorySchema, DecisionSchema, DecisionSummarySchema

blp = api_blueprint("api_decisions", "Quyết định khen thưởng, danh sách kèm theo, tiền thưởng; lịch sử khen thưởng")
NOT_FOUND = "Không tìm thấy quyết định."


class DecisionArgsSchema(PageArgsSchema):
    issuer_id = fields.UUID()
    year = fields.Integer(validate=YEAR)
    status = fields.String()


@blp.route("/decisions")
@public
@cached_read
@blp.etag
@blp.arguments(DecisionArgsSchema, location="query")
@blp.response(200, page_envelope(DecisionSummarySchema))
def list_award_decisions(args: dict) -> dict:
    """Decisions, latest first, with their count of awardees and total amount.

    Personal data: signed decisions are public; a draft (or a discarded one) is listed only to those who may
    read it as a dossier: admin, auditor, the issuer's secretariat and council, its signer, the head and
    clerk of an awardee's unit, and integration tokens with scope `dossiers` for such a unit."""
    filters = {k: args.get(k) for k in ("issuer_id", "year", "status")}

    def rows(limit: int | None, offset: int) -> tuple[list[dict], int]:
        return queries.list_award_decisions(read_conn(), **filters, limit=limit, offset=offset)

    items, total = visible_window(rows, Kind.DOSSIERS, "decision_id", **window(args), public=published)
    return page(items, total, args)


def readable(decision_id: UUID) -> dict:
    """The decision, or 404; a draft only to those who may read it (403 otherwise)."""
    decision = found(queries.get_award_decision(read_conn(), decision_id), NOT_FOUND)
    require(decision_kind(decision["status"]), decision_id)
    return decision


@blp.route("/decisions/<uuid:decision_id>")
@public
@cached_read
@blp.etag
@blp.response(200, DecisionSchema)
def get_award_decision(decision_id: UUID) -> dict:
    """A decision with each item's coefficient, base salary, amount, whether it is paid, and the article.

    Personal data: a draft is read only by those the list of decisions names (403 to others)."""
    return readable(decision_id)


@blp.route("/decisions/<uuid:decision_id>/export.<any(xlsx, csv):fmt>")
@public
@blp.doc(responses=SPREADSHEET)
def export_award_decision(decision_id: UUID, fmt: str) -> Response:
    """The list attached to the decision as a spreadsheet (XLSX or CSV); a draft's as the decision."""
    decision = readable(decision_id)
    return download(current_app.extensions["thidua_exports"].decision(decision, fmt))


@blp.route("/people/<uuid:subject_id>/awards")
@cached_read
@blp.etag
@blp.response(200, AwardHistorySchema)
def person_award_history(subject_id: UUID) -> dict:
    """A person's awards across years (revoked ones marked) and annual ratings.

    Personal data (ratings): 403 unless the token is admin or auditor, head or clerk of the person's unit (or
    of the unit it merged into), secretariat or council member of an issuer a dossier naming the person is
    before, the signer of a decision naming them, or an integration token with scope `ratings` for the unit."""
    found(queries.get_person(read_conn(), subject_id), "Không tìm thấy người.")
    require(Kind.RATINGS, subject_id)
    return history(subject_id, queries.award_history(read_conn(), subject_id))


@blp.route("/units/<uuid:subject_id>/awards")
@cached_read
@blp.etag
@blp.response(200, AwardHistorySchema)
def unit_award_history(subject_id: UUID) -> dict:
    """A unit's own awards and those of its people, and the unit's annual ratings.

    Personal data (ratings): read as a person's (see the person's awards), 403 otherwise."""
    found(queries.get_unit(read_conn(), subject_id), "Không tìm thấy đơn vị.")
    require(Kind.RATINGS, subject_id)
    return history(subject_id, queries.unit_award_history(read_conn(), subject_id))


def history(subject_id: UUID, awards: list[dict]) -> dict:
    return found({"subject_id": subject_id, "awards": awards, "ratings": queries.ratings_of(read_conn(), subject_id)}, "")

