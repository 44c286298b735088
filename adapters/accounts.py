"""Login accounts (tài khoản đăng nhập): username, argon2 password hash, the person it signs in as.

Credentials are not ledger facts, so they live in their own table beside the read models, on
their own MetaData: `thidua rebuild` drops and replays the read models but never touches them.
What a person may do (their roles) stays in the ledger (Person.RoleGranted).

Each account has a session generation: signing out, a new password and disabling the account
raise it, which ends every session signed in under the one before (web/auth.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean, Column, DateTime, Engine, Integer, MetaData, String, Table, Text, Uuid, inspect, select, text, update,
)
from sqlalchemy.exc import IntegrityError

from adapters.database import schema_lock

metadata = MetaData()

accounts = Table(
    "accounts",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("person_id", Uuid, nullable=False, index=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("session_generation", Integer, nullable=False, server_default="0"),
)
NEXT_GENERATION = {"session_generation": accounts.c.session_generation + 1}


class AccountError(ValueError):
    """Raised when an account cannot be created (taken username, empty password)."""


@dataclass(frozen=True)
class Account:
    username: str
    person_id: UUID
    active: bool
    session_generation: int = 0


class AccountStore:
    """Accounts in the read-model database; reads on `reader`, writes on `writer`."""

    def __init__(self, writer: Engine, reader: Engine | None = None, hasher: PasswordHasher | None = None) -> None:
        self.writer = writer
        self.reader = reader or writer
        self.hasher = hasher or PasswordHasher()
        with schema_lock(writer):  # processes starting together take turns
            metadata.create_all(writer)
            add_session_generation(writer)

    @cached_property
    def _dummy_hash(self) -> str:
        """Checked against when the username is unknown, so that both cases take the same time."""
        return self.hasher.hash("thidua: no such account")

    def create_account(self, username: str, password: str, person_id: UUID) -> Account:
        username = normalise(username)
        if not username or not password:
            raise AccountError("Tên đăng nhập và mật khẩu không được để trống.")
        row = {"username": username, "password_hash": self.hasher.hash(password), "person_id": person_id,
               "active": True, "created_at": datetime.now(timezone.utc)}
        try:
            with self.writer.begin() as conn:
                conn.execute(accounts.insert().values(**row))
        except IntegrityError:
            raise AccountError(f"Tên đăng nhập «{username}» đã được dùng.") from None
        return Account(username, person_id, True)

    def get_account(self, username: str) -> Account | None:
        with self.reader.connect() as conn:
            row = conn.execute(
                select(accounts.c.username, accounts.c.person_id, accounts.c.active, accounts.c.session_generation)
                .where(accounts.c.username == normalise(username))
            ).first()
        return Account(*row) if row else None

    def list_accounts(self) -> list[Account]:
        """Every account, by username."""
        columns = (accounts.c.username, accounts.c.person_id, accounts.c.active, accounts.c.session_generation)
        with self.reader.connect() as conn:
            return [Account(*row) for row in conn.execute(select(*columns).order_by(accounts.c.username))]

    def verify_password(self, username: str, password: str) -> Account | None:
        """The active account when the password matches, else None (same work for unknown names)."""
        with self.reader.connect() as conn:
            row = conn.execute(select(accounts).where(accounts.c.username == normalise(username))).mappings().first()
        if row is None:
            self._matches(self._dummy_hash, password)
            return None
        if not row["active"] or not self._matches(row["password_hash"], password):
            return None
        if self.hasher.check_needs_rehash(row["password_hash"]):
            self._update(row["username"], password_hash=self.hasher.hash(password))
        return Account(row["username"], row["person_id"], True, row["session_generation"])

    def set_password(self, username: str, password: str) -> None:
        if not password:
            raise AccountError("Mật khẩu không được để trống.")
        self._update(normalise(username), password_hash=self.hasher.hash(password), **NEXT_GENERATION)

    def deactivate(self, username: str) -> None:
        self._update(normalise(username), active=False, **NEXT_GENERATION)

    def end_sessions(self, username: str) -> None:
        """Every session signed in to the account so far is over (sign-out)."""
        self._update(normalise(username), **NEXT_GENERATION)

    def _matches(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _update(self, username: str, **values: object) -> None:
        with self.writer.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.username == username).values(**values))


def add_session_generation(engine: Engine) -> None:
    """An accounts table made before session generations gets the column (0 for every account)."""
    if "session_generation" not in {column["name"] for column in inspect(engine).get_columns("accounts")}:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE accounts ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0"))


def normalise(username: str) -> str:
    return username.strip().lower()
