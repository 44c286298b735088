"""Audit API under /api/v1/audit: explain an award, an item as of a moment, what changed, verify, seal.

Only a bearer token acting as auditor (kiểm toán/thanh tra) or admin gets in; sealing is the one
write, and only an admin may do it (an auditor changes nothing).
"""

from __future__ import annotations

from uuid import UUID

from flask_smorest import abort
from marshmallow import Schema, fields, validate

from domain.seal import SealLedger
from domain.values import Actor, Role
from web.api.base import actor, api_blueprint
from web.api.schemas.commands import PrintableSchema
from web.api.schemas.common import POSITION_OR_MOMENT
from web.api.idempotency import idempotent
from web.context import services
from web.moments import MomentField

blp = api_blueprint("audit", "audit: replay, explain, verify, seal (auditors and admins)")
READERS = (Role.AUDITOR, Role.ADMIN)


class AsOfArgsSchema(Schema):
    as_of = MomentField(load_default=None, metadata={"description": "event position or ISO timestamp", **POSITION_OR_MOMENT})


class DiffArgsSchema(Schema):
    since = MomentField(required=True, data_key="from", metadata=POSITION_OR_MOMENT)
    until = MomentField(required=True, data_key="to", metadata=POSITION_OR_MOMENT)
    limit = fields.Integer(load_default=1000, validate=validate.Range(min=1, max=5000))


class DigestArgsSchema(Schema):
    digest = fields.String(load_default=None, metadata={"description": "a digest published earlier (hex)"})


class SealLedgerSchema(PrintableSchema):
    reason = fields.String(load_default="")


class ExplanationSchema(Schema):
    """What a decided nomination rested on; each step is an event as recorded (who, role, when, why)."""

    nomination = fields.Dict()
    as_of = fields.Integer(allow_none=True, metadata={"description": "position of the decision on this nomination"})
    dossier = fields.List(fields.Dict())
    stages = fields.List(fields.Dict())
    returns = fields.List(fields.Dict())
    posting = fields.Dict()
    council = fields.Dict(allow_none=True, metadata={"description": "composition, attendance, counts only"})
    rules = fields.Dict()
    money = fields.Dict()
    decision = fields.Dict()
    seal = fields.Dict(allow_none=True)
    since_signing = fields.Dict(metadata={"description": "a later decision that amended or revoked this one"})


class ItemAsOfSchema(Schema):
    item_id = fields.String()
    kind = fields.String()
    version = fields.Integer()
    position = fields.Integer(allow_none=True)
    recorded_at = fields.String()
    state = fields.Dict()


class DiffSchema(Schema):
    from_position = fields.Integer()
    to_position = fields.Integer()
    changes = fields.List(fields.Dict())
    truncated = fields.Boolean()


class ChainPointSchema(Schema):
    position = fields.Integer()
    chain_hash = fields.String()
    count = fields.Integer()


class VerificationSchema(Schema):
    ok = fields.Boolean()
    checked = fields.Integer()
    head = fields.Nested(ChainPointSchema, allow_none=True)
    position = fields.Integer(allow_none=True, metadata={"description": "the first broken position"})
    kind = fields.String(allow_none=True)
    message = fields.String()
    other = fields.Integer(allow_none=True, metadata={"description": "the other position of a swapped pair"})
    digest_position = fields.Integer(allow_none=True)


class SealSchema(Schema):
    seal_id = fields.String()
    subject = fields.String()
    position = fields.Integer()
    chain_hash = fields.String()
    count = fields.Integer()
    sealed_at = fields.String()
    reason = fields.String()
    sealed_by = fields.String()
    role = fields.String()
    intact = fields.Boolean(allow_none=True)


def audit_actor(*roles: Role) -> Actor:
    """The token's actor, who must act as one of `roles` (401 without a token, 403 in another role)."""
    who = actor()
    if who is None:
        abort(401, message="Cần mã truy cập API (Bearer) của kiểm toán viên hoặc quản trị hệ thống.")
    if who.role not in roles:
        abort(403, message="Chỉ kiểm toán viên hoặc quản trị hệ thống được xem dữ liệu kiểm toán.")
    return who


@blp.route("/audit/nominations/<uuid:nomination_id>/explanation")
@blp.response(200, ExplanationSchema)
def explain_award(nomination_id: UUID) -> dict:
    """Everything a decided nomination rested on as of the decision's signing, and the seal over it."""
    audit_actor(*READERS)
    return services().explain_award(nomination_id)


@blp.route("/audit/items/<uuid:item_id>")
@blp.arguments(AsOfArgsSchema, location="query")
@blp.response(200, ItemAsOfSchema)
def item_as_of(args: dict, item_id: UUID) -> dict:
    """An item as it stood at an event position or a recorded time (`?as_of=`), or now."""
    audit_actor(*READERS)
    moment = args["as_of"]
    if isinstance(moment, int):
        return services().item_as_of(item_id, position=moment)
    return services().item_as_of(item_id, at=moment)


@blp.route("/audit/diff")
@blp.arguments(DiffArgsSchema, location="query")
@blp.response(200, DiffSchema)
def diff(args: dict) -> dict:
    """What changed between two moments: each step, by whom, in which role, under which rule set."""
    audit_actor(*READERS)
    return services().diff(args["since"], args["until"], limit=args["limit"])


@blp.route("/audit/verify")
@blp.arguments(DigestArgsSchema, location="query")
@blp.response(200, VerificationSchema)
def verify_ledger(args: dict) -> dict:
    """Check the whole ledger's hash chain; a broken ledger names its first broken position."""
    audit_actor(*READERS)
    return services().verify_ledger(args["digest"])


@blp.route("/audit/seals", methods=["POST"])
@idempotent
@blp.arguments(SealLedgerSchema, required=False)  # no body: no reason given
@blp.response(201, SealSchema)
def seal_ledger(args: dict) -> dict:
    """Seal the ledger's current digest in the ledger itself (admin only)."""
    admin = audit_actor(Role.ADMIN)
    app = services()
    return app.get_seal(app.seal_ledger(admin, SealLedger(args["reason"])))
