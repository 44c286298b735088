"""The read-model database: engine and schema. Read models are disposable: rebuilt from the ledger."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event

from projections.tables import metadata


WAL_SWITCH_WAIT = 30.0  # seconds, as the busy timeout
READ_ONLY = "read_only"  # execution option: a writer engine's connection that only reads takes no write lock


def make_engine(url: str, *, writer: bool = False) -> Engine:
    """An engine for the read models; on SQLite, a writer takes the lock up front (BEGIN IMMEDIATE)
    unless the connection says it only reads (`execution_options(read_only=True)`).

    Read-model commits use synchronous=NORMAL: a crash can lose only the last catch-up, whose
    tracking row is lost with it, so the next catch-up redoes it from the ledger.
    """
    if not url.startswith("sqlite"):
        return create_engine(url, pool_size=5, max_overflow=5, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=30000")
        use_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # type: ignore[no-untyped-def]
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writer and not reading else "BEGIN")

    return engine


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
    metadata.create_all(engine)


def drop_read_model_schema(engine: Engine) -> None:
    metadata.drop_all(engine)
