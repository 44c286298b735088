"""marshmallow <Command>Schema: the JSON body (plus path parameters) of every command, shape only.

Each schema builds its `domain.commands` dataclass in @post_load; fields left out take the
dataclass's default. Rules about state (who may, in which stage) stay in the domain.
"""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, post_load, validate

from domain import commands as c
from domain.text import KEY_MAX, LABEL_MAX, NAME_MAX, RULES, TEXT_MAX, TITLE_MAX, VERBATIM, clean_text, field_name, max_length
from domain.text import LABEL as LABEL_RULE
from domain.values import AwardType, Rating, Role
from web.api.schemas.common import YEAR

ROLES = validate.OneOf([r.value for r in Role if r is not Role.SYSTEM])
NOMINEE_KINDS = validate.OneOf(["individual", "collective"])
AWARD_TYPES = validate.OneOf([t.value for t in AwardType])
NON_EMPTY = validate.Length(min=1)
KEY = validate.Length(min=1, max=KEY_MAX)  # the domain's limits (domain.text), so that the OpenAPI says them
NAME = validate.Length(min=1, max=NAME_MAX)
TITLE = validate.Length(min=1, max=TITLE_MAX)
LABEL = validate.Length(max=LABEL_MAX)
FILLED = validate.Length(min=1, max=TEXT_MAX)
TEXT = validate.Length(max=TEXT_MAX)
UNPRINTABLE = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff"  # domain.text._is_control (lone surrogates: web.security, 400)


class Printable(validate.Regexp):
    """The whole text matches (as the pattern reads in the OpenAPI document: Python's `$` also matches before a final newline)."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ValidationError(self._format_error(value))
        return value


FREE_TEXT, ONE_LINE = f"^[^{UNPRINTABLE}]*$", f"^[^\\t\\n\\r{UNPRINTABLE}]*$"  # line breaks and tabs only in free texts


def printable(field: str, *, free: bool) -> Printable:
    """The pattern of a field's text, refused as the domain words it (naming the field)."""
    return Printable(FREE_TEXT if free else ONE_LINE, error=f"«{field_name(field)}» có ký tự điều khiển hoặc ký tự ẩn không được phép.")


def limit(field: str, min: int = 0) -> validate.Length:  # noqa: A002 - marshmallow's word
    """The length the domain takes for a command's field (`domain.text.max_length`)."""
    return validate.Length(min=min, max=max_length(field))


def label(**kwargs: Any) -> fields.String:
    """An optional one-line text (a code, a position): at most LABEL_MAX characters."""
    return fields.String(validate=LABEL, **kwargs)


def text(**kwargs: Any) -> fields.String:
    """An optional free text (a reason, a comment): at most TEXT_MAX characters."""
    return fields.String(validate=TEXT, **kwargs)


def required(field: type[fields.Field] = fields.String, **kwargs: Any) -> fields.Field:
    return field(required=True, **kwargs)


def optional_id() -> fields.UUID:
    return fields.UUID(allow_none=True)


def ids() -> fields.List:
    return fields.List(fields.UUID(), required=True)


class PrintableSchema(Schema):
    """Texts as the domain keeps them (domain.text): no control, private-use or bidi-control
    character (line breaks and tabs only in free texts and lists); the pattern is in the OpenAPI document."""

    def on_bind_field(self, name: str, field_obj: fields.Field) -> None:
        for field, free in ((field_obj, RULES.get(name, LABEL_RULE)[0] is clean_text), (getattr(field_obj, "inner", None), True)):
            if type(field) is fields.String and name not in VERBATIM and not any(isinstance(v, validate.Regexp) for v in field.validators):
                field.validators.append(printable(name, free=free))


class CommandSchema(PrintableSchema):
    command: ClassVar[type]

    @post_load
    def build(self, data: dict[str, Any], **_kwargs: Any) -> object:
        return self.command(**data)


# --- organisation ---------------------------------------------------------------------------


class RegisterUnitSchema(CommandSchema):
    command = c.RegisterUnit
    key, name, short_name = required(validate=KEY), required(validate=NAME), required(validate=LABEL)
    kind = required(validate=limit("kind"))
    province = fields.String(load_default="", validate=limit("province"))
    abbreviation = fields.String(load_default="", validate=limit("abbreviation"))
    parent_id = optional_id()
    authority_level = fields.String(validate=validate.OneOf(["unit_head", "province", "prime_minister"]))


class RenameUnitSchema(CommandSchema):
    command = c.RenameUnit
    unit_id, name, short_name, reason = required(fields.UUID), required(validate=NAME), required(validate=LABEL), required(validate=TEXT)
    effective_on = fields.Date(allow_none=True)  # the day the new name takes effect (absent: the day it is recorded)


class MergeUnitSchema(CommandSchema):
    command = c.MergeUnit
    unit_id, successor_id, reason = required(fields.UUID), required(fields.UUID), required(validate=TEXT)


class RegisterPersonSchema(CommandSchema):
    command = c.RegisterPerson
    key, full_name, unit_id = required(validate=KEY), required(validate=NAME), required(fields.UUID)
    gender = required(validate=limit("gender"))
    position = required(validate=LABEL)
    citizen_id = fields.String(load_default=None, allow_none=True, validate=validate.Regexp(
        r"^\d{12}$", error="Số căn cước công dân (CCCD) phải gồm đúng 12 chữ số.",
    ))
    born_on = fields.Date(load_default=None, allow_none=True)


class TransferPersonSchema(CommandSchema):
    command = c.TransferPerson
    person_id, unit_id, position, reason = required(fields.UUID), required(fields.UUID), required(validate=LABEL), required(validate=TEXT)


class RecordPersonLeftSchema(CommandSchema):
    command = c.RecordPersonLeft
    person_id, reason = required(fields.UUID), required(validate=TEXT)


class GrantRoleSchema(CommandSchema):
    command = c.GrantRole
    person_id, role, scope_id, reason = required(fields.UUID), required(validate=ROLES), optional_id(), text()


class RevokeRoleSchema(GrantRoleSchema):
    command = c.RevokeRole


class RecordRatingSchema(CommandSchema):
    command = c.RecordRating
    subject_id, year = required(fields.UUID), required(fields.Integer, validate=YEAR)
    rating, reason = required(validate=validate.OneOf([r.value for r in Rating])), text()


class RecordDisciplineSchema(CommandSchema):
    command = c.RecordDiscipline
    person_id, year, level = required(fields.UUID), required(fields.Integer, validate=YEAR), required(validate=LABEL)
    reason = required(validate=TEXT)
    until = fields.Date(required=True, allow_none=True)


class OpenProceedingSchema(CommandSchema):
    command = c.OpenProceeding
    subject_id, proceeding_id, kind = required(fields.UUID), required(validate=NAME), required(validate=limit("kind"))
    reason = required(validate=TEXT)


class CloseProceedingSchema(CommandSchema):
    command = c.CloseProceeding
    subject_id, proceeding_id, reason = required(fields.UUID), required(validate=LABEL), required(validate=TEXT)


class RecogniseInitiativeSchema(CommandSchema):
    command = c.RecogniseInitiative
    person_id, title, year = required(fields.UUID), required(validate=TITLE), required(fields.Integer, validate=YEAR)
    level = required(validate=LABEL)


class RecordPriorAwardSchema(CommandSchema):
    command = c.RecordPriorAward
    subject_id, year, code = required(fields.UUID), required(fields.Integer, validate=YEAR), required(validate=LABEL)
    award_type, decision_number, decided_on = required(validate=AWARD_TYPES), required(validate=LABEL), required(fields.Date)
    issuer = fields.String(load_default="", validate=LABEL, metadata={"description": "Cơ quan ban hành quyết định"})


class FormClusterSchema(CommandSchema):
    command = c.FormCluster
    key, name = required(validate=KEY), required(validate=NAME)


class ChangeClusterMembershipSchema(CommandSchema):
    command = c.ChangeClusterMembership
    cluster_id, unit_id, joined, on, reason = required(fields.UUID), required(fields.UUID), required(fields.Boolean), required(fields.Date), text()


class AssignClusterHeadSchema(CommandSchema):
    command = c.AssignClusterHead
    cluster_id, unit_id, year, deputy_id = required(fields.UUID), required(fields.UUID), required(fields.Integer, validate=YEAR), optional_id()


# --- rulebook -------------------------------------------------------------------------------


class PublishRulebookSchema(CommandSchema):
    command = c.PublishRulebook
    version, effective_from, rules = required(validate=NAME), required(fields.Date), required(fields.Dict)
    effective_to = fields.Date(required=True, allow_none=True)
    legal_bases = fields.List(fields.String(), required=True)


class RecordSalaryScheduleSchema(CommandSchema):
    command = c.RecordSalarySchedule
    entries, source = fields.List(fields.Dict(), required=True, validate=NON_EMPTY), required(validate=TEXT)


class PublishOverlaySchema(CommandSchema):
    command = c.PublishOverlay
    scope, scope_id = required(validate=validate.OneOf(["issuer", "campaign"])), required(fields.UUID)
    overlay, reason = required(fields.Dict), required(validate=TEXT)


class HolidaySchema(Schema):
    on = required(fields.Date)
    name = required(validate=NAME)


class DeclareHolidaysSchema(CommandSchema):
    command = c.DeclareHolidays
    year = required(fields.Integer, validate=validate.Range(min=2000, max=2100))
    days_off = fields.List(fields.Nested(HolidaySchema), required=True)
    working_days = fields.List(fields.Nested(HolidaySchema), load_default=list)
    basis, reason = required(validate=LABEL), required(validate=TEXT)
