"""marshmallow schemas: <ReadModel>Schema for output, <Command>Schema for input (shape only, no rules)."""

from __future__ import annotations

import functools

from marshmallow import Schema, fields, validate

from web.moments import MAX_POSITION


MAX_PAGE = 1_000_000  # page * page_size stays a valid SQL offset
YEAR = validate.Range(min=1945, max=2100)  # a calendar year a record, a campaign or a decision can be about
POSITION_OR_MOMENT = {  # what web.moments.parse_moment reads: an event position, or an instant (RFC 3339)
    "anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_POSITION}, {"type": "string", "format": "date-time"}],
}


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


class ErrorSchema(Schema):
    """Every API error: a machine code, a message for people, the status; field errors or rule details."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    status = fields.Integer(required=True)
    error = fields.String()
    errors = fields.Dict()
    details = fields.List(fields.Dict())


class CreatedSchema(Schema):
    id = fields.String(required=True)
    position = fields.Integer(required=True, metadata={"description": "ledger position of the write"})


class PositionSchema(Schema):
    position = fields.Integer(required=True, metadata={"description": "ledger position of the write"})
    settled = fields.Boolean(required=True, metadata={"description": "whether the read models reflect it yet"})
    tracking_code = fields.String(metadata={"description": "a cast ballot's receipt: its tracking code (docs/ballot.md)"})


class AsOfSchema(Schema):
    as_of = fields.Integer(metadata={"description": "the event position the read models reflect"})


class LegalBasisSchema(Schema):
    citation = fields.String()
    issued_on = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    subject = fields.String(allow_none=True)
    as_printed = fields.String(allow_none=True)


class ContentItemSchema(Schema):
    number = fields.String(allow_none=True)
    section = fields.String(allow_none=True)
    kind = fields.String()
    heading = fields.String(allow_none=True)
    text = fields.String()


class TargetSchema(Schema):
    code = fields.String()
    description = fields.String()
    metric = fields.String()
    unit = fields.String(allow_none=True)
    value = fields.Float()
    direction = fields.String()
    applies_to = fields.String(allow_none=True)
    title_code = fields.String(allow_none=True)
    weight = fields.Float(allow_none=True)


class CampaignSummarySchema(Schema):
    campaign_id = fields.UUID()
    key = fields.String()
    theme = fields.String()
    issuer_id = fields.UUID()
    issuer_name = fields.String()
    scope = fields.String()
    form = fields.String()
    status = fields.String()
    period_start = fields.Date()
    period_end = fields.Date()
    launched_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)


class CampaignSchema(CampaignSummarySchema, AsOfSchema):
    cluster_id = fields.UUID(allow_none=True)
    mottos = fields.List(fields.Dict())
    summary_arrangement = fields.String()
    legal_bases = fields.List(fields.Nested(LegalBasisSchema))
    preamble = fields.List(fields.String())
    document = fields.Dict()
    notes = fields.List(fields.String())
    summary = fields.String(allow_none=True)
    content_items = fields.List(fields.Nested(ContentItemSchema))
    targets = fields.List(fields.Nested(TargetSchema))


@functools.cache
def page_envelope(item_schema: type[Schema]) -> type[Schema]:
    """A page of items with the total and the event position the read models reflect."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(),
            "page": fields.Integer(),
            "page_size": fields.Integer(),
            "as_of": fields.Integer(),
        },
        name=f"{item_schema.__name__.removesuffix('Schema')}PageSchema",
    )
