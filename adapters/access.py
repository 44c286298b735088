"""Who an API bearer secret is (its active token, and the roles its person holds now), kept per worker.

Both live in the read-model database, and whatever changes them (a token created or revoked, a role
granted or withdrawn through the ledger) is a commit there, which moves `ReadModelState.generation()`.
Until it moves, a holder is kept under the secret's hash (never the secret), so repeated requests with
one token cost no query. Unknown secrets are not kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cachetools import LRUCache
from sqlalchemy import Engine

from adapters.read_model_state import ReadModelState
from adapters.tokens import ApiToken, TokenStore, digest
from domain.values import Actor
from projections import queries

KEPT_HOLDERS = 4096


@dataclass(frozen=True)
class Holder:
    """An active token and the roles its person holds now (any scope)."""

    token: ApiToken
    roles: frozenset[str]

    @property
    def holds_role(self) -> bool:
        """A token acts only while its person still holds the token's role."""
        return self.token.role.value in self.roles

    @property
    def actor(self) -> Actor:
        return Actor(self.token.person_id, self.token.role)


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
            found = Holder(token, frozenset(role for role, _scope in queries.person_grants(conn, token.person_id)))
        with self._lock:
            if self._generation == generation:  # nothing changed while it was read
                self._kept[key] = found
        return found
