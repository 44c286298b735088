"""Bulk writes of buffered read-model rows: one executemany per table, kind of write and set of columns.

Each statement is compiled once per process and dialect; rows go to the driver's `executemany` with
the column types' own bind conversions (UUIDs, dates, JSON), inside the caller's transaction. A
statement the compiler fills with anything but the given values (a column default) goes through
SQLAlchemy instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

Key = tuple
_PRIMARY_KEYS: dict[Table, tuple[str, ...]] = {}


def primary_key(table: Table) -> tuple[str, ...]:
    """The names of a table's primary-key columns (looked up once per table)."""
    names = _PRIMARY_KEYS.get(table)
    if names is None:
        names = _PRIMARY_KEYS[table] = tuple(c.key for c in table.primary_key.columns)
    return names


def key_params(table: Table, key: Key) -> dict:
    return {f"k_{name}": value for name, value in zip(primary_key(table), key)}


def bulk_params(table: Table, key: Key, step: str, values: dict) -> dict:
    """The parameters of one row for `step` (insert, upsert, update or delete)."""
    if step == "delete":
        return key_params(table, key)
    if step == "update":
        return {**key_params(table, key), **{f"v_{name}": value for name, value in values.items()}}
    return values


def statement(table: Table, step: str, shape: tuple[str, ...], dialect: str) -> Any:
    """The executemany statement for one kind of write to a set of columns."""
    by_key = and_(*(c == bindparam(f"k_{c.key}") for c in table.primary_key.columns))
    if step == "insert":
        return table.insert()
    if step == "delete":
        return delete(table).where(by_key)
    if step == "update":
        return update(table).where(by_key).values({name: bindparam(f"v_{name}") for name in shape})
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(table)
    keys = list(table.primary_key.columns)
    changed = {name: insert.excluded[name] for name in shape if name not in primary_key(table)}
    if changed:
        return insert.on_conflict_do_update(index_elements=keys, set_=changed)
    return insert.on_conflict_do_nothing(index_elements=keys)


_SELECTS: dict[Table, Any] = {}


def by_key(table: Table) -> Any:
    """SELECT the row with the primary key given as `k_<column>` parameters."""
    if table not in _SELECTS:
        _SELECTS[table] = select(table).where(and_(*(c == bindparam(f"k_{c.key}") for c in table.primary_key.columns)))
    return _SELECTS[table]


@dataclass(frozen=True)
class Compiled:
    """A statement as the driver takes it: SQL text, parameter order and each parameter's conversion."""

    sql: str
    names: tuple[str, ...]
    convert: tuple[Callable[[Any], Any] | None, ...]
    positional: bool

    def rows(self, params: Sequence[dict]) -> list:
        pairs = list(zip(self.names, self.convert))
        if self.positional:
            return [tuple([f(p[n]) if f else p[n] for n, f in pairs]) for p in params]
        return [{n: f(p[n]) if f else p[n] for n, f in pairs} for p in params]


_COMPILED: dict[tuple, tuple[Any, Compiled | None]] = {}


def compiled(conn: Connection, table: Table, step: str, shape: tuple[str, ...]) -> tuple[Any, Compiled | None]:
    """The statement and, unless SQLAlchemy must fill in more than the given values, its compiled form."""
    dialect = conn.dialect
    cache_key = (table, step, shape, dialect.name)
    if cache_key not in _COMPILED:
        stmt = statement(table, step, shape, dialect.name)
        form = stmt.compile(dialect=dialect, column_keys=list(shape) if step in ("insert", "upsert") else None)
        names = tuple(form.positiontup) if form.positiontup else tuple(form.binds)
        expected = set(bulk_params(table, tuple(range(len(primary_key(table)))), step, dict.fromkeys(shape)))
        direct = None
        plain = not (form.insert_prefetch or form.update_prefetch or form.escaped_bind_names)
        if plain and set(names) == expected:
            convert = tuple(form.binds[n].type.dialect_impl(dialect).bind_processor(dialect) for n in names)
            direct = Compiled(form.string, names, convert, bool(form.positiontup))
        _COMPILED[cache_key] = (stmt, direct)
    return _COMPILED[cache_key]


def write(conn: Connection, table: Table, step: str, shape: tuple[str, ...], params: list[dict]) -> None:
    """Write `params` rows in one executemany, inside `conn`'s transaction."""
    stmt, direct = compiled(conn, table, step, shape)
    if direct is None:
        conn.execute(stmt, params)
        return
    cursor = conn.connection.cursor()
    try:
        cursor.executemany(direct.sql, direct.rows(params))
    finally:
        cursor.close()
