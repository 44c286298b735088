"""Who an API bearer secret is (its active token, and the roles its person holds now and for which units),
kept per worker.

Both live in the read-model database, and whatever changes them (a token created or revoked, a role
granted or withdrawn through the ledger) is a commit there, which moves `ReadModelState.generation()`.
Until it moves, a holder is kept under the secret's hash (never the secret), so repeated requests with
one token cost no query. Unknown secrets are not kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from uuid import UUID

from cachetools import LRUCache
from sqlalchemy import Engine

from adapters.read_model_state import ReadModelState
from adapters.tokens import ApiToken, TokenStore, digest
from domain.rules.read_access import Reader, token_kinds
from domain.values import Actor
from projections import queries

KEPT_HOLDERS = 4096


@dataclass(frozen=True)
class Holder:
    """An active token and the (role, unit) grants its person holds now (unit None: everywhere)."""

    token: ApiToken
    grants: frozenset[tuple[str, UUID | None]]

    @property
    def holds_role(self) -> bool:
        """A token acts only while its person still holds the token's role."""
        return any(role == self.token.role.value for role, _unit in self.grants)

    @property
    def actor(self) -> Actor:
        return Actor(self.token.person_id, self.token.role)

    @property
    def reader(self) -> Reader:
        """Who reads personal data with this token: its role where it is held, and its scopes."""
        units = tuple(unit for role, unit in sorted(self.grants, key=str) if role == self.token.role.value)
        return Reader(self.token.person_id, self.token.role, units, token_kinds(self.token.scopes))


class Access:
    """Resolve bearer secrets; safe to share between a worker's threads."""

    def __init__(self, tokens: TokenStore, engine: Engine, state: ReadModelState) -> None:
        self.tokens = tokens
        self.engine = engine
        self.state = state
        self._kept: LRUCache = LRUCache(maxsize=KEPT_HOLDERS)
        self._generation: int | None = None
        self._lock = threading.Lock()

    def holder(self, secret: str) -> Holder | None:
        """The holder of the active token with this secret, or None."""
        generation, key = self.state.generation(), digest(secret)
        with self._lock:
            if generation != self._generation:
                self._kept.clear()
                self._generation = generation
            kept = self._kept.get(key)
        if kept is not None:
            return kept
        with self.engine.connect() as conn:
            token = self.tokens.verify(secret, conn)
            if token is None:
                return None
            found = Holder(token, frozenset(queries.person_grants(conn, token.person_id)))
        with self._lock:
            if self._generation == generation:  # nothing changed while it was read
                self._kept[key] = found
        return found
