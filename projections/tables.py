"""The read-model schema's shared MetaData and the tracking table; each projection defines its own tables."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Connection, MetaData, String, Table

metadata = MetaData()

projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("projection_name", String(64), primary_key=True),
    Column("notification_id", BigInteger, nullable=False),
)

READ_MODELS_CHANNEL = "thidua_read_models"  # PostgreSQL NOTIFY channel: the read models (or API tokens) changed


def commit_without_waiting_for_disk(conn: Connection) -> None:
    """Let `conn`'s transaction commit without waiting for its WAL record to reach the disk (PostgreSQL's
    `synchronous_commit = off`, for this transaction only). Read models are derived data: a server crash
    can lose the last catch-ups as a whole (rows and tracking positions together, never half of one), and
    the next catch-up redoes them from the ledger. SQLite read-model connections already commit with
    `synchronous=NORMAL` (adapters/database.py)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")


def announce_change(conn: Connection) -> None:
    """Tell every web worker's listener, on commit of `conn`'s transaction, that the read models changed
    (adapters/read_model_state.py). SQLite needs no message: a reader sees another connection's commit."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"NOTIFY {READ_MODELS_CHANNEL}")
