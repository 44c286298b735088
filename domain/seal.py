"""Ledger seal (niêm phong sổ cái): a digest of the ledger's hash chain recorded in the ledger itself.

A seal states that at event position N the chain's hash was H over C events; anyone holding the
seal (or a digest published outside the system) can later prove that history up to N is unchanged.
Event class names are a persisted schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.values import stable_id


@dataclass(frozen=True)
class ChainPoint:
    """The hash chain at one event position: its hash and how many events it covers."""

    position: int
    chain_hash: str
    count: int


@dataclass(frozen=True)
class Verification:
    """The outcome of checking the ledger: clean, or the first broken position and what is wrong there."""

    ok: bool
    checked: int
    head: ChainPoint | None
    position: int | None = None
    kind: str | None = None  # changed | deleted | inserted | swapped | reordered | truncated | chain | snapshot
    message: str = ""
    other: int | None = None  # the other position of a swapped or moved pair
    digest_position: int | None = None  # where a published digest was found in the chain


@dataclass(frozen=True)
class SealLedger:
    """Seal the ledger's current digest on demand (a periodic job may run it too)."""

    reason: str = ""


class LedgerSeal(Entity):
    """Id = uuid5(subject): one seal per signed decision ("decision/<id>") or per position ("position/<n>")."""

    @staticmethod
    def create_id(subject: str) -> UUID:
        return stable_id("ledger-seal", subject)

    @event("DigestSealed")
    def __init__(
        self, subject: str, position: int, chain_hash: str, count: int, sealed_at: datetime, reason: str,
        by: UUID, role: str,
    ) -> None:
        self.subject = subject
        self.position = position
        self.chain_hash = chain_hash
        self.count = count
        self.sealed_at = sealed_at
        self.reason = reason
        self.sealed_by = by
        self.role = role

    @property
    def point(self) -> ChainPoint:
        return ChainPoint(self.position, self.chain_hash, self.count)
