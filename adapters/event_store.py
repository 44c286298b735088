"""Map Settings to the eventsourcing persistence environment (the only place that knows it)."""

from __future__ import annotations

import sqlite3
from urllib.parse import unquote, urlsplit

from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT, SQLiteConnection, SQLiteConnectionPool, SQLiteDatastore, SQLiteFactory,
)

from adapters.config import Settings


STATEMENT_CACHE = 128  # sqlite3's own default
POOL_WAIT = 2.0  # the pool's wait, in lock timeouts


class StatementCachingPool(SQLiteConnectionPool):
    """The library's pool with sqlite3's statement cache at its usual size.

    The library passes `cached_statements=True`, which sqlite3 reads as a cache of one statement:
    a command's SELECT and INSERT, and the ledger's statements beside them, were compiled every time.
    """

    def _create_connection(self) -> SQLiteConnection:
        prepared = super()._create_connection()  # the library's set-up of the file (WAL mode)
        connection = sqlite3.connect(
            self.db_name, uri=True, check_same_thread=False, isolation_level=None, cached_statements=STATEMENT_CACHE,
            timeout=self.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
        )
        prepared.close()
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


class SQLiteStoreFactory(SQLiteFactory):
    """The library's SQLite factory, with its pool waiting as long as SQLite's busy timeout.

    The library's pool gives up after 5 s while SQLite itself waits SQLITE_LOCK_TIMEOUT for the
    file lock; with several processes writing, that surfaced as raw ConnectionUnavailableError.
    A thread queues behind the pool's writer, which may itself wait the whole lock timeout, so the
    pool waits twice that before the service reports the store as busy.
    """

    def __init__(self, env) -> None:  # type: ignore[no-untyped-def]
        super().__init__(env)
        pool, old = self.datastore.pool, self.datastore
        self.datastore = SQLiteDatastore(
            db_name=pool.db_name, lock_timeout=pool.lock_timeout, pool_timeout=POOL_WAIT * (pool.lock_timeout or 30),
            single_row_tracking=old.single_row_tracking, originator_id_type=old.originator_id_type,
        )
        self.datastore.pool = StatementCachingPool(
            db_name=pool.db_name, lock_timeout=pool.lock_timeout, pool_timeout=POOL_WAIT * (pool.lock_timeout or 30),
        )


def event_store_env(settings: Settings) -> dict[str, str]:
    """Every store keeps the tamper-evident ledger (hash chain and time index) beside its events."""
    if settings.is_sqlite:
        return {
            "PERSISTENCE_MODULE": "adapters.event_store:SQLiteStoreFactory",
            "APPLICATION_RECORDER_TOPIC": "adapters.ledger.sqlite:SQLiteLedgerRecorder",
            "SQLITE_DBNAME": settings.sqlite_path,
            "SQLITE_LOCK_TIMEOUT": "30",
        }
    parts = urlsplit(settings.database_url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "APPLICATION_RECORDER_TOPIC": "adapters.ledger.postgres:PostgresLedgerRecorder",
        "POSTGRES_DBNAME": parts.path.lstrip("/"),
        "POSTGRES_HOST": parts.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(parts.port or 5432),
        "POSTGRES_USER": unquote(parts.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(parts.password or ""),
        "POSTGRES_POOL_SIZE": "5",
        "POSTGRES_LOCK_TIMEOUT": "10",
    }
