"""`ReadSchema`: a marshmallow schema whose `dump` of plain dicts runs a plan compiled once per schema.

marshmallow's own dump looks every value up through an accessor and dispatches per field and per row; a
read model answers with hundreds of rows of plain dicts, so that machinery was most of a computed answer's
time. The plan keeps marshmallow's meaning exactly: the same keys (declared fields only; a missing key
left out unless the field has a dump default), None kept as None, and each value converted as its field's
own `_serialize` would (fields without a fast conversion call it). The plan is one function per schema, its
source written from the fields (as dataclasses writes `__init__`), so that a row costs no loop over the fields
and no call where a value is already what the answer holds (None, a text, a whole number). Objects that are not
dicts, and schemas with dump hooks, go through marshmallow unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from marshmallow.utils import missing

Convert = Callable[[Any], Any]
Row = Callable[[dict], dict]
NONE_IS_NONE = (fields.UUID, fields.String, fields.Integer, fields.Float, fields.Boolean, fields.DateTime, fields.Date,
                fields.List, fields.Nested, fields.Dict)  # their `_serialize` dumps None as None


def _text(field: fields.Field) -> Convert:
    return lambda value: value if value.__class__ is str else field._serialize(value, None, None)


def _number(kind: type) -> Convert:
    return lambda value: value if value.__class__ is kind else kind(value)


def _temporal(field: fields.Field) -> Convert | None:
    return field.SERIALIZATION_FUNCS.get(field.format or field.DEFAULT_FORMAT)


def conversion(field: fields.Field) -> Convert:
    """How a value of `field` is dumped, as the field's `_serialize` does it."""
    fast = non_null(field)
    if type(field) in NONE_IS_NONE:
        return lambda value: None if value is None else fast(value)
    return fast


def non_null(field: fields.Field) -> Convert:
    """How a value other than None of `field` is dumped."""
    kind = type(field)
    fast: Convert | None = None
    if kind is fields.UUID:
        fast = str
    elif kind is fields.String:
        fast = _text(field)
    elif kind in (fields.Integer, fields.Float) and not field.as_string:
        fast = _number(int if kind is fields.Integer else float)
    elif kind in (fields.DateTime, fields.Date):
        fast = _temporal(field)
    elif kind is fields.List:
        inner = conversion(field.inner)
        fast = lambda values: [inner(v) for v in values]  # noqa: E731
    elif kind is fields.Nested and isinstance(field.schema, ReadSchema) and not field.many:
        fast = lambda value: field.schema.dump(value)  # noqa: E731
    return fast or (lambda value: field._serialize(value, None, None))


def row_function(schema: Schema) -> Row:
    """A function dumping a dict as `schema`'s fields say: each present key (or dump default) converted, with None,
    texts and whole numbers already of their answer's type kept without a call."""
    lines, names = ["def row(item):", " get = item.get", " out = {}"], {"missing": missing}
    for i, (name, field) in enumerate(schema.dump_fields.items()):
        names[f"c{i}"], names[f"d{i}"] = conversion(field), field.dump_default
        lines.append(f" v = get({field.attribute or name!r}, missing)")
        if field.dump_default is missing:
            lines.append(" if v is not missing:")
            indent = "  "
        else:
            lines += [" if v is missing:", f"  v = d{i}()" if callable(field.dump_default) else f"  v = d{i}"]
            indent = " "
        lines.append(f"{indent}out[{field.data_key or name!r}] = {converted(field, f'c{i}')}")
    exec("\n".join([*lines, " return out"]), names)  # noqa: S102 - the source is written above from the fields
    return names["row"]


def converted(field: fields.Field, convert: str) -> str:
    """The expression dumping `v` for `field` (`convert` names its conversion)."""
    kind = type(field)
    kept = {fields.String: "str", fields.Integer: "int", fields.Float: "float"}.get(kind)
    if kept and not getattr(field, "as_string", False):
        return f"v if v is None or v.__class__ is {kept} else {convert}(v)"
    if kind is fields.UUID:
        return "None if v is None else str(v)"
    return f"{convert}(v)"


class ReadSchema(Schema):
    """A dump-only schema of a read model; `dump` of dicts runs the compiled plan."""

    def _plan(self) -> Row | None:
        plan = self.__dict__.get("_dump_plan", missing)
        if plan is missing:
            if self._hooks[PRE_DUMP] or self._hooks[POST_DUMP] or any(
                not f._CHECK_ATTRIBUTE or "." in (f.attribute or name) for name, f in self.dump_fields.items()
            ):
                plan = None
            else:
                plan = row_function(self)
            self.__dict__["_dump_plan"] = plan
        return plan

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        plan = self._plan()
        many = self.many if many is None else many
        if plan is None:
            return super().dump(obj, many=many)
        if many:
            return [plan(item) if isinstance(item, dict) else self._other(item) for item in obj]
        return plan(obj) if isinstance(obj, dict) else self._other(obj)

    def _other(self, item: Any) -> Any:
        """An object that is not a dict, dumped by marshmallow."""
        return super().dump(item, many=False)
