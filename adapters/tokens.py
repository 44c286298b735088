"""API tokens: stored hashed, revocable, each use recorded (who, what, when, with which answer).

Uses are written by a background thread in one transaction every half second (and before any read
of them), so a read request takes no write lock: two web workers reading do not queue on SQLite's
single writer. That transaction does not wait for the disk (a crash or power cut can lose the uses of its
last half second, never half of them), and a token's `last_used_at` is moved at most once a minute.

Tokens are `secrets.token_urlsafe(32)` (256 random bits), so a single SHA-256 is enough: a slow
password hash (argon2) only helps against guessing low-entropy secrets, and a fast, deterministic
hash lets a request find its token by an indexed lookup. The tables live in the read-model
database but are not a projection: `thidua rebuild` leaves them alone.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import secrets
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import (
    BigInteger, Boolean, Column, DateTime, Engine, ForeignKey, Integer, MetaData, String, Table, Text, Uuid,
    bindparam, inspect, select, text, update,
)

from adapters.database import schema_lock, widen_integers
from domain.clock import Clock, utc_now
from domain.rules.read_access import SCOPES
from domain.values import Role
from projections.common import aware, utc
from projections.tables import announce_change, derived_transaction

READ_ONLY_ROLES = frozenset({Role.INTEGRATION, Role.AUDITOR})
PREFIX = "thd_"
WRITE_USES_EVERY = 0.5  # seconds
TOUCH_EVERY = timedelta(minutes=1)  # a token's `last_used_at` is written at most this often by one process
log = logging.getLogger(__name__)

metadata = MetaData()

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("person_id", Uuid, nullable=False),
    Column("role", String(20), nullable=False),
    Column("read_only", Boolean, nullable=False),
    Column("label", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
    Column("last_used_at", DateTime),
    Column("scopes", Text, nullable=False, server_default=""),  # personal data an integration token reads, space-separated
)

api_token_uses = Table(
    "api_token_uses",
    metadata,
    Column("use_id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),  # one per request
    Column("token_id", Integer, ForeignKey("api_tokens.token_id"), nullable=False, index=True),
    Column("method", String(10), nullable=False),
    Column("path", Text, nullable=False),
    Column("status", Integer, nullable=False),
    Column("at", DateTime, nullable=False),
)


USE = api_token_uses.insert()
TOUCH = update(api_tokens).where(api_tokens.c.token_id == bindparam("used_token")).values(last_used_at=bindparam("at"))


@dataclass(frozen=True)
class ApiToken:
    token_id: int
    person_id: UUID
    role: Role
    read_only: bool
    label: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    scopes: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class TokenStore:
    """Create, verify, revoke and list API tokens; record every use."""

    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        self.engine = engine
        self.clock = clock
        self._pending: list[dict] = []
        self._touched: dict[int, datetime] = {}  # each token's last use written to `last_used_at` by this process
        self._lock = threading.Lock()
        self._writer_pid: int | None = None  # the process whose thread writes uses (a fork starts its own)
        self._closed = False
        store = weakref.ref(self)
        atexit.register(lambda: (alive := store()) is not None and alive.write_uses())

    @classmethod
    def open(cls, engine: Engine, clock: Clock = utc_now) -> TokenStore:
        """The store on a database, its tables created if missing (an older table's use counter widened); processes
        starting together take turns."""
        with schema_lock(engine):
            widen_integers(engine, metadata)
            metadata.create_all(engine)
            add_scopes(engine)
        return cls(engine, clock)

    def create(
        self, person_id: UUID, role: Role, *, read_only: bool = False, label: str = "", scopes: Iterable[str] = (),
    ) -> tuple[ApiToken, str]:
        """A new token; the secret is returned once and only its hash is kept. Integration tokens only read,
        and read personal data only of the kinds its `scopes` name (domain.rules.read_access.SCOPES)."""
        scopes = sorted(set(scopes))
        if unknown := set(scopes) - set(SCOPES):
            raise ValueError(f"Phạm vi không hợp lệ: {', '.join(sorted(unknown))} (được dùng: {', '.join(SCOPES)}).")
        secret = PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            token_id = conn.execute(api_tokens.insert().values(
                token_hash=digest(secret), person_id=person_id, role=role.value,
                read_only=read_only or role in READ_ONLY_ROLES, label=label, created_at=utc(self.clock()),
                scopes=" ".join(scopes),
            )).inserted_primary_key[0]
            announce_change(conn)
        return self.get(token_id), secret

    def get(self, token_id: int) -> ApiToken | None:
        self.write_uses()
        with self.engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_id == token_id)).mappings().first()
        return as_token(row) if row else None

    def revoke(self, token_id: int) -> bool:
        """Revoke a token; False when there is no such active token."""
        with self.engine.begin() as conn:
            result = conn.execute(update(api_tokens).where(
                api_tokens.c.token_id == token_id, api_tokens.c.revoked_at.is_(None)
            ).values(revoked_at=utc(self.clock())))
            announce_change(conn)
        return result.rowcount == 1

    def list(self) -> list[ApiToken]:
        self.write_uses()
        with self.engine.connect() as conn:
            return [as_token(r) for r in conn.execute(select(api_tokens).order_by(api_tokens.c.token_id)).mappings()]

    def record_use(self, token_id: int, method: str, path: str, status: int) -> None:
        """Queue a use; the writer thread stores it within WRITE_USES_EVERY seconds."""
        use = {"token_id": token_id, "method": method, "path": path, "status": status, "at": utc(self.clock())}
        with self._lock:
            self._pending.append(use)
            if self._writer_pid != os.getpid() and not self._closed:
                self._writer_pid = os.getpid()
                threading.Thread(target=self._write_periodically, name="token-uses", daemon=True).start()

    def write_uses(self) -> None:
        """Store the queued uses in one transaction (kept queued if the store refuses)."""
        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return
        last = {}
        for use in pending:
            last[use["token_id"]] = use["at"]
        touched = {token_id: at for token_id, at in last.items()
                   if token_id not in self._touched or at - self._touched[token_id] >= TOUCH_EVERY}
        try:
            with derived_transaction(self.engine) as conn:
                conn.execute(USE, pending)
                if touched:
                    conn.execute(TOUCH, [{"used_token": token_id, "at": at} for token_id, at in touched.items()])
        except Exception:
            log.exception("token uses not written yet (%d kept for the next attempt)", len(pending))
            with self._lock:
                self._pending[:0] = pending
        else:
            self._touched.update(touched)

    def _write_periodically(self) -> None:
        """Write the queued uses every WRITE_USES_EVERY seconds; end when none came meanwhile."""
        while True:
            time.sleep(WRITE_USES_EVERY)
            with self._lock:
                if not self._pending or self._closed:
                    self._writer_pid = None
                    return
            self.write_uses()

    def close(self) -> None:
        """Write the queued uses and stop the writer thread (the store is about to close): a thread outliving
        its database would retry, and log, forever."""
        self.write_uses()
        with self._lock:
            self._closed = True

    def uses(self, token_id: int) -> list[dict]:
        self.write_uses()
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_token_uses).where(api_token_uses.c.token_id == token_id)
                                .order_by(api_token_uses.c.use_id)).mappings()
            return [{**r, "at": aware(r["at"])} for r in rows]


def add_scopes(engine: Engine) -> None:
    """Give a table created before token scopes its `scopes` column (no scope: public data only)."""
    if "scopes" not in {c["name"] for c in inspect(engine).get_columns("api_tokens")}:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT ''"))


def as_token(row: object) -> ApiToken:
    return ApiToken(
        token_id=row["token_id"], person_id=row["person_id"], role=Role(row["role"]), read_only=row["read_only"],
        label=row["label"], created_at=aware(row["created_at"]), revoked_at=aware(row["revoked_at"]),
        last_used_at=aware(row["last_used_at"]), scopes=frozenset(row["scopes"].split()),
    )
