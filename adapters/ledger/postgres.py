"""The ledger on PostgreSQL: links written after the insert, under the library's EXCLUSIVE table lock, then the
inline read models and the idempotency key in the same transaction.

The lock serialises every insert transaction of the application, so each transaction reads the
chain head committed by the one before it: the chain has no forks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg import Connection, Cursor
from psycopg.sql import SQL

from adapters.ledger.pipelined import PipelinedTransaction
from adapters.ledger.store import LedgerStore, create_statements

PIPELINED_EVENTS = 1000  # pipelined inserts stay well below the size that deadlocked (20,000 passed, 30,000 hung)
LARGE_SAVE_IDLE_SECONDS = 120


class OneTransactionRecorder(PostgresApplicationRecorder):
    """The library's insert (table lock, NOTIFY, the rows, then `_fetch_ids_after_insert_events`), followed by
    `_write_extra` in the same transaction. A command's transaction runs in pipeline mode from its BEGIN to its
    COMMIT (`adapters.ledger.pipelined`): the client waits for the events' positions, for what the writes
    beside them read, and for the commit. An error from any of them rolls the whole transaction back (the
    library keeps an error raised after its insert to raise once its transaction block has ended, which would
    commit the events without the rest)."""

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return super().insert_events(stored_events, **kwargs)
        with self.datastore.get_connection() as conn, write_transaction(conn, len(stored_events)) as transaction:
            with conn.cursor() as curs:
                self._insert_events(curs, stored_events, **kwargs)
                self._insert_stored_events(curs, stored_events, **kwargs)
                transaction.sync()  # a duplicate event fails here, not at the commit
                positions = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
            with transaction.cursor() as curs:
                self._write_extra(curs, positions, stored_events)
        return positions

    def _write_extra(self, curs: Cursor[Any], positions: Sequence[int] | None, stored_events: Sequence[StoredEvent]) -> None:
        """Nothing beside the events (see `LedgerStore`)."""


def write_transaction(conn: Connection[Any], count: int) -> AbstractContextManager[Any]:
    """A pipelined transaction for a command's few events; none for a large batch (an office's import): one
    INSERT of some tens of thousands of events in pipeline mode left client and server each waiting for the
    other, forever, with the table lock held."""
    return PipelinedTransaction(conn) if count <= PIPELINED_EVENTS else Unpipelined(conn)


class Unpipelined:
    """A large save's transaction, statement by statement. It may wait on the client for longer than the
    library's idle-in-transaction timeout (5 s) while it encodes a large batch."""

    def __init__(self, conn: Connection[Any]) -> None:
        self.conn = conn
        self._transaction = conn.transaction()

    def __enter__(self) -> Unpipelined:
        self._transaction.__enter__()
        self.conn.execute(f"SET LOCAL idle_in_transaction_session_timeout = '{LARGE_SAVE_IDLE_SECONDS}s'")
        return self

    def __exit__(self, *exc: Any) -> bool | None:
        return self._transaction.__exit__(*exc)

    def sync(self) -> None:
        """Nothing to wait for: every statement has already run."""

    def cursor(self) -> Cursor[Any]:
        return self.conn.cursor()


class PostgresLedgerRecorder(LedgerStore, OneTransactionRecorder):
    """`<app>_events` plus `ledger_chain` and `ledger_time_index` in the same schema (and the library's
    `<app>_snapshots`, written by its own recorder)."""

    param = "%s"
    id_column = "notification_id"

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events") -> None:
        schema = datastore.schema
        self.events_table = f"{schema}.{events_table_name}"
        self.chain_table = f"{schema}.ledger_chain"
        self.time_table = f"{schema}.ledger_time_index"
        self.snapshots_table = f"{schema}.{events_table_name.removesuffix('_events')}_snapshots"
        self.keys_table = f"{schema}.command_keys"
        super().__init__(datastore, events_table_name=events_table_name)
        tables = create_statements(self.chain_table, self.time_table, "uuid", "bigint", "CREATE OR REPLACE VIEW", self.keys_table)
        self.sql_create_statements += [SQL(statement) for statement in tables]  # type: ignore[arg-type]

    def bind_id(self, originator_id: UUID | str) -> Any:
        return originator_id if isinstance(originator_id, UUID) else UUID(originator_id)

    def _earlier_links(self, earlier: list[tuple[str, int]]) -> tuple[str, list[Any]]:
        """One statement shape whatever the batch's size: the pairs as two arrays (a long OR list costs the
        planner more than the lookups)."""
        source = (
            f"unnest(%s::uuid[], %s::bigint[]) AS k(oid, version) JOIN {self.events_table} e "
            f"ON e.originator_id = k.oid AND e.originator_version = k.version "
            f"JOIN {self.chain_table} c ON c.notification_id = e.notification_id"
        )
        return source, [[UUID(oid) for oid, _v in earlier], [version for _oid, version in earlier]]

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any,
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        self._append_chain(curs, list(zip(positions or (), stored_events, strict=True)))
        return positions

    def driver_connection(self, curs: Cursor[Any]) -> Any:
        return curs.connection

    def _lock_events(self, curs: Any) -> None:
        for statement in self.lock_table_statements:
            curs.execute(statement)

    def _after_import(self, curs: Any) -> None:
        renumber = SQL("SELECT setval(pg_get_serial_sequence(%s, 'notification_id'), (SELECT MAX(notification_id) FROM {}))")
        curs.execute(renumber.format(SQL(self.events_table)), (self.events_table,))

    @contextmanager
    def transaction_without_fsync(self) -> Iterator[Cursor[Any]]:
        """A write whose commit does not wait for the WAL flush (a crash may lose it, never corrupt)."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute("SET LOCAL synchronous_commit = off")
            yield curs
