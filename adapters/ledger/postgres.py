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

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Connection, Cursor
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from adapters.ledger.pipelined import PipelinedTransaction
from adapters.ledger.reading import events_statement
from adapters.ledger.store import LedgerStore, create_statements

NOTIFY_POSITION = "SELECT pg_notify(%s, %s)"  # the library's notification, its payload the transaction's last position
PIPELINED_EVENTS = 1000  # pipelined inserts stay well below the size that deadlocked (20,000 passed, 30,000 hung)
LARGE_SAVE_IDLE_SECONDS = 120


class OneTransactionRecorder(PostgresApplicationRecorder):
    """The library's insert (table lock, NOTIFY, the rows, then `_fetch_ids_after_insert_events`), followed by
    `_write_extra` in the same transaction. A command's transaction runs in pipeline mode from its BEGIN to its
    COMMIT (`adapters.ledger.pipelined`): the client waits for the events' positions, for what the writes
    beside them read, and for the commit. An error from any of them rolls the whole transaction back (the
    library keeps an error raised after its insert to raise once its transaction block has ended, which would
    commit the events without the rest)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lock_table_statements = [statement.as_string() for statement in self.lock_table_statements]  # composed once
        self._insert_rows = SQL("INSERT INTO {}.{} (originator_id, originator_version, topic, state) VALUES ").format(
            Identifier(self.datastore.schema), Identifier(self.events_table_name),
        ).as_string()

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return super().insert_events(stored_events, **kwargs)
        with self.datastore.get_connection() as conn, write_transaction(conn, len(stored_events)) as transaction:
            curs = transaction.statements
            self._insert_events(curs, stored_events, **kwargs)
            self._insert_stored_events(curs, stored_events, **kwargs)
            transaction.sync()  # a duplicate event fails here, not at the commit
            positions = self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
            curs.execute(NOTIFY_POSITION, (self.channel_name, str(positions[-1])), prepare=True)
            with transaction.cursor() as beside:
                self._write_extra(beside, positions, stored_events)
        return positions

    def _insert_stored_events(self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        """The library's table lock, then the events as rows of plain parameters: the library's array of composite
        values is dumped in Python, field by field (twice the CPU of the whole INSERT for a command's event). A large
        batch goes the library's way (a statement takes at most 65,535 parameters)."""
        if len(stored_events) > PIPELINED_EVENTS:
            super()._insert_stored_events(curs, stored_events, **kwargs)
            return
        self._lock_table(curs)
        rows = ", ".join(["(%s, %s, %s, %s)"] * len(stored_events))
        params = [value for e in stored_events for value in (e.originator_id, e.originator_version, e.topic, e.state)]
        curs.execute(f"{self._insert_rows}{rows} RETURNING notification_id", params)

    def _notify_channel(self, curs: Cursor[Any]) -> None:
        """The library's NOTIFY is sent once the positions are known, with the last of them (above)."""

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
        self.statements = conn.cursor()  # the events' statements

    def __enter__(self) -> Unpipelined:
        self._transaction.__enter__()
        self.statements.execute(f"SET LOCAL idle_in_transaction_session_timeout = '{LARGE_SAVE_IDLE_SECONDS}s'")
        return self

    def __exit__(self, *exc: Any) -> bool | None:
        try:
            return self._transaction.__exit__(*exc)
        finally:
            self.statements.close()

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
        self._select_events = f"SELECT originator_id, originator_version, topic, state FROM {self.events_table} WHERE originator_id=%s "
        tables = create_statements(self.chain_table, self.time_table, "uuid", "bigint", "CREATE OR REPLACE VIEW", self.keys_table)
        self.sql_create_statements += [SQL(statement) for statement in tables]  # type: ignore[arg-type]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(
        self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None, desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        """The library's query as a plain string (not composed again at each call), its rows as tuples."""
        statement, params = events_statement(self._select_events, "%s", originator_id, gt, lte, desc, limit)
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(statement, params, prepare=True)
            return [
                StoredEvent(originator_id=oid, originator_version=version, topic=topic, state=state)
                for oid, version, topic, state in curs.fetchall()
            ]

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
