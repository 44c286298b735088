"""What a projection is: a named writer of its own tables, dispatching on event classes.

A projection only reads events; it writes its rows inside the runner's transaction, together
with its tracking position, so a read model is exactly-once and can be rebuilt from zero.
Handlers get a `Writes`: statements run at once through `execute`, while `insert`, `update`,
`upsert` and `delete` of whole rows by primary key are buffered and written in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, and_, update
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.util import find_tables

from projections import bulk
from projections.bulk import Key, primary_key

Handler = Callable[[Any, Connection, Any, int], None]


def handles(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a method as the handler of the given event classes."""

    def mark(method: Handler) -> Handler:
        method._handles = event_classes  # type: ignore[attr-defined]
        return method

    return mark


class Projection:
    """Subclasses set `name` and `tables` and mark handlers with `@handles(...)`."""

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    handlers: ClassVar[dict[type, Handler]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = {}
        for klass in reversed(cls.__mro__):
            for attribute in vars(klass).values():
                for event_class in getattr(attribute, "_handles", ()):
                    cls.handlers[event_class] = attribute

    def process(self, conn: Connection, event: Any, position: int) -> None:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(self, conn, event, position)


# What two buffered writes to one row amount to; a pair not listed is flushed in order instead.
MERGED = {
    ("insert", "update"): "insert", ("insert", "upsert"): "insert", ("insert", "delete"): "",
    ("update", "update"): "update", ("update", "delete"): "delete",
    ("upsert", "update"): "upsert", ("upsert", "upsert"): "upsert", ("upsert", "delete"): "delete",
    ("delete", "insert"): "replace", ("delete", "upsert"): "replace", ("delete", "update"): "delete",
    ("delete", "delete"): "delete",
    ("replace", "update"): "replace", ("replace", "upsert"): "replace", ("replace", "delete"): "delete",
}
FLUSH_ORDER = ("delete", "insert", "upsert", "update")


class Writes:
    """The connection a handler writes through, inside the runner's transaction.

    `insert`, `update`, `upsert` and `delete` address one row by its primary key; repeated writes to a
    row within a batch are merged, and the rest go out as one executemany per table and shape when the
    batch ends. A statement run through `execute` first writes the buffered rows of the tables it touches
    (any other use of the connection writes them all), so a handler always reads what earlier events wrote.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._rows: dict[Table, dict[Key, list]] = {}

    def insert(self, table: Table, **row: Any) -> None:
        self._write(table, row_key(table, row), "insert", row)

    def upsert(self, table: Table, **row: Any) -> None:
        """Insert the row, or set its given columns if a row with its primary key exists."""
        self._write(table, row_key(table, row), "upsert", row)

    def update(self, table: Table, key: Any, **values: Any) -> None:
        """Set columns of the row whose primary key is `key` (a value, or a dict for composite keys)."""
        if any(isinstance(v, ClauseElement) for v in values.values()):
            self.execute(update(table).where(key_clause(table, key)).values(**values))
            return
        self._write(table, given_key(table, key), "update", values)

    def delete(self, table: Table, key: Any) -> None:
        self._write(table, given_key(table, key), "delete", {})

    def get(self, table: Table, key: Any) -> dict | None:
        """The row whose primary key is `key` as the batch has left it so far (buffered writes included)."""
        row_id = given_key(table, key)
        kind, values = self._rows.get(table, {}).get(row_id, ("", {}))
        if kind == "delete":
            return None
        if kind in ("insert", "replace"):
            return dict(values)
        found = self.conn.execute(bulk.by_key(table), bulk.key_params(table, row_id)).mappings().first()
        if found is None:
            return dict(values) if kind == "upsert" else None
        return {**found, **values}

    def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a statement now, after writing the buffered rows of the tables it reads or writes."""
        if self._rows:
            touched = find_tables(statement, include_crud=True, check_columns=True) \
                if isinstance(statement, ClauseElement) else None
            self.flush(touched or None)  # text SQL names no table: write everything first
        return self.conn.execute(statement, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        self.flush()
        return getattr(self.conn, name)

    def _write(self, table: Table, key: Key, kind: str, values: dict) -> None:
        rows = self._rows.setdefault(table, {})
        pending = rows.get(key)
        if pending is None:
            rows[key] = [kind, values]
            return
        merged = MERGED.get((pending[0], kind))
        if merged is None:
            self.flush([table])
            self._rows.setdefault(table, {})[key] = [kind, values]
        elif merged == "":
            del rows[key]
        else:
            rows[key] = [merged, {} if merged == "delete" else {**pending[1], **values}]

    def flush(self, tables: Iterable[Any] | None = None) -> None:
        """Write the buffered rows (of `tables`, or all): per table deletes, inserts, upserts, then updates."""
        wanted = self._rows if tables is None else {t for t in tables if t in self._rows}
        for table in list(wanted):
            rows = self._rows.pop(table)
            groups: dict[tuple[str, tuple[str, ...]], list[dict]] = {}
            for key, (kind, values) in rows.items():
                for step in ("delete", "insert") if kind == "replace" else (kind,):
                    shape = () if step == "delete" else tuple(sorted(values))
                    groups.setdefault((step, shape), []).append(bulk.bulk_params(table, key, step, values))
            for (step, shape), params in sorted(groups.items(), key=lambda g: FLUSH_ORDER.index(g[0][0])):
                bulk.write(self.conn, table, step, shape, params)


def row_key(table: Table, row: dict) -> Key:
    """A row's primary key; a row without one (an autoincrement key) never merges with another."""
    try:
        return tuple([row[n] for n in primary_key(table)])
    except KeyError:
        return (object(),)


def given_key(table: Table, key: Any) -> Key:
    if isinstance(key, dict):
        return tuple([key[n] for n in primary_key(table)])
    return (key,)


def key_clause(table: Table, key: Any) -> ClauseElement:
    return and_(*(c == v for c, v in zip(table.primary_key.columns, given_key(table, key))))
