"""The read-model database: engine and schema. Read models are disposable: rebuilt from the ledger."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.pq import ConnStatus
from sqlalchemy import BigInteger, Connection, Engine, MetaData, create_engine, event, text
from sqlalchemy.exc import DisconnectionError

from projections.tables import DERIVED, create_indexes, metadata


WAL_SWITCH_WAIT = 30.0  # seconds, as the busy timeout
READ_ONLY = "read_only"  # execution option: a writer engine's connection that only reads takes no write lock


def make_engine(url: str, *, writer: bool = False) -> Engine:
    """An engine for the read models; on SQLite, a writer takes the lock up front (BEGIN IMMEDIATE)
    unless the connection says it only reads (`execution_options(read_only=True)`).

    SQLite commits wait for the disk (synchronous=FULL: accounts, API tokens, idempotency records and
    ballot keys live here too), except the read models' own transactions (`derived_transaction`), which
    commit with synchronous=NORMAL: a power loss can lose only the last catch-ups, whose tracking rows are
    lost with them, so the next catch-up redoes them from the ledger.

    On PostgreSQL a reader runs each statement on its own (autocommit: no BEGIN and ROLLBACK around a
    request's reads; under READ COMMITTED each statement had its own snapshot anyway), and a pooled
    connection is checked out without a round trip (`alive`).
    """
    if not url.startswith("sqlite"):
        engine = create_engine(url, pool_size=5, max_overflow=5, **({} if writer else {"isolation_level": "AUTOCOMMIT"}))
        event.listen(engine, "checkout", alive)
        return engine
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        use_wal(cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        options = connection.get_execution_options()
        if writer and not options.get(READ_ONLY, False):
            wait_for_disk(connection, not options.get(DERIVED, False))
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection is usable unless the server closed it (a restart, a terminated backend):
    what arrived on its socket is read without waiting, as SQLAlchemy's pre-ping would learn with a query.
    A dead one is replaced (SQLAlchemy retries the checkout with a new connection)."""
    pgconn = dbapi_connection.pgconn
    try:
        for _read in range(2):  # a terminated backend's goodbye, then the end of its socket
            pgconn.consume_input()
    except psycopg.OperationalError as error:
        raise DisconnectionError(str(error)) from error
    if pgconn.status != ConnStatus.OK:
        raise DisconnectionError("the server closed the connection")


def wait_for_disk(connection: Connection, wait: bool) -> None:
    """Set whether the coming transaction's commit waits for the disk (SQLite takes the setting only
    outside a transaction); the connection remembers its setting, so it is sent only when it changes."""
    level = "FULL" if wait else "NORMAL"
    info = connection.connection.info
    if info.get("synchronous") != level:
        connection.exec_driver_sql(f"PRAGMA synchronous={level}")
        info["synchronous"] = level


def use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL once. The switch needs an exclusive lock and SQLite refuses it at once
    (no busy wait) while another process holds the file, so it is retried until one process has done it."""
    deadline = time.monotonic() + WAL_SWITCH_WAIT
    while cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


SCHEMA_LOCK = 7_141_823_001  # a PostgreSQL advisory lock key: one process creates tables at a time


@contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Processes starting together on PostgreSQL take turns creating tables (event store and read models)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({SCHEMA_LOCK})")
        try:
            yield
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK})")
            conn.commit()


def create_read_model_schema(engine: Engine) -> None:
    """Every read-model table and index that is missing (a rebuild cut short leaves its indexes out),
    and every integer column the model declares BIGINT widened where an older version made it INTEGER."""
    widen_integers(engine)
    metadata.create_all(engine)
    create_indexes(engine, metadata.sorted_tables)


NARROW_COLUMNS = text(
    "SELECT table_name, column_name FROM information_schema.columns"
    " WHERE table_schema = current_schema() AND data_type IN ('smallint', 'integer')"
)
SERIAL_SEQUENCE = text("SELECT pg_get_serial_sequence(:table, :column)")


def widen_integers(engine: Engine, schema: MetaData = metadata) -> None:
    """PostgreSQL tables made before money, positions and counters were BIGINT are altered in place (one
    rewrite per table), keeping their rows: no replay of the ledger. A serial column's sequence is widened
    with it. SQLite's integers are 64-bit whatever a column declares."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        narrow: dict[str, list[str]] = {}
        for table, column in conn.execute(NARROW_COLUMNS):
            declared = schema.tables.get(table)
            if declared is not None and column in declared.c and isinstance(declared.c[column].type, BigInteger):
                narrow.setdefault(table, []).append(column)
        quote = engine.dialect.identifier_preparer.quote
        for table, columns in narrow.items():
            changes = ", ".join(f"ALTER COLUMN {quote(c)} TYPE BIGINT" for c in columns)
            conn.exec_driver_sql(f"ALTER TABLE {quote(table)} {changes}")
            for column in columns:
                sequence = conn.execute(SERIAL_SEQUENCE, {"table": table, "column": column}).scalar_one()
                if sequence is not None:
                    conn.exec_driver_sql(f"ALTER SEQUENCE {sequence} AS BIGINT")


def drop_read_model_schema(engine: Engine) -> None:
    metadata.drop_all(engine)
