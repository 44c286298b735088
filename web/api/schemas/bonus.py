"""marshmallow schemas of the agency bonus fund (Decree 73/2024 Art. 4): commands in, funds and payments out."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import commands as c
from domain.values import Rating
from web.api.schemas.common import AsOfSchema, PageArgsSchema
from web.api.schemas.commands import NON_EMPTY, CommandSchema, required

VND = validate.Range(min=1, max=10**15)
YEAR = validate.Range(min=2000, max=2100)
LEVELS = fields.Nested(Schema.from_dict(  # a coefficient per rating (the keys the OpenAPI document lists)
    {r.value: fields.Float(validate=validate.Range(min=0, min_inclusive=False, max=1000), metadata={"exclusiveMinimum": True})
     for r in Rating}, name="BonusLevels",
))


class OpenBonusFundSchema(CommandSchema):
    command = c.OpenBonusFund
    unit_id, year = required(fields.UUID), required(fields.Integer, strict=True, validate=YEAR)
    salary_fund = required(fields.Integer, strict=True, validate=VND)
    rules_reference, levels, reason = required(validate=NON_EMPTY), LEVELS, fields.String()
    covered_unit_ids = fields.List(fields.UUID(), load_default=list)


class AllocatePeriodicBonusSchema(CommandSchema):
    command = c.AllocatePeriodicBonus
    fund_id = required(fields.UUID)
    amount = fields.Integer(strict=True, validate=VND, allow_none=True)


class PayPeriodicBonusSchema(CommandSchema):
    command = c.PayPeriodicBonus
    fund_id = required(fields.UUID)


class PayAdHocBonusSchema(CommandSchema):
    command = c.PayAdHocBonus
    fund_id, person_id = required(fields.UUID), required(fields.UUID)
    amount, reason = required(fields.Integer, strict=True, validate=VND), required(validate=NON_EMPTY)


class LapseBonusFundSchema(CommandSchema):
    command = c.LapseBonusFund
    fund_id = required(fields.UUID)


class BonusFundArgsSchema(PageArgsSchema):
    unit_id = fields.UUID()
    year = fields.Integer(validate=YEAR)
    status = fields.String(validate=validate.OneOf(["open", "allocated", "paid", "lapsed"]))


class BonusFundSummarySchema(Schema):
    fund_id, unit_id = fields.UUID(), fields.UUID()
    unit_name = fields.String(allow_none=True)
    year, salary_fund, amount = fields.Integer(), fields.Integer(), fields.Integer()
    periodic_pool, periodic_total, ad_hoc_total, paid_total, balance = (fields.Integer() for _ in range(5))
    fund_share, status, ruleset_version, article = (fields.String() for _ in range(4))
    pay_from, pay_until = fields.Date(), fields.Date()
    lapsed_on, lapsed_amount = fields.Date(allow_none=True), fields.Integer(allow_none=True)


class BonusPaymentSchema(Schema):
    line, kind, person_name, reason, status, ruleset_version = (fields.String() for _ in range(6))
    person_id, unit_id = fields.UUID(), fields.UUID()
    unit_name, rating, level = (fields.String(allow_none=True) for _ in range(3))
    amount = fields.Integer()
    paid_on = fields.Date(allow_none=True)


class BonusPersonTotalSchema(Schema):
    person_id, person_name, amount = fields.UUID(), fields.String(), fields.Integer()


class BonusFundSchema(BonusFundSummarySchema, AsOfSchema):
    covered_unit_ids = fields.List(fields.UUID())
    rules_reference, levels_basis, reason = fields.String(), fields.String(), fields.String()
    levels = fields.Dict(keys=fields.String(), values=fields.Float())
    opened_by, opened_at = fields.UUID(), fields.DateTime()
    payments = fields.List(fields.Nested(BonusPaymentSchema))
    people = fields.List(fields.Nested(BonusPersonTotalSchema))
