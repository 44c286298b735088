"""Shared pieces of the read functions: rows as dicts with aware instants, counting, display names."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Select, Uuid, func, select, type_coerce
from sqlalchemy.engine import Result

from projections.common import aware
from projections.organisation import people, units


KEPT_IDS = 16384  # ids kept made per process (~4 MB)
kept_uuid = lru_cache(maxsize=KEPT_IDS)(UUID)


class KeptUuid(Uuid):
    """A UUID column whose ids, given as text by a store that keeps them so (SQLite), are made once and kept: lists
    read the same ids again and again, and making them was a tenth of a list's time. A store with a UUID type
    (PostgreSQL) gives them as its driver makes them."""

    cache_ok = True

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        if dialect.supports_native_uuid:
            return super().result_processor(dialect, coltype)
        return lambda value: None if value is None else kept_uuid(value)


def kept_ids(query: Select) -> Select:
    """`query` with its UUID columns read as `KeptUuid` (the same values and SQL)."""
    return query.with_only_columns(
        *(type_coerce(c, KeptUuid()).label(c.key) if isinstance(c.type, Uuid) else c for c in query.selected_columns),
        maintain_column_froms=True,
    )


def records(result: Result[Any]) -> list[dict]:
    """Rows as plain dicts; stored UTC instants come back timezone-aware."""
    keys, rows = list(result.keys()), result.all()
    instants = [i for i in range(len(keys)) if isinstance(first_value(rows, i), datetime)]  # a column has one type
    found = [dict(zip(keys, row)) for row in rows]
    for i in instants:
        key = keys[i]
        for row in found:
            row[key] = aware(row[key])
    return found


def first_value(rows: list, index: int) -> Any:
    """The first value other than None in column `index` of `rows` (None when there is none)."""
    return next((row[index] for row in rows if row[index] is not None), None)


def record(result: Result[Any]) -> dict | None:
    found = records(result)
    return found[0] if found else None


def count(conn: Connection, query: Select) -> int:
    return conn.execute(counted(query)).scalar_one()


def counted_page(conn: Connection, page: Select, total: Select, values: dict) -> tuple[list[dict], int]:
    """The rows of `page` and how many `total` counts, with `values` bound; every row (no `limit`, no `offset`) is
    its own count."""
    rows = records(conn.execute(page, values))
    if values.get("limit") is None and not values.get("offset"):
        return rows, len(rows)
    return rows, conn.execute(total, values).scalar_one()


def counted(query: Select) -> Select:
    """How many rows `query` gives."""
    return select(func.count()).select_from(query.order_by(None).subquery())


def named(query: Select, subject: Any, label: str) -> Select:
    """Add the display name of a person or unit id column (a nominee, a participant) as `label`."""
    person, unit = people.alias(f"{label}_person"), units.alias(f"{label}_unit")
    return (
        query.outerjoin(person, person.c.person_id == subject).outerjoin(unit, unit.c.unit_id == subject)
        .add_columns(func.coalesce(person.c.full_name, unit.c.name).label(label))
    )


def unit_named(query: Select, unit_id: Any, label: str) -> Select:
    unit = units.alias(f"{label}_u")
    return query.outerjoin(unit, unit.c.unit_id == unit_id).add_columns(unit.c.name.label(label))


def person_named(query: Select, person_id: Any, label: str) -> Select:
    person = people.alias(f"{label}_p")
    return query.outerjoin(person, person.c.person_id == person_id).add_columns(person.c.full_name.label(label))
