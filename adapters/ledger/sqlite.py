"""The ledger on SQLite: links and time-index rows written in the transaction that inserts the events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from adapters.ledger.store import LedgerStore, create_statements


class SQLiteLedgerRecorder(LedgerStore, SQLiteApplicationRecorder):
    """`stored_events` plus `ledger_chain` and `ledger_time_index` in the same file (and the library's
    `stored_snapshots`, written by its own recorder)."""

    param = "?"
    chain_table = "ledger_chain"
    time_table = "ledger_time_index"
    snapshots_table = "stored_snapshots"
    id_column = "rowid"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events") -> None:
        self.events_table = events_table_name
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return super().construct_create_table_statements() + create_statements(
            self.chain_table, self.time_table, "TEXT", "INTEGER", "CREATE VIEW IF NOT EXISTS",
        )

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any,
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        self._append_chain(c, list(zip(positions or (), stored_events, strict=True)))
        return positions
