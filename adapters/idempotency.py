"""Idempotency keys of API commands (IETF draft "The Idempotency-Key HTTP Header Field").

One row per (caller, key): the fingerprint of the first request (method, path, body hash) and,
once it finished, its status and body. A retry with the same key and fingerprint gets the stored
answer; another request under the same key is a mismatch; a retry while the first still runs
finds the row without an answer. Rows expire `ttl` after they were made (24 hours by default).

Like the API tokens, the table lives in the read-model database on its own MetaData: it is not a
projection, so `thidua rebuild` leaves it alone. It is never part of the ledger.

If the process dies after the command was committed but before its answer was stored, the row
stays without an answer. For `RUNNING_LEASE` a retry is told the first is still running (409);
after that a retry takes the key over and runs the command again. The domain then refuses a
repeated step where the step cannot happen twice (a second approval of a stage, a second
nomination of the same person for the same title, a second decision with the same number: 409),
but a command that records a new item each time (a progress-report correction, an objection, an
initiative, a council session) is recorded a second time. That window is the time between the
ledger commit and one UPDATE of this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from sqlalchemy import Column, DateTime, Engine, Integer, MetaData, String, Table, Text, delete, select, update
from sqlalchemy.exc import IntegrityError

from domain.clock import Clock, utc_now
from projections.common import utc

DEFAULT_TTL = timedelta(hours=24)
RUNNING_LEASE = timedelta(minutes=2)  # far longer than a command with its read-your-writes wait

metadata = MetaData()

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("caller", String(200), primary_key=True),
    Column("idempotency_key", String(255), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("status", Integer),  # None while the first request runs
    Column("body", Text),
    Column("created_at", DateTime, nullable=False, index=True),
)


@dataclass(frozen=True)
class Claim:
    """What a request may do with its key: run (new: then `finish` or `release`), answer what was
    stored, or be refused because the key was used for another request or its first run has not answered."""

    state: Literal["new", "stored", "mismatch", "running"]
    status: int | None = None
    body: str | None = None


class IdempotencyStore:
    """Claim a key for a request, then store its answer or release the key."""

    def __init__(self, engine: Engine, clock: Clock = utc_now, ttl: timedelta = DEFAULT_TTL) -> None:
        self.engine = engine
        self.clock = clock
        self.ttl = ttl

    @classmethod
    def open(cls, engine: Engine, clock: Clock = utc_now, ttl: timedelta = DEFAULT_TTL) -> IdempotencyStore:
        """The store on a database, its table created if missing."""
        metadata.create_all(engine)
        return cls(engine, clock, ttl)

    def claim(self, caller: str, key: str, fingerprint: str) -> Claim:
        """Take the key for this request, or say what became of the request that took it first."""
        now = utc(self.clock())
        row = self._row(caller, key)
        with self.engine.begin() as conn:
            conn.execute(delete(idempotency_keys).where(idempotency_keys.c.created_at < now - self.ttl))
            try:
                with conn.begin_nested():
                    conn.execute(idempotency_keys.insert().values(
                        caller=caller, idempotency_key=key, fingerprint=fingerprint, created_at=now,
                    ))
                return Claim("new")
            except IntegrityError:
                stored = conn.execute(select(idempotency_keys).where(row)).mappings().one()
            if stored["fingerprint"] != fingerprint:
                return Claim("mismatch")
            if stored["status"] is not None:
                return Claim("stored", stored["status"], stored["body"])
            taken_over = conn.execute(update(idempotency_keys).where(
                row, idempotency_keys.c.status.is_(None), idempotency_keys.c.created_at < now - RUNNING_LEASE,
            ).values(created_at=now)).rowcount
            return Claim("new" if taken_over else "running")

    def finish(self, caller: str, key: str, status: int, body: str) -> None:
        """Store the answer that every retry with this key gets from now on."""
        with self.engine.begin() as conn:
            conn.execute(update(idempotency_keys).where(self._row(caller, key)).values(status=status, body=body))

    def release(self, caller: str, key: str) -> None:
        """Forget a claim whose request did not finish (a server error, a busy store): a retry runs again."""
        with self.engine.begin() as conn:
            conn.execute(delete(idempotency_keys).where(self._row(caller, key), idempotency_keys.c.status.is_(None)))

    @staticmethod
    def _row(caller: str, key: str):  # type: ignore[no-untyped-def]
        return (idempotency_keys.c.caller == caller) & (idempotency_keys.c.idempotency_key == key)
