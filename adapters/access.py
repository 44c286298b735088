"""Who an API bearer secret is (its active token, and the roles its person holds now and for which units),
kept per worker.

Both live in the read-model database, and whatever changes them (a token revoked, a role granted or
withdrawn through the ledger) is a commit there, which moves `ReadModelState.generation()`. Until it moves,
a holder is kept under the secret's hash (never the secret), so repeated requests with one token cost no
query. When it moves, one query tells whether the kept holders may have changed: every projection's
position (roles) and how many tokens were ever revoked (a revocation only adds to it); the other commits
there (each token use written, every half second) keep them. Unknown secrets are not kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from uuid import UUID

from cachetools import LRUCache
from sqlalchemy import Engine, func, select

from adapters.read_model_state import ReadModelState
from adapters.tokens import ApiToken, TokenStore, api_tokens, digest
from domain.rules.read_access import Reader, token_kinds
from domain.values import Actor
from projections import queries

KEPT_HOLDERS = 4096
REVOKED = select(func.count(api_tokens.c.revoked_at))


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
        self._marks: tuple | None = None  # (the read models' state, tokens revoked) the kept holders were read under
        self._lock = threading.Lock()

    def holder(self, secret: str) -> Holder | None:
        """The holder of the active token with this secret, or None."""
        generation, key = self.state.generation(), digest(secret)
        if generation != self._generation:
            self._check(generation)
        with self._lock:
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

    def _check(self, generation: int) -> None:
        """Something was committed: forget the kept holders if a role or a token may have changed."""
        with self.engine.connect() as conn:
            revoked = conn.execute(REVOKED).scalar_one()
        marks = (self.state(), revoked)
        with self._lock:
            if marks != self._marks:
                self._kept.clear()
            self._marks, self._generation = marks, generation
