"""The directory (units, people and their roles), a person's inbox, audit trails and the rulebook."""

from __future__ import annotations

from uuid import UUID

from flask_smorest import abort
from marshmallow import Schema, fields

from domain.clock import local_date
from domain.rules.read_access import trail_kind
from projections import queries
from projections.common import plain
from web.api.base import actor, api_blueprint, found, page_of, public
from web.context import read_conn, services
from web.read_access import require
from web.response_cache import cached_read
from web.api.schemas.common import PageArgsSchema, page_envelope
from web.api.schemas.reads import AuditTrailSchema, InboxItemSchema, PersonDetailSchema, PersonSchema, RulebookSchema, UnitSchema

blp = api_blueprint("api_directory", "Đơn vị, cán bộ, vai trò; hộp việc; nhật ký kiểm tra; bộ quy tắc")


class PeopleArgsSchema(PageArgsSchema):
    unit_id = fields.UUID()


class RulebookArgsSchema(Schema):
    as_of = fields.Date(metadata={"description": "the date whose rule set is wanted; today by default"})


@blp.route("/units")
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(UnitSchema))
def list_units(args: dict) -> dict:
    """Units (đơn vị), by name; merged ones name their successor."""
    return page_of(queries.list_units(read_conn()), args)


@blp.route("/people")
@cached_read
@blp.etag
@blp.arguments(PeopleArgsSchema, location="query")
@blp.response(200, page_envelope(PersonSchema))
def list_people(args: dict) -> dict:
    """People (cán bộ, công chức), by name, optionally of one unit."""
    return page_of(queries.list_people(read_conn(), args.get("unit_id")), args)


@blp.route("/people/<uuid:person_id>")
@cached_read
@blp.etag
@blp.response(200, PersonDetailSchema)
def get_person(person_id: UUID) -> dict:
    """A person with the roles they hold and for which unit."""
    return found(queries.get_person(read_conn(), person_id), "Không tìm thấy người.")


@blp.route("/inbox")
@cached_read
@blp.etag
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, page_envelope(InboxItemSchema))
def list_inbox(args: dict) -> dict:
    """What waits for the token's person in the roles they hold, oldest first, with age and deadline."""
    person_id = actor().person_id
    grants = queries.person_grants(read_conn(), person_id)
    return page_of(queries.list_inbox(read_conn(), person_id, grants, now=services().now()), args)


@blp.route("/audit-trails/<uuid:item_id>")
@cached_read
@blp.etag
@blp.response(200, AuditTrailSchema)
def get_audit_trail(item_id: UUID) -> dict:
    """Every recorded step of an item: who, in which role, when, what and why.

    Personal data: a person's or unit's trail only by admin, auditor, the head or clerk of that unit (or of the
    unit it merged into) and integration tokens with scope `trails`; a dossier's as the dossier, a bonus
    fund's as the fund (403 otherwise). Other items' trails are read with any token."""
    entries = queries.audit_trail(read_conn(), item_id)
    if not entries:
        abort(404, message="Không có nhật ký cho mục này.")
    require(trail_kind(entries[0]["aggregate_type"]), item_id)
    return found({"item_id": item_id, "entries": entries}, "")


@blp.route("/rulebook")
@public
@blp.etag
@blp.arguments(RulebookArgsSchema, location="query")
@blp.response(200, RulebookSchema)
def get_rulebook(args: dict) -> dict:
    """The rule set in force on a date (titles, thresholds, caps, coefficients, legal bases), what a decision
    of that date cites, and the base salary in force on it."""
    rulebook = services().get_rulebook(args.get("as_of") or local_date(services().now()))
    return {**rulebook, "rules": plain(rulebook["rules"])}
