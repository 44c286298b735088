"""Bulk writes of buffered read-model rows: one statement per table, kind of write and set of columns.

Each statement is compiled once per process and dialect; rows go to the driver's `executemany` with
the column types' own bind conversions (UUIDs, dates, JSON), inside the caller's transaction; many rows
inserted into PostgreSQL go as one binary COPY instead, and many rows deleted by a one-column key as one
statement over an array of keys. A statement the compiler fills with anything
but the given values (a column default) goes through SQLAlchemy instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Connection, Table, Uuid, and_, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

Key = tuple
Row = tuple[Key, dict]  # a buffered row: its primary key and the values written
_PRIMARY_KEYS: dict[Table, tuple[str, ...]] = {}
COPY_FROM = 20  # rows: fewer are inserted (or deleted) in PostgreSQL by executemany (one round trip less)
SQLITE_VARIABLES = 900  # keys per statement (older SQLite builds take at most 999 parameters)


def primary_key(table: Table) -> tuple[str, ...]:
    """The names of a table's primary-key columns (looked up once per table)."""
    names = _PRIMARY_KEYS.get(table)
    if names is None:
        names = _PRIMARY_KEYS[table] = tuple(c.key for c in table.primary_key.columns)
    return names


def key_params(table: Table, key: Key) -> dict:
    return {f"k_{name}": value for name, value in zip(primary_key(table), key)}


def sources(table: Table, step: str, shape: tuple[str, ...]) -> dict[str, tuple[str, int | None]]:
    """Each parameter of the statement for `step`: its column, and its place in the row's key if taken from there."""
    keys = {f"k_{name}": (name, i) for i, name in enumerate(primary_key(table))}
    if step == "delete":
        return keys
    if step == "update":
        return {**{f"v_{name}": (name, None) for name in shape}, **keys}
    return {name: (name, None) for name in shape}


def params(table: Table, step: str, shape: tuple[str, ...], rows: Sequence[Row]) -> list[dict]:
    """The rows as parameter dicts, for SQLAlchemy."""
    named = sources(table, step, shape).items()
    return [{n: values[c] if i is None else key[i] for n, (c, i) in named} for key, values in rows]


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


@dataclass
class Lookup:
    """The SELECT of rows by primary key as the driver takes it: SQL text (one key, and the statement's text up to
    its WHERE, for many), the key's conversions and each column's name and result conversion (the column types'
    own, for the type the driver reports)."""

    table: Table
    sql: str
    columns: str  # SELECT … FROM …, without the condition
    keys: tuple[Callable[[Any], Any] | None, ...]
    binds: tuple[str, ...]
    positional: bool
    results: tuple[Callable[[Any], Any] | None, ...] | None = None

    def params(self, key: Key) -> tuple | dict:
        values = tuple(value if f is None else f(value) for f, value in zip(self.keys, key))
        return values if self.positional else dict(zip(self.binds, values))

    def rows(self, dialect: Any, cursor: Any) -> list[dict]:
        """The cursor's rows as dicts of converted values (the conversions chosen at the first row)."""
        found = cursor.fetchall()
        if found and self.results is None:
            self.results = tuple(
                c.type.dialect_impl(dialect).result_processor(dialect, d[1]) for c, d in zip(self.table.columns, cursor.description)
            )
        return [{c.key: value if f is None or value is None else f(value)
                 for c, f, value in zip(self.table.columns, self.results, row)} for row in found]  # type: ignore[arg-type]


_LOOKUPS: dict[tuple[Table, str], Lookup] = {}


def lookup(conn: Connection, table: Table) -> Lookup:
    """`by_key(table)` compiled once per table and dialect."""
    dialect = conn.dialect
    found = _LOOKUPS.get((table, dialect.name))
    if found is None:
        form = by_key(table).compile(dialect=dialect)
        binds = tuple(form.positiontup) if form.positiontup else tuple(form.binds)
        keys = tuple(conversion(form.binds[b].type, dialect) for b in binds)
        columns = select(table).compile(dialect=dialect).string
        found = _LOOKUPS[table, dialect.name] = Lookup(table, form.string, columns, keys, binds, bool(form.positiontup))
    return found


def look_up(conn: Connection, table: Table, key: Key) -> dict | None:
    """The stored row whose primary key is `key`, through the driver's cursor in `conn`'s transaction."""
    found = lookup(conn, table)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(found.sql, found.params(key))
        rows = found.rows(conn.dialect, cursor)
        return rows[0] if rows else None
    finally:
        cursor.close()


def look_up_many(conn: Connection, table: Table, keys: Sequence[Key]) -> dict[Key, dict]:
    """The stored rows of `keys` (of a one-column primary key) by key, through the driver's cursor: one statement
    (on SQLite, one per `SQLITE_VARIABLES` keys)."""
    found = lookup(conn, table)
    (name,), (convert,) = primary_key(table), found.keys
    values = [key if convert is None else convert(key) for key, in keys]
    column = conn.dialect.identifier_preparer.format_column(table.c[name])
    if conn.dialect.name == "postgresql":
        statements = [(f"{found.columns} WHERE {column} = ANY(%s)", (values,))]
    else:
        parts = (values[start:start + SQLITE_VARIABLES] for start in range(0, len(values), SQLITE_VARIABLES))
        statements = [(f"{found.columns} WHERE {column} IN ({', '.join('?' * len(part))})", part) for part in parts]
    rows: dict[Key, dict] = {}
    cursor = conn.connection.cursor()
    try:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows.update(((row[name],), row) for row in found.rows(conn.dialect, cursor))
        return rows
    finally:
        cursor.close()


@dataclass(frozen=True)
class Compiled:
    """A statement as the driver takes it: SQL text, its parameters (each with where it comes from and
    its conversion) and, for a PostgreSQL insert, its COPY form (binary, with the columns' type oids)."""

    sql: str
    names: tuple[str, ...]
    picks: tuple[tuple[str, int | None], ...]  # per parameter: (column, index in the key or None)
    convert: tuple[tuple[int, Callable[[Sequence], Iterable]], ...]  # (parameter index, its column's conversion)
    positional: bool
    copy: str | None = None
    oids: tuple[int, ...] = ()
    array: str | None = None  # a PostgreSQL delete by a one-column key: every key as one array parameter

    def columns(self, rows: Sequence[Row]) -> list[Sequence]:
        """The parameters of buffered rows, one list per compiled parameter."""
        return [[values[c] for _k, values in rows] if i is None else [key[i] for key, _v in rows] for c, i in self.picks]

    def rows(self, columns: list[Sequence]) -> list[tuple]:
        """The rows for the driver, from one sequence per compiled parameter, each converted as its column needs."""
        for index, convert in self.convert:
            columns[index] = convert(columns[index])
        return list(zip(*columns))


_COMPILED: dict[tuple, tuple[Any, Compiled | None]] = {}


def compiled(conn: Connection, table: Table, step: str, shape: tuple[str, ...]) -> tuple[Any, Compiled | None]:
    """The statement and, unless SQLAlchemy must fill in more than the given values, its compiled form."""
    dialect = conn.dialect
    cache_key = (table, step, shape, dialect.name)
    if cache_key not in _COMPILED:
        stmt = statement(table, step, shape, dialect.name)
        form = stmt.compile(dialect=dialect, column_keys=list(shape) if step in ("insert", "upsert") else None)
        names = tuple(form.positiontup) if form.positiontup else tuple(form.binds)
        expected = sources(table, step, shape)
        direct = None
        plain = not (form.insert_prefetch or form.update_prefetch or form.escaped_bind_names)
        if plain and set(names) == set(expected):
            picks = tuple(expected[n] for n in names)
            processors = (column_conversion(form.binds[n].type, dialect) for n in names)
            convert = tuple((i, f) for i, f in enumerate(processors) if f is not None)
            copy = copy_form(conn, table, picks) if step == "insert" and dialect.name == "postgresql" else (None, ())
            array = delete_array(conn, table) if step == "delete" and dialect.name == "postgresql" else None
            direct = Compiled(form.string, names, picks, convert, bool(form.positiontup), *copy, array)
        _COMPILED[cache_key] = (stmt, direct)
    return _COMPILED[cache_key]


def conversion(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """A parameter's conversion for the driver: the column type's own."""
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def column_conversion(column_type: Any, dialect: Any) -> Callable[[Sequence], Iterable] | None:
    """A parameter's conversion for a whole column of values: the column type's own, written out in a comprehension
    (a call less per value) for SQLite's text UUIDs (`UUID.hex`) and default DATETIME text (what
    `isoformat(" ", "microseconds")` writes for a naive datetime)."""
    impl = column_type.dialect_impl(dialect)
    process = impl.bind_processor(dialect)
    if process is None:
        return None
    if isinstance(impl, Uuid) and impl.as_uuid and not (dialect.supports_native_uuid and impl.native_uuid):
        return lambda values: [value if value is None else "%032x" % value.int for value in values]
    if isinstance(impl, sqlite.DATETIME) and impl._storage_format == sqlite.DATETIME._storage_format:
        return lambda values: [
            value.isoformat(" ", "microseconds") if value.__class__ is datetime and value.tzinfo is None else process(value)
            for value in values
        ]
    return partial(map, process)


def copy_form(conn: Connection, table: Table, picks: tuple[tuple[str, int | None], ...]) -> tuple[str, tuple[int, ...]]:
    """A PostgreSQL insert as a binary COPY of these columns, and their type oids (read from the table).

    Values go in binary by column type: a TIMESTAMP takes a naive datetime only, as the projections store
    UTC instants (`common.utc`); an aware one is refused rather than shifted to the session's zone.
    """
    quote = conn.dialect.identifier_preparer
    columns = ", ".join(quote.format_column(table.c[c]) for c, _i in picks)
    cursor = conn.connection.cursor()
    try:
        cursor.execute(f"SELECT {columns} FROM {quote.format_table(table)} WHERE false")
        oids = tuple(d.type_code for d in cursor.description)
    finally:
        cursor.close()
    return f"COPY {quote.format_table(table)} ({columns}) FROM STDIN (FORMAT BINARY)", oids


def delete_array(conn: Connection, table: Table) -> str | None:
    """A PostgreSQL delete of many rows by a one-column primary key as one statement over an array of keys."""
    if len(table.primary_key.columns) != 1:
        return None
    quote = conn.dialect.identifier_preparer
    key = quote.format_column(next(iter(table.primary_key.columns)))
    return f"DELETE FROM {quote.format_table(table)} WHERE {key} = ANY(%s)"


def write(conn: Connection, table: Table, step: str, shape: tuple[str, ...], rows: list[Row]) -> None:
    """Write buffered rows (their keys and values) for one kind of write and set of columns."""
    stmt, direct = compiled(conn, table, step, shape)
    if direct is None:
        conn.execute(stmt, params(table, step, shape, rows))
    else:
        send(conn, direct, direct.columns(rows))


def write_columns(conn: Connection, table: Table, columns: dict[str, Sequence]) -> None:
    """Insert rows given column by column (sequences of equal length)."""
    shape = tuple(columns)
    stmt, direct = compiled(conn, table, "insert", shape)
    if direct is None:
        conn.execute(stmt, [dict(zip(shape, row)) for row in zip(*columns.values())])
    else:
        send(conn, direct, [columns[c] for c, _i in direct.picks])


def send(conn: Connection, direct: Compiled, columns: list[Sequence]) -> None:
    """Hand the rows to the driver (one executemany, one COPY, or one delete over an array of keys), inside
    `conn`'s transaction."""
    rows = direct.rows(columns)
    cursor = conn.connection.cursor()
    try:
        if direct.copy and len(rows) >= COPY_FROM:
            with cursor.copy(direct.copy) as copy:
                copy.set_types(direct.oids)
                for row in rows:
                    copy.write_row(row)
        elif direct.array and len(rows) >= COPY_FROM:
            cursor.execute(direct.array, ([key for key, in rows],))
        else:
            cursor.executemany(direct.sql, rows if direct.positional else [dict(zip(direct.names, r)) for r in rows])
    finally:
        cursor.close()
