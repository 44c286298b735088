"""The keys of open council sessions' ballot boxes, in the database so every process can seal a ballot.

A key exists from convening until the box is opened at closing (see `domain.ballot_seals`); it is never
part of the ledger, and once deleted the sealed envelopes in the ledger cannot be matched to the ballots.
Like the API tokens, the table sits in the read-model database on its own MetaData: `thidua rebuild`
leaves it alone. A backup taken while a session is voting holds that session's key, as the box would.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Column, Engine, LargeBinary, MetaData, Table, Uuid, delete, select
from sqlalchemy.exc import IntegrityError

from adapters.database import READ_ONLY

metadata = MetaData()

ballot_keys = Table(
    "ballot_keys",
    metadata,
    Column("session_id", Uuid, primary_key=True),
    Column("key", LargeBinary, nullable=False),
)


class SqlBallotKeys:
    """`domain.ballot_seals.BallotKeys` on a SQL table."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, engine: Engine) -> SqlBallotKeys:
        metadata.create_all(engine)
        return cls(engine)

    def create(self, session_id: UUID, key: bytes) -> None:
        """Keep the first key made for a session."""
        try:
            with self.engine.begin() as conn:
                conn.execute(ballot_keys.insert().values(session_id=session_id, key=key))
        except IntegrityError:
            pass

    def get(self, session_id: UUID) -> bytes | None:
        with self.engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            return conn.execute(select(ballot_keys.c.key).where(ballot_keys.c.session_id == session_id)).scalar()

    def destroy(self, session_id: UUID) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(ballot_keys).where(ballot_keys.c.session_id == session_id))
