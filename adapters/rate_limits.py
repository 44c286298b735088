"""The rate limiter's counts kept in the store itself: a `limits` storage over SQLAlchemy (scheme `thidua-store`).

Failed sign-ins counted here hold across every web worker and every machine serving one store, on SQLite
and PostgreSQL, with nothing else to run. One row per counted hit: the key's SHA-256 (a key holds whatever
username was typed, of any length), its time and when it expires; each write deletes the expired rows. Like the API tokens, the table lives in the
read-model database on its own MetaData, so `thidua rebuild` leaves it alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import Column, Connection, Engine, Float, MetaData, String, Table, delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from adapters.database import READ_ONLY, schema_lock

SCHEME = "thidua-store"

metadata = MetaData()

rate_limit_hits = Table(
    "rate_limit_hits",
    metadata,
    Column("key", String(64), nullable=False, index=True),  # sha256 of the limiter's key
    Column("at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
)
hits = rate_limit_hits.c
KEY_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(:key))")


def limiter_storage(uri: str, engine: Engine) -> tuple[str, dict[str, object]]:
    """Flask-Limiter's `storage_uri` and `storage_options`: the storage `uri` names, else the store's database."""
    return (uri, {}) if uri else (f"{SCHEME}://", {"engine": engine})


def hashed(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class StoreRateLimits(Storage, MovingWindowSupport):
    """Counts for Flask-Limiter in the store's database: `storage_uri="thidua-store://"` with
    `storage_options={"engine": engine}`. Moving windows count each hit in the last `expiry` seconds;
    fixed windows (`incr`) count the hits until the first one's expiry."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, *, engine: Engine, **_options: object) -> None:
        super().__init__(uri, wrap_exceptions)
        self.engine = engine
        with schema_lock(engine):
            metadata.create_all(engine)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        key = hashed(key)
        now = time.time()
        with self._writing(key) as conn:
            if self._count(conn, key, now - expiry) + amount > limit:
                return False
            self._add(conn, key, amount, now, now + expiry)
            return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        key = hashed(key)
        now = time.time()
        with self._reading() as conn:
            oldest, count = conn.execute(
                select(func.min(hits.at), func.count()).where(hits.key == key, hits.at > now - expiry)
            ).one()
        return (oldest or now), count

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        key = hashed(key)
        now = time.time()
        with self._writing(key) as conn:
            expires = conn.execute(select(func.max(hits.expires_at)).where(hits.key == key)).scalar() or now + expiry
            self._add(conn, key, amount, now, expires)
            return self._count(conn, key)

    def get(self, key: str) -> int:
        key = hashed(key)
        with self._reading() as conn:
            return self._count(conn, key)

    def get_expiry(self, key: str) -> float:
        key = hashed(key)
        now = time.time()
        with self._reading() as conn:
            expires = conn.execute(select(func.max(hits.expires_at)).where(hits.key == key, hits.expires_at > now)).scalar()
        return expires or now

    def clear(self, key: str) -> None:
        key = hashed(key)
        with self.engine.begin() as conn:
            conn.execute(delete(rate_limit_hits).where(hits.key == key))

    def reset(self) -> int:
        with self.engine.begin() as conn:
            return conn.execute(delete(rate_limit_hits)).rowcount

    def check(self) -> bool:
        try:
            with self._reading() as conn:
                conn.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def _reading(self) -> Connection:
        return self.engine.connect().execution_options(**{READ_ONLY: True})

    @contextmanager
    def _writing(self, key: str) -> Iterator[Connection]:
        """A transaction that has the key to itself (SQLite: the writer's lock; PostgreSQL: a lock on the key),
        expired rows deleted first."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(KEY_LOCK, {"key": key})
            conn.execute(delete(rate_limit_hits).where(hits.expires_at <= time.time()))
            yield conn

    @staticmethod
    def _count(conn: Connection, key: str, after: float | None = None) -> int:
        alive = hits.at > after if after is not None else hits.expires_at > time.time()
        return conn.execute(select(func.count()).where(hits.key == key, alive)).scalar_one()

    @staticmethod
    def _add(conn: Connection, key: str, amount: int, at: float, expires_at: float) -> None:
        conn.execute(rate_limit_hits.insert(), [{"key": key, "at": at, "expires_at": expires_at}] * amount)
