"""Catch-up and rebuild: pull notifications after the tracked position, apply every projection, and
commit the rows with the new tracking positions in one transaction per batch. Inline: apply a command's
events in the transaction that records them (`Projector.write_inline`)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from eventsourcing.application import Application
from eventsourcing.utils import resolve_topic
from sqlalchemy import Connection, Engine, Table

from projections import bulk
from projections.base import Projection, Writes
from projections.bulk import Key
from projections.decoding import Decoder
from projections.tables import (
    announce_change, create_indexes, create_tables, derived_transaction, metadata, pages_left_as_they_are,
    projection_tracking,
)

Progress = Callable[[int, int], None]  # (processed so far, target position)
TRACKING = projection_tracking.name


class Unseen(Protocol):
    """A command's notifications (in order), able to give those recorded between a position and them."""

    def __getitem__(self, index: int) -> Any: ...

    def __len__(self) -> int: ...

    def since(self, position: int) -> Sequence | None:
        """Every notification after `position` up to the command's last, or None when there are too many."""
        ...


def driver_execute(conn: Connection, sql: str, params: Sequence = ()) -> tuple[list, int]:
    """Run `sql` (placeholders written `?`) on the driver's cursor in `conn`'s transaction: its rows and row count.
    The tracking statements of every batch and every inline write go this way, without SQLAlchemy's
    per-statement execution (two thirds of an inline write's own cost)."""
    if conn.dialect.paramstyle != "qmark":
        sql = sql.replace("?", "%s")
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, tuple(params))
        return (cursor.fetchall() if cursor.description else []), cursor.rowcount
    finally:
        cursor.close()


def marks(count: int) -> str:
    return ", ".join(["?"] * count)


@dataclass
class Projector:
    """Keeps the read models of one application's ledger up to date."""

    app: Application
    engine: Engine
    projections: Sequence[Projection]
    batch_size: int = 500
    rebuild_batch_size: int = 2000  # larger transactions while nobody is waiting for a read
    names: list[str] = field(init=False)
    decode: Decoder = field(init=False)  # a catch-up's events (the inline path's come from its mapper)
    reached: int = field(init=False, default=0)  # the highest position this runner has committed or seen
    after_commit: Callable[[], None] = lambda: None  # told after each batch commits (this process's readers)

    def __post_init__(self) -> None:
        self.names = [p.name for p in self.projections]
        self.decode = Decoder(self.app.mapper)

    def position(self) -> int:
        """The event position every read model reflects ("as of event #N")."""
        with self.engine.connect().execution_options(read_only=True) as conn:
            return min(self._positions(conn)[0].values())

    def catch_up(self, progress: Progress | None = None, *, batch_size: int | None = None, stop: int | None = None) -> int:
        """Apply every event not yet projected (up to position `stop`, if given); returns the position reached.

        Each batch is read from the ledger before its read-model transaction begins: on SQLite that
        transaction holds the database's write lock, and a command waiting for the lock may hold the last
        of the library's pooled connections. The batch is read after the position this runner last saw
        and used only if the read models are still there (another runner may have moved them, a rebuild
        reset them). A batch shorter than asked for means the ledger had nothing more, so a catch-up
        after one command costs no query for the ledger's end (`progress` needs it, to show how far)."""
        limit = batch_size or self.batch_size
        target = stop
        if progress is not None:
            end = self.app.recorder.max_notification_id() or 0
            target = end if stop is None else min(end, stop)
        start = self.reached or self.position()
        while True:
            with collector_paused():
                batch = [] if target is not None and start >= target else unread(self.app.recorder, start, limit, target)
                if not batch:
                    found = self.position()
                    if found == start:
                        self.reached = max(self.reached, start)
                        return start
                    start = found
                    continue
                with derived_transaction(self.engine) as conn:
                    positions, stored = self._positions(conn)
                    found = min(positions.values())
                    if found != start:
                        start = found
                        continue  # the read models moved since: read the ledger again from where they are
                    self._apply(DriverWrites(conn), batch, positions, self.decode)
                    self._advance(conn, positions, stored, batch[-1].id)
                    announce_change(conn)
            self.after_commit()
            self.reached = max(self.reached, batch[-1].id)
            if progress is not None:
                progress(batch[-1].id, target)  # type: ignore[arg-type]
            if len(batch) < limit or (target is not None and batch[-1].id >= target):
                return batch[-1].id
            start = batch[-1].id

    def write_inline(self, conn: Connection, unseen: Unseen) -> int | None:
        """Apply a command's events on `conn`, a connection over the transaction that records them: rows and
        positions commit with the events, or not at all (an error here fails the command). Events recorded
        before them that these read models have not seen are applied first; when there are too many (an
        import), nothing is written and the catch-up brings the read models there. The position reached, or None.

        Usually every read model is at the event before the command's (the previous command wrote them): one
        UPDATE then moves them all and the command's events are applied; only when it moved fewer are the
        positions read (and those it moved put back first)."""
        first, last = unseen[0].id, unseen[-1].id
        if self._move(conn, first - 1, last) == len(self.names):
            self._apply(Writes(conn), unseen, dict.fromkeys(self.names, first - 1))
            announce_change(conn)
            return last
        self._move(conn, last, first - 1)  # those moved (no other writer knows `last` yet)
        positions, stored = self._positions(conn, locked=True)
        batch = unseen.since(min(positions.values()))
        if batch is None:
            return None
        self._apply(Writes(conn), batch, positions)
        self._advance(conn, positions, stored, batch[-1].id)
        announce_change(conn)
        return batch[-1].id

    def committed(self, position: int) -> None:
        """The transaction that `write_inline` wrote in has committed, at `position`."""
        self.reached = max(self.reached, position)
        self.after_commit()

    def wait_for(self, position: int, timeout: float = 2.0, interval: float = 0.01) -> bool:
        """Read-your-writes: wait (briefly) until the read models reflect `position`.

        Polls after 1 ms, then backs off gently to `interval`: a projection worker needs a few ms.
        """
        deadline, pause = time.monotonic() + timeout, 0.001
        while self.position() < position:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 1.25, interval)
        return True

    def rebuild(self, progress: Progress | None = None) -> int:
        """Drop every read model and replay the whole ledger from the first event. The tables' secondary
        indexes are built after the last batch (a rebuild cut short leaves them to the next start-up,
        `adapters.database.create_read_model_schema`)."""
        tables = [t for p in self.projections for t in p.tables] + [projection_tracking]
        with self.engine.begin() as conn:
            with pages_left_as_they_are(conn):
                metadata.drop_all(conn, tables=tables)
            create_tables(conn, tables)
            announce_change(conn)
        self.after_commit()
        self.reached = 0
        reached = self.catch_up(progress, batch_size=self.rebuild_batch_size)
        create_indexes(self.engine, tables)
        return reached

    def _apply(self, writes: Writes, batch: Sequence, positions: dict[str, int], decode: Callable[[Any], Any] | None = None) -> None:
        """Each projection gets the batch's events it handles and has not seen yet, in order; an event no
        projection handles is not decoded (by `decode`, else the application's mapper). Buffered rows are written at the end."""
        to_event = decode or self.app.mapper.to_domain_event
        todo: dict[Projection, list[tuple[object, int]]] = {p: [] for p in self.projections}
        routes: dict[str, list[tuple[list, int]]] = {}
        for notification in batch:
            takers = routes.get(notification.topic)
            if takers is None:
                event_class = resolve_topic(notification.topic)
                takers = routes[notification.topic] = [
                    (todo[p], positions[p.name]) for p in self.projections if event_class in p.handlers
                ]
            if takers:
                item = (to_event(notification), notification.id)
                for events, seen in takers:
                    if notification.id > seen:
                        events.append(item)
        for projection, events in todo.items():
            if events:
                projection.process(writes, events)
        writes.flush()

    def _move(self, conn: Connection, position: int, to: int) -> int:
        """Move the tracking rows at `position` to `to`: how many moved."""
        _rows, moved = driver_execute(
            conn, f"UPDATE {TRACKING} SET notification_id = ? WHERE notification_id = ? AND projection_name IN ({marks(len(self.names))})",
            [to, position, *self.names],
        )
        return moved

    def _positions(self, conn: Connection, *, locked: bool = False) -> tuple[dict[str, int], set[str]]:
        """Each projection's tracked position (0 when it has none yet), and which ones have a row (`locked`:
        locked against a concurrent catch-up until the transaction ends; SQLite's writer holds the file)."""
        lock = " FOR UPDATE" if locked and conn.dialect.name == "postgresql" else ""
        rows, _count = driver_execute(
            conn, f"SELECT projection_name, notification_id FROM {TRACKING} WHERE projection_name IN ({marks(len(self.names))}){lock}",
            self.names,
        )
        known = {name: position for name, position in rows}
        return {name: known.get(name, 0) for name in self.names}, set(known)

    def _advance(self, conn: Connection, positions: dict[str, int], stored: set[str], last: int) -> None:
        """Move the tracking rows forward, one statement per starting position; a row moved by
        another runner meanwhile aborts the batch."""
        starts: dict[int, list[str]] = {}
        for name, position in positions.items():
            if position < last:
                starts.setdefault(position, []).append(name)
        for position, names in starts.items():
            moving = [n for n in names if n in stored]
            if moving:
                _rows, moved = driver_execute(
                    conn, f"UPDATE {TRACKING} SET notification_id = ? WHERE notification_id = ? AND projection_name IN ({marks(len(moving))})",
                    [last, position, *moving],
                )
                if moved != len(moving):
                    raise ConcurrentCatchUpError(f"{', '.join(moving)} advanced by another runner; batch rolled back.")
            new = [n for n in names if n not in stored]
            if new:
                values = ", ".join(["(?, ?)"] * len(new))
                driver_execute(conn, f"INSERT INTO {TRACKING} (projection_name, notification_id) VALUES {values}",
                               [value for n in new for value in (n, last)])


def unread(recorder: object, start: int, limit: int, stop: int | None) -> Sequence:
    """At most `limit` notifications after `start` (up to `stop`): the ledger's light reading where the
    recorder has it (`adapters.ledger.reading`), else the library's (a point-in-time replica's events)."""
    light = getattr(recorder, "notifications_after", None)
    if light is not None:
        return light(start, limit, stop)
    return recorder.select_notifications(start, limit, stop=stop, inclusive_of_start=False)  # type: ignore[attr-defined]


class DriverWrites(Writes):
    """A catch-up's writes: rows read back (`Writes.get`, `Writes.prefetch`) are selected through the driver's
    cursor with their statement compiled once (SQLAlchemy's execution of a one-row SELECT cost more than the query)."""

    def select(self, table: Table, row_id: Key) -> dict | None:
        return bulk.look_up(self.conn, table, row_id)

    def select_many(self, table: Table, row_ids: Sequence[Key]) -> dict[Key, dict]:
        return bulk.look_up_many(self.conn, table, row_ids)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a batch is read and applied. The batch's decoded events
    and buffered rows stay alive until it is written, so the collector would scan them over and over
    while reference counting frees them anyway (a SQLite rebuild of a province-year ~11 % faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ConcurrentCatchUpError(Exception):
    """Raised when another runner advanced a projection first; the whole batch is rolled back."""
