"""The read schemas' compiled dump (web/api/schemas/dump.py) answers exactly as marshmallow's own dump."""

from __future__ import annotations

import inspect
import uuid
from datetime import date, datetime, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import Schema, fields

from web.api.schemas import reads
from web.api.schemas.dump import ReadSchema

SCHEMAS = sorted((c for _n, c in inspect.getmembers(reads, inspect.isclass)
                  if issubclass(c, ReadSchema) and c is not ReadSchema), key=lambda c: c.__name__)
INSTANT = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc))
SCALARS = {  # what a read model's row may hold for a field of each kind, including near misses
    fields.UUID: st.uuids(),
    fields.String: st.one_of(st.text(max_size=5), st.integers(), st.uuids()),
    fields.Integer: st.one_of(st.integers(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False, max_value=1e15, min_value=-1e15)),
    fields.Float: st.one_of(st.integers(), st.floats(allow_nan=False)),
    fields.Boolean: st.one_of(st.booleans(), st.sampled_from([0, 1, "true", "no"])),
    fields.DateTime: INSTANT,
    fields.Date: st.dates(),
    fields.Dict: st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
}


def values(field: fields.Field) -> st.SearchStrategy:
    if isinstance(field, fields.Nested):
        return rows(type(field.schema))
    if isinstance(field, fields.List):
        return st.lists(values(field.inner), max_size=3)
    return SCALARS[type(field)]


def rows(schema: type[Schema]) -> st.SearchStrategy:
    """A dict with some of the schema's keys (None or a value each) and an extra key. Keys named like a dict's
    methods (`items`) are always there: marshmallow would read the method of a dict that lacks them."""
    declared = {name: st.one_of(st.none(), values(f)) for name, f in schema().dump_fields.items()}
    always = {name: value for name, value in declared.items() if hasattr(dict, name)}
    return st.fixed_dictionaries(always, optional={
        **{k: v for k, v in declared.items() if k not in always}, "not_declared": st.integers(),
    })


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.__name__)
def test_compiled_dump_equals_marshmallows(schema: type[ReadSchema]) -> None:
    @settings(max_examples=25, deadline=None)
    @given(st.lists(rows(schema), max_size=3))
    def check(items: list[dict]) -> None:
        assert schema().dump(items, many=True) == Schema.dump(schema(), items, many=True)
        for item in items:
            assert schema().dump(item) == Schema.dump(schema(), item)

    check()


def test_an_object_that_is_not_a_dict_is_dumped_by_marshmallow() -> None:
    class Row:
        code, description = "dvc", "Dịch vụ công"  # only `code` is declared by UnmetSchema among these

    assert reads.UnmetSchema().dump(Row()) == Schema.dump(reads.UnmetSchema(), Row()) == {"code": "dvc"}


def test_a_row_keeps_marshmallows_conversions() -> None:
    row = {"code": "dvc", "description": "Dịch vụ công", "value": 3, "target": 80, "attainment": 1, "weight": None}

    dumped = reads.ProgressSchema().dump(row)

    assert dumped == {"code": "dvc", "description": "Dịch vụ công", "value": 3.0, "target": 80.0, "attainment": 1.0,
                      "weight": None}
    assert isinstance(dumped["target"], float)
    assert reads.AwardSchema().dump({"decided_on": date(2025, 1, 2), "subject_id": uuid.UUID(int=1)}) == {
        "decided_on": "2025-01-02", "subject_id": "00000000-0000-0000-0000-000000000001"}
