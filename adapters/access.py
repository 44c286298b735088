"""Who an API bearer secret is (its active token, and the roles its person holds now and for which units),
kept per worker.

Both live in the read-model database, and whatever changes them (a token revoked, a role granted or
withdrawn through the ledger) is a commit there, which moves `ReadModelState.generation()`. Until it moves,
a holder is kept under the secret's hash (never the secret), so repeated requests with one token cost no
query. Once it has moved (any command, catch-up or token use written), a kept holder is read again, token and
roles in one statement, before it is used. Unknown secrets are not kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from uuid import UUID

from cachetools import LRUCache
from sqlalchemy import Engine, bindparam, select

from adapters.read_model_state import ReadModelState
from adapters.tokens import ApiToken, TokenStore, api_tokens, as_token, digest
from domain.rules.read_access import Reader, token_kinds
from domain.values import Actor
from projections.organisation import person_roles
from projections.queries.directory import grant

KEPT_HOLDERS = 4096
HOLDER = (  # the token with each role its person holds (none: one row without a role)
    select(api_tokens, person_roles.c.role.label("granted_role"), person_roles.c.scope_key.label("granted_scope"))
    .outerjoin(person_roles, person_roles.c.person_id == api_tokens.c.person_id)
    .where(api_tokens.c.token_hash == bindparam("token_hash"))
)


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
        self._kept: LRUCache = LRUCache(maxsize=KEPT_HOLDERS)  # hash -> (generation it was read under, holder)
        self._lock = threading.Lock()

    def holder(self, secret: str) -> Holder | None:
        """The holder of the active token with this secret, or None."""
        generation, key = self.state.generation(), digest(secret)  # before reading: a change meanwhile reads again
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and kept[0] == generation:
            return kept[1]
        found = self._read(key)
        with self._lock:
            if found is None:
                self._kept.pop(key, None)
            else:
                self._kept[key] = (generation, found)
        return found

    def _read(self, key: str) -> Holder | None:
        """The active token with this hash and its person's grants, in one statement."""
        with self.engine.connect() as conn:
            rows = conn.execute(HOLDER, {"token_hash": key}).mappings().all()
        token = as_token(rows[0]) if rows else None
        if token is None or not token.active:
            return None
        return Holder(token, frozenset(grant(r["granted_role"], r["granted_scope"]) for r in rows if r["granted_role"] is not None))
