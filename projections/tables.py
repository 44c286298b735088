"""The read-model schema's shared MetaData and the tracking table; each projection defines its own tables."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, MetaData, String, Table

metadata = MetaData()

projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("projection_name", String(64), primary_key=True),
    Column("notification_id", BigInteger, nullable=False),
)
