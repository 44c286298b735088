"""Who an API bearer secret is (its active token, and the roles its person holds now and for which units),
kept per worker.

Both live in the read-model database, and whatever changes them (a token revoked, a role granted or
withdrawn through the ledger) is a commit there, which moves `ReadModelState.generation()`. A holder is kept
under the secret's hash (never the secret) with its *marks*, read in the same statement as the token and its
roles: the directory projection's position (roles change only as it moves) and how many tokens were ever
revoked (a revocation only adds to it). While the generation stays, a kept holder costs no query. Once it has
moved, the first holder asked is read again (one statement, which also gives the marks as they are now); the
others are kept while their marks are those: the commits of token uses (every half second) keep them, a
catch-up that moved the directory or a revocation has them read again before use. A kept token's
`last_used_at` is the one read with it. Unknown secrets are not kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from uuid import UUID

from cachetools import LRUCache
from sqlalchemy import Engine, bindparam, func, select

from adapters.read_model_state import ReadModelState
from adapters.tokens import ApiToken, TokenStore, api_tokens, as_token, digest
from domain.rules.read_access import Reader, token_kinds
from domain.values import Actor
from projections.organisation import DirectoryProjection, person_roles
from projections.queries.directory import grant
from projections.tables import projection_tracking

KEPT_HOLDERS = 4096
EVERY_TOKEN = api_tokens.alias("every_token")
MARKS = (  # what a kept holder depends on: where the roles' projection stands, how many tokens were revoked
    select(projection_tracking.c.notification_id)
    .where(projection_tracking.c.projection_name == DirectoryProjection.name).scalar_subquery().label("roles_at"),
    select(func.count(EVERY_TOKEN.c.revoked_at)).scalar_subquery().label("revoked"),
)
HOLDER = (  # the token with each role its person holds (none: one row without a role), and the marks
    select(api_tokens, person_roles.c.role.label("granted_role"), person_roles.c.scope_key.label("granted_scope"), *MARKS)
    .outerjoin(person_roles, person_roles.c.person_id == api_tokens.c.person_id)
    .where(api_tokens.c.token_hash == bindparam("token_hash"))
)
Marks = tuple[int | None, int]


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
        self._kept: LRUCache = LRUCache(maxsize=KEPT_HOLDERS)  # hash -> (marks it was read with, holder)
        self._marks: tuple[int, Marks] | None = None  # the marks read last, and the generation asked before reading them
        self._lock = threading.Lock()

    def holder(self, secret: str) -> Holder | None:
        """The holder of the active token with this secret, or None."""
        generation, key = self.state.generation(), digest(secret)  # before reading: a change meanwhile reads again
        with self._lock:
            kept, marks = self._kept.get(key), self._marks
        if kept is not None and marks is not None and marks[0] == generation and kept[0] == marks[1]:
            return kept[1]
        found, read = self._read(key)
        with self._lock:
            if read is not None and (self._marks is None or self._marks[0] <= generation):
                self._marks = (generation, read)
            if found is None:
                self._kept.pop(key, None)
            else:
                self._kept[key] = (read, found)
        return found

    def _read(self, key: str) -> tuple[Holder | None, Marks | None]:
        """The active token with this hash and its person's grants, and the marks (None without a token), in one
        statement."""
        with self.engine.connect() as conn:
            rows = conn.execute(HOLDER, {"token_hash": key}).mappings().all()
        if not rows:
            return None, None
        token, marks = as_token(rows[0]), (rows[0]["roles_at"], rows[0]["revoked"])
        if not token.active:
            return None, marks
        return Holder(token, frozenset(grant(r["granted_role"], r["granted_scope"]) for r in rows if r["granted_role"] is not None)), marks
