"""The ledger on SQLite: links, time-index rows, inline read models and idempotency keys written in the transaction
that inserts the events."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from adapters.ledger.reading import events_statement
from adapters.ledger.store import LedgerStore, create_statements


class SQLiteLedgerRecorder(LedgerStore, SQLiteApplicationRecorder):
    """`stored_events` plus `ledger_chain` and `ledger_time_index` in the same file (and the library's
    `stored_snapshots`, written by its own recorder)."""

    param = "?"
    chain_table = "ledger_chain"
    time_table = "ledger_time_index"
    snapshots_table = "stored_snapshots"
    keys_table = "command_keys"
    id_column = "rowid"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events") -> None:
        self.events_table = events_table_name
        super().__init__(datastore, events_table_name)
        self._readers = threading.local()
        self._select_events = f"SELECT originator_id, originator_version, topic, state FROM {events_table_name} WHERE originator_id=? "

    def select_events(
        self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's query, on a connection this thread keeps for reading: one statement reads one committed
        state of the file, without the library's pool and BEGIN/COMMIT around it (a third of a cold load).
        An in-memory store is read the library's way."""
        reader = self._reader()
        if reader is None:
            return super().select_events(originator_id, gt=gt, lte=lte, desc=desc, limit=limit)
        bound_id = originator_id.hex if isinstance(originator_id, UUID) else originator_id
        statement, params = events_statement(self._select_events, "?", bound_id, gt, lte, desc, limit)
        convert = self.convert_originator_id
        return [
            StoredEvent(originator_id=convert(oid), originator_version=version, topic=topic, state=state)
            for oid, version, topic, state in reader.execute(statement, params).fetchall()
        ]

    def _reader(self) -> sqlite3.Connection | None:
        """This thread's read connection to the file (closed when the recorder and the thread are gone; a forked
        process opens its own)."""
        reader = getattr(self._readers, "connection", None)
        if reader is None or self._readers.pid != os.getpid():
            pool = self.datastore.pool
            if pool.is_sqlite_memory_mode:
                return None
            reader = self._readers.connection = sqlite3.connect(
                pool.db_name, uri=True, isolation_level=None, check_same_thread=False, timeout=pool.lock_timeout or 5,
            )
            self._readers.pid = os.getpid()
        return reader

    def construct_create_table_statements(self) -> list[str]:
        return super().construct_create_table_statements() + create_statements(
            self.chain_table, self.time_table, "TEXT", "INTEGER", "CREATE VIEW IF NOT EXISTS", self.keys_table,
        )

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any,
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        self._append_chain(c, list(zip(positions or (), stored_events, strict=True)))
        self._write_extra(c, positions, stored_events)
        return positions

    def driver_connection(self, curs: SQLiteCursor) -> Any:
        return curs.sqlite_cursor.connection

    @contextmanager
    def transaction_without_fsync(self) -> Iterator[SQLiteCursor]:
        """A write whose commit does not wait for the disk (WAL with synchronous=NORMAL): a power cut may
        lose it, never corrupt the file. SQLite takes the setting only between transactions."""
        with self.datastore.get_connection(commit=True) as conn:
            sqlite = conn._sqlite_conn  # noqa: SLF001 - the library keeps the sqlite3 connection private
            level = sqlite.execute("PRAGMA synchronous").fetchone()[0]
            sqlite.execute("PRAGMA synchronous=NORMAL")
            try:
                with conn.transaction(commit=True) as curs:
                    yield curs
            finally:
                sqlite.execute(f"PRAGMA synchronous={int(level)}")
