"""The read-model schema's shared MetaData and the tracking table; each projection defines its own tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import BigInteger, Column, Connection, Engine, MetaData, String, Table
from sqlalchemy.schema import CreateTable

metadata = MetaData()

projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("projection_name", String(64), primary_key=True),
    Column("notification_id", BigInteger, nullable=False),
)

READ_MODELS_CHANNEL = "thidua_read_models"  # PostgreSQL NOTIFY channel: the read models (or API tokens) changed
DERIVED = "derived_data"  # execution option: a transaction of derived data, committed without waiting for the disk


@contextmanager
def derived_transaction(engine: Engine) -> Iterator[Connection]:
    """A read-model transaction that commits without waiting for its log to reach the disk: SQLite's
    `synchronous=NORMAL` (set by adapters/database.py before the transaction begins), PostgreSQL's
    `synchronous_commit = off` for this transaction only. Read models are derived data: a power loss or a
    server crash can lose the last catch-ups as a whole (rows and tracking positions together, never half
    of one), and the next catch-up redoes them from the ledger. Every other write to the read-model
    database (accounts, API tokens but not their uses, idempotency records, ballot keys) waits for the disk."""
    with engine.connect().execution_options(**{DERIVED: True}) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        yield conn


@contextmanager
def pages_left_as_they_are(conn: Connection) -> Iterator[None]:
    """SQLite: pages freed meanwhile on `conn` are not overwritten with zeros (`secure_delete`, on in some builds,
    this one's too), for dropping the read models: their words are the ledger's, kept in the same file, so zeroing
    them hid nothing and cost a province-year's rebuild 0.29 s of CPU (0.03 s without) and ~1.2 s of writes."""
    if conn.dialect.name != "sqlite":
        yield
        return
    was = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
    conn.exec_driver_sql("PRAGMA secure_delete = 0")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA secure_delete = {int(was)}")


def create_tables(conn: Connection, tables: Sequence[Table]) -> None:
    """Create `tables` without their secondary indexes and without what their `after_create` hooks add (the
    search projection's full-text index): `create_indexes` adds both once the rows are in."""
    for table in tables:
        conn.execute(CreateTable(table))


def create_indexes(engine: Engine, tables: Sequence[Table]) -> None:
    """Create the secondary indexes of `tables` that are missing, and run their `after_create` hooks (written
    to be run again: they create what is missing and index the rows written without them): one sort over
    the rows each, instead of an index entry placed at random for every row written."""
    with engine.begin() as conn:
        for table in tables:
            for index in table.indexes:
                index.create(conn, checkfirst=True)
            table.dispatch.after_create(table, conn, checkfirst=True, _ddl_runner=None, _is_metadata_operation=False)


def announce_change(conn: Connection) -> None:
    """Tell every web worker's listener, on commit of `conn`'s transaction, that the read models changed
    (adapters/read_model_state.py). SQLite needs no message: a reader sees another connection's commit."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"NOTIFY {READ_MODELS_CHANNEL}")
