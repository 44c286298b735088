"""Idempotency keys of API commands (IETF draft "The Idempotency-Key HTTP Header Field").

One row per (caller, key) in the ledger's database (`command_keys`, beside the events): the
fingerprint of the request (method, path, body hash), the ledger position of its command's events,
and its answer (status and body). Rows expire `ttl` after they were made (24 hours by default).

A command's key and answer are written by the transaction that inserts its events
(`LedgerStore.commits_with`): together or not at all, so a retry can never run a command twice,
whenever a crash happened. Another process that ran the same key at the same time finds the key
taken when it commits: its whole transaction is refused and it answers what the first stored.
The answer written with the events is the one expected from them (a step's usual `{"position": p,
"settled": true}`, a creation's new id and position); when the command answers otherwise (an item
inside an aggregate, read models not yet there), the answer is corrected just after, in a
transaction that does not wait for the disk.
A crash or power cut between the two leaves the expected answer, which is still true: the command
was recorded at that position, and the read models catch up to it. A command that records nothing
(a refusal) stores its answer alone, unless another request stored one for the key first. Within
one process a retry while the first still runs is told so (`exclusive`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from adapters.ledger.store import LedgerStore
from domain.clock import Clock, utc_now

DEFAULT_TTL = timedelta(hours=24)
Answer = tuple[int, str]  # HTTP status and body


@dataclass(frozen=True)
class Claim:
    """What became of a key: nothing yet (`new`: run the command), its answer (`stored`), or another
    request's key (`mismatch`)."""

    state: Literal["new", "stored", "mismatch"]
    status: int | None = None
    body: str | None = None
    position: int | None = None


@dataclass
class Commit:
    """The key's claim, written with the command's events: their position and the answer stored, once recorded."""

    caller: str
    key: str
    fingerprint: str
    created_at: str
    position: int | None = None
    answer: Answer | None = None


class IdempotencyStore:
    """Find a key, claim it with a command's events, store the answer."""

    def __init__(self, ledger: LedgerStore, clock: Clock = utc_now, ttl: timedelta = DEFAULT_TTL) -> None:
        self.ledger = ledger
        self.clock = clock
        self.ttl = ttl
        self.table = ledger.keys_table
        self._running: set[tuple[str, str]] = set()
        self._running_lock = threading.Lock()

    @contextmanager
    def exclusive(self, caller: str, key: str) -> Iterator[bool]:
        """False when this process already runs a request with this key; else True until the block ends."""
        with self._running_lock:
            mine = (caller, key) not in self._running
            self._running.add((caller, key))
        try:
            yield mine
        finally:
            if mine:
                with self._running_lock:
                    self._running.discard((caller, key))

    def find(self, caller: str, key: str, fingerprint: str) -> Claim:
        """What became of the key (an expired one is as new)."""
        row = self.ledger._one(
            f"SELECT fingerprint, position, status, body FROM {self.table} "
            "WHERE caller = ? AND idempotency_key = ? AND created_at >= ?", (caller, key, self._oldest()),
        )
        if row is None:
            return Claim("new")
        if row["fingerprint"] != fingerprint:
            return Claim("mismatch")
        return Claim("stored", row["status"], row["body"], row["position"])

    @contextmanager
    def claimed_by_commit(
        self, caller: str, key: str, fingerprint: str, expected: Callable[[int, list[UUID]], Answer],
    ) -> Iterator[Commit]:
        """Within the block, the command's event transaction also claims the key with the answer `expected`
        from the position of its last event and the ids of the aggregates it creates (and sweeps expired keys)."""
        claim = Commit(caller, key, fingerprint, self._now())

        def write(curs: Any, positions: Sequence[int], events: Sequence[StoredEvent]) -> None:
            status, body = expected(positions[-1], [e.originator_id for e in events if e.originator_version == 1])
            curs.execute(self.ledger._sql(f"DELETE FROM {self.table} WHERE created_at < ?"), (self._oldest(),))
            curs.execute(self.ledger._sql(
                f"INSERT INTO {self.table} (caller, idempotency_key, fingerprint, position, status, body, created_at) "
                "VALUES (?,?,?,?,?,?,?)"
            ), (caller, key, fingerprint, positions[-1], status, body, claim.created_at))
            claim.position, claim.answer = positions[-1], (status, body)

        with self.ledger.commits_with(write):
            yield claim

    def finish(self, claim: Commit, status: int, body: str) -> None:
        """Store the answer of a command whose events claimed the key, unless it is the one stored with them
        (see the module's note on crashes)."""
        if claim.answer == (status, body):
            return
        with self.ledger.transaction_without_fsync() as curs:
            curs.execute(self.ledger._sql(
                f"UPDATE {self.table} SET status = ?, body = ? WHERE caller = ? AND idempotency_key = ? AND position = ?"
            ), (status, body, claim.caller, claim.key, claim.position))

    def remember(self, caller: str, key: str, fingerprint: str, status: int, body: str) -> Claim:
        """Store the answer of a request that recorded nothing, unless the key has one already: the key's answer."""
        with self.ledger.datastore.transaction(commit=True) as curs:
            curs.execute(self.ledger._sql(
                f"DELETE FROM {self.table} WHERE caller = ? AND idempotency_key = ? AND created_at < ?"
            ), (caller, key, self._oldest()))
            curs.execute(self.ledger._sql(
                f"INSERT INTO {self.table} (caller, idempotency_key, fingerprint, status, body, created_at) "
                "VALUES (?,?,?,?,?,?) ON CONFLICT (caller, idempotency_key) DO NOTHING"
            ), (caller, key, fingerprint, status, body, self._now()))
        return self.find(caller, key, fingerprint)

    def _now(self) -> str:
        return stamp(self.clock())

    def _oldest(self) -> str:
        return stamp(self.clock() - self.ttl)


def stamp(moment: datetime) -> str:
    """A UTC time as text that sorts as time does."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
