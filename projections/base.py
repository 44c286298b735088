"""What a projection is: a named writer of its own tables, dispatching on event classes.

A projection only reads events; it writes its rows inside the runner's transaction, together
with its tracking position, so a read model is exactly-once and can be rebuilt from zero.
Handlers get a `Writes`: statements run at once through `execute`, while `insert`, `update`,
`upsert` and `delete` of whole rows by primary key, and `extend` of append-only tables, are buffered
and written in bulk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, and_, select, update
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.util import find_tables

from projections import bulk
from projections.bulk import Key, primary_key

Handler = Callable[..., None]  # (projection, writes, event, position), or (projection, writes, [(event, position)])


def handles(*event_classes: type, batch: bool = False) -> Callable[[Handler], Handler]:
    """Mark a method as the handler of the given event classes.

    A batch handler takes every such event of a batch at once, as (event, position) pairs, after the
    projection's other handlers have seen theirs: for rows that depend on their own event only.
    """

    def mark(method: Handler) -> Handler:
        method._handles = event_classes  # type: ignore[attr-defined]
        method.batch = batch  # type: ignore[attr-defined]
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

    def process(self, conn: Writes, events: Sequence[tuple[Any, int]]) -> None:
        """Apply a batch's events of handled classes, with their positions, in order; batch handlers get theirs last."""
        batched: dict[Handler, list[tuple[Any, int]]] = {}
        for event, position in events:
            handler = self.handlers[event.__class__]
            if handler.batch:  # type: ignore[attr-defined]
                batched.setdefault(handler, []).append((event, position))
            else:
                handler(self, conn, event, position)
        for handler, items in batched.items():
            handler(self, conn, items)


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
    Rows read through `get` are kept until their table is written, so a batch reads each row once.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._rows: dict[Table, dict[Key, list]] = {}
        self._appended: dict[Table, list[dict[str, Sequence]]] = {}
        self._read: dict[Table, dict[Key, dict | None]] = {}

    def insert(self, table: Table, **row: Any) -> None:
        self._write(table, row_key(table, row), "insert", row)

    def extend(self, table: Table, **columns: Sequence) -> None:
        """Insert rows given column by column into a table no other write of the batch touches (append-only):
        they are not merged, and `get` does not see them before they are written."""
        self._appended.setdefault(table, []).append(columns)

    def upsert(self, table: Table, **row: Any) -> None:
        """Insert the row, or set its given columns if a row with its primary key exists."""
        self._write(table, row_key(table, row), "upsert", row)

    def update(self, table: Table, key: Any, **values: Any) -> None:
        """Set columns of the row whose primary key is `key` (a value, or a dict for composite keys)."""
        for value in values.values():
            if isinstance(value, ClauseElement):
                self.execute(update(table).where(key_clause(table, key)).values(**values))
                return
        self._write(table, given_key(table, key), "update", values)

    def delete(self, table: Table, key: Any) -> None:
        self._write(table, given_key(table, key), "delete", {})

    def get(self, table: Table, key: Any) -> dict | None:
        """The row whose primary key is `key` as the batch has left it so far (buffered writes included);
        its values are shared with the batch's copy, so change them by writing, not in place."""
        row_id = given_key(table, key)
        kind, values = self._rows.get(table, {}).get(row_id, ("", {}))
        if kind == "delete":
            return None
        if kind in ("insert", "replace"):
            return dict(values)
        read = self._read.setdefault(table, {})
        if row_id in read:
            found = read[row_id]
        else:
            found = read[row_id] = self.select(table, row_id)
        if found is None:
            return dict(values) if kind == "upsert" else None
        return {**found, **values}

    def prefetch(self, table: Table, keys: Iterable[Any]) -> None:
        """Read the stored rows of `keys` (of a one-column primary key) in one go, for the `get`s to come."""
        read = self._read.setdefault(table, {})
        wanted = [key for key in {(value,) for value in keys} if key not in read]
        if wanted:
            found = self.select_many(table, wanted)
            for key in wanted:
                read[key] = found.get(key)

    def select(self, table: Table, row_id: Key) -> dict | None:
        """The stored row whose primary key is `row_id`, or None."""
        stored = self.conn.execute(bulk.by_key(table), bulk.key_params(table, row_id)).mappings().first()
        return None if stored is None else dict(stored)

    def select_many(self, table: Table, row_ids: Sequence[Key]) -> dict[Key, dict]:
        """The stored rows whose primary keys (one column) are among `row_ids`, by key."""
        column = table.primary_key.columns[0]
        found = self.conn.execute(select(table).where(column.in_([key for key, in row_ids]))).mappings()
        return {(row[column.key],): dict(row) for row in found}

    def execute(self, statement: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a statement now, after writing the buffered rows of the tables it reads or writes."""
        if self._rows or self._appended or self._read:
            touched = find_tables(statement, include_crud=True, check_columns=True) \
                if isinstance(statement, ClauseElement) else None
            self.flush(touched or None)  # text SQL names no table: write everything first
        return self.conn.execute(statement, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        self.flush()
        return getattr(self.conn, name)

    def _write(self, table: Table, key: Key, kind: str, values: dict) -> None:
        rows = self._rows.get(table)
        if rows is None:
            rows = self._rows[table] = {}
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
        """Write the buffered rows (of `tables`, or all): per table deletes, inserts, upserts, then updates.
        The rows read from these tables are forgotten, as a statement may be about to change them."""
        if tables is None:
            self._read.clear()
            wanted = {*self._rows, *self._appended}
        else:
            wanted = set(tables)
            for table in wanted:
                self._read.pop(table, None)
        for table in wanted:
            for columns in self._appended.pop(table, ()):
                bulk.write_columns(self.conn, table, columns)
            groups: dict[tuple[str, tuple[str, ...]], list[bulk.Row]] = {}
            for key, (kind, values) in self._rows.pop(table, {}).items():
                for step in ("delete", "insert") if kind == "replace" else (kind,):
                    shape = () if step == "delete" else tuple(sorted(values))
                    groups.setdefault((step, shape), []).append((key, values))
            for (step, shape), rows in sorted(groups.items(), key=lambda g: FLUSH_ORDER.index(g[0][0])):
                bulk.write(self.conn, table, step, shape, rows)


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
