"""The second factor of a login account: a TOTP secret (RFC 6238: 30-second steps, six digits, SHA-1, as every
authenticator app reads it) and ten one-time recovery codes, kept as SHA-256 digests: like API tokens they are
random (about 50 bits each), so a slow password hash would only slow the sign-in (adapters/tokens.py).

Like passwords these are credentials, not ledger facts: their tables sit beside `accounts` on their own MetaData
(created under the schema lock), and `thidua rebuild` never touches them. A code is accepted once: the last step
used is kept, and a code of that step or an earlier one is refused (a replayed code), whichever worker sees it.
Codes are checked against the wall clock (`wall_clock`), never the business clock an operator may set to
another date: the authenticator app on the phone knows only real time.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TypeVar

import pyotp
from uuid import UUID

from sqlalchemy import BigInteger, Column, DateTime, Engine, Integer, MetaData, String, Table, Text, delete, select, update

from adapters.accounts import accounts, normalise
from adapters.database import schema_lock
from adapters.tokens import digest

metadata = MetaData()
T = TypeVar("T")
ISSUER = "thidua"
RECOVERY_CODES = 10
RECOVERY_LENGTH = 10  # characters, without the dash: anything else is not checked against the hashes
DRIFT_STEPS = 1  # a code of the step before or after is accepted too (clocks a few seconds apart)

second_factors = Table(
    "second_factors",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("secret", String(64), nullable=False),
    Column("enrolled_at", DateTime(timezone=True)),  # None until a first code confirms the secret
    Column("last_step", BigInteger, nullable=False, server_default="0"),
)
recovery_codes = Table(
    "recovery_codes",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("code_hash", Text, nullable=False),
    Column("used_at", DateTime(timezone=True)),
)


class SecondFactorError(ValueError):
    """Raised when an enrolment cannot go on (already enrolled, nothing to confirm, a wrong first code)."""


class SecondFactorStore:
    """TOTP secrets and recovery codes by username; reads on `reader`, writes on `writer`. A moment `at` left
    out is the wall clock's now."""

    def __init__(self, writer: Engine, reader: Engine | None = None) -> None:
        self.writer, self.reader = writer, reader or writer
        with schema_lock(writer):
            metadata.create_all(writer)

    def is_enrolled(self, username: str) -> bool:
        with self.reader.connect() as conn:
            enrolled = conn.execute(
                select(second_factors.c.enrolled_at).where(second_factors.c.username == normalise(username))
            ).scalar()
        return enrolled is not None

    def begin_enrolment(self, username: str) -> str:
        """A new secret waiting for its first code (a pending one is replaced); refused once enrolled."""
        username, secret = normalise(username), pyotp.random_base32()
        if self.is_enrolled(username):
            raise SecondFactorError("Tài khoản đã có xác thực hai lớp; quản trị viên cần đặt lại trước khi đăng ký lại.")
        with self.writer.begin() as conn:
            conn.execute(delete(second_factors).where(second_factors.c.username == username))
            conn.execute(second_factors.insert().values(username=username, secret=secret, last_step=0))
        return secret

    def pending_secret(self, username: str) -> str | None:
        with self.reader.connect() as conn:
            return conn.execute(select(second_factors.c.secret).where(
                second_factors.c.username == normalise(username), second_factors.c.enrolled_at.is_(None),
            )).scalar()

    def confirm_enrolment(self, username: str, code: str, at: datetime | None = None) -> list[str]:
        """The pending secret is enrolled when `code` is its current code; the recovery codes, shown once."""
        username, secret, at = normalise(username), self.pending_secret(username), at or wall_clock()
        if secret is None:
            raise SecondFactorError("Không có đăng ký xác thực hai lớp nào đang chờ xác nhận.")
        step = matching_step(secret, code, at)
        if step is None:
            raise SecondFactorError("Mã xác thực không đúng hoặc đã hết hạn.")
        codes = [recovery_code() for _ in range(RECOVERY_CODES)]
        with self.writer.begin() as conn:
            conn.execute(update(second_factors).where(second_factors.c.username == username)
                         .values(enrolled_at=at, last_step=step))
            conn.execute(delete(recovery_codes).where(recovery_codes.c.username == username))
            conn.execute(recovery_codes.insert(), [
                {"username": username, "seq": seq, "code_hash": digest(typed(plain))} for seq, plain in enumerate(codes)
            ])
        return codes

    def verify(self, username: str, code: str, at: datetime | None = None) -> bool:
        """True, once, for the current code of an enrolled account or one of its unused recovery codes."""
        username, at = normalise(username), at or wall_clock()
        with self.reader.connect() as conn:
            secret = conn.execute(select(second_factors.c.secret).where(
                second_factors.c.username == username, second_factors.c.enrolled_at.is_not(None),
            )).scalar()
        if secret is None:
            return False
        step = matching_step(secret, code, at)
        if step is not None:
            return self._use_step(username, step)
        return len(typed(code)) == RECOVERY_LENGTH and self._use_recovery_code(username, typed(code), at)

    def enrolled_accounts(self, person_id: UUID) -> list[str]:
        """The person's active accounts with an enrolled second factor (an API token is the person's, not an account's)."""
        with self.reader.connect() as conn:
            return list(conn.execute(select(second_factors.c.username).join(
                accounts, accounts.c.username == second_factors.c.username,
            ).where(accounts.c.person_id == person_id, accounts.c.active, second_factors.c.enrolled_at.is_not(None))
                .order_by(second_factors.c.username)).scalars())

    def verify_person(self, person_id: UUID, code: str, at: datetime | None = None) -> bool:
        """True, once, for a current code (or an unused recovery code) of any of the person's enrolled accounts."""
        return any(self.verify(username, code, at) for username in self.enrolled_accounts(person_id))

    @staticmethod
    def provisioning_uri(username: str, secret: str) -> str:
        return provisioning_uri(username, secret)

    def unused_recovery_codes(self, username: str) -> int:
        with self.reader.connect() as conn:
            return len(conn.execute(select(recovery_codes.c.seq).where(
                recovery_codes.c.username == normalise(username), recovery_codes.c.used_at.is_(None),
            )).all())

    def reset(self, username: str) -> bool:
        """Forget the account's secret and recovery codes (an admin's reset); whether there was any."""
        username = normalise(username)
        with self.writer.begin() as conn:
            conn.execute(delete(recovery_codes).where(recovery_codes.c.username == username))
            return conn.execute(delete(second_factors).where(second_factors.c.username == username)).rowcount > 0

    def reset_recorded(self, record: Callable[[], T], username: str, end_sessions: Callable[[str], None]) -> T:
        """An administrator's reset: the ledger fact first (`record`, which may refuse), then the secret and the
        recovery codes forgotten and the account's sessions ended (`end_sessions`)."""
        recorded = record()
        self.reset(username)
        end_sessions(username)
        return recorded

    def _use_step(self, username: str, step: int) -> bool:
        """Accept a step later than the last one used; a concurrent use of the same code loses the race."""
        with self.writer.begin() as conn:
            return conn.execute(update(second_factors).where(
                second_factors.c.username == username, second_factors.c.last_step < step,
            ).values(last_step=step)).rowcount == 1

    def _use_recovery_code(self, username: str, code: str, at: datetime) -> bool:
        """Mark the unused code with this digest used; a concurrent use of the same code loses the race."""
        with self.writer.begin() as conn:
            return conn.execute(update(recovery_codes).where(
                recovery_codes.c.username == username, recovery_codes.c.code_hash == digest(code),
                recovery_codes.c.used_at.is_(None),
            ).values(used_at=at)).rowcount == 1


def wall_clock() -> datetime:
    """Real time, as the authenticator app on the phone has it."""
    return datetime.now(timezone.utc)


def matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The 30-second step (around `at`) whose code `code` is, or None."""
    totp, now, code = pyotp.TOTP(secret), int(at.timestamp()) // 30, typed(code)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def provisioning_uri(username: str, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=normalise(username), issuer_name=ISSUER)


def typed(code: str) -> str:
    """A code as typed, without the spaces and dashes people add, in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def recovery_code() -> str:
    """Ten characters an officer can copy by hand: two groups of five, no look-alike letters."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    plain = "".join(secrets.choice(alphabet) for _ in range(RECOVERY_LENGTH))
    return f"{plain[:5]}-{plain[5:]}"
