"""Search (tìm kiếm) across people, units, dossiers and decisions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from projections.queries.search import search as search_read_models
from web.api.base import api_blueprint
from web.context import read_conn
from web.read_access import current_reader

blp = api_blueprint("api_search", "Tìm kiếm cán bộ, đơn vị, hồ sơ và quyết định")
QUERY_MAX = 200


class SearchArgsSchema(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=QUERY_MAX), metadata={
        "description": "words (with or without diacritics), a decision number, or a citizen ID (12 digits)",
    })
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class SearchResultSchema(Schema):
    item_id = fields.UUID()
    kind = fields.String(metadata={"description": "person | unit | nomination | decision"})
    title = fields.String(metadata={"description": "a name, or a decision's number"})
    detail = fields.String(metadata={"description": "a position, a short name, a title and year, or a subject"})
    status = fields.String(allow_none=True, metadata={"description": "a decision's status"})


class SearchResultsSchema(Schema):
    items = fields.List(fields.Nested(SearchResultSchema))


@blp.route("/search")
@blp.arguments(SearchArgsSchema, location="query")
@blp.response(200, SearchResultsSchema)
def search(args: dict) -> dict:
    """People, units, dossiers and decisions matching every word, best first ("nguyen van a" finds "Nguyễn Văn A").

    Personal data (Decree 13/2023): people and units by name, and signed decisions, for any token; a dossier, or a
    decision not yet signed, only for those who may read that dossier; a citizen ID finds its person only for
    those who may read that person's records (admin, auditor, their unit's head and clerk). A citizen ID is
    never returned."""
    return {"items": search_read_models(read_conn(), args["q"], current_reader(), args["limit"])}
