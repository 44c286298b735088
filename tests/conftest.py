"""Shared fixtures: a controllable clock, the application on the in-memory store, and real stores."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from eventsourcing.persistence import DatetimeAsISO
from freezegun.api import FakeDate, FakeDatetime

from domain.application import Thidua
from domain.transcodings import DateAsISO
from tests.builders import publish_shipped_rules

PG_ADMIN_URL = os.environ.get("THIDUA_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class MutableClock:
    """A clock the test moves by hand (business time)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, *args: int) -> None:
        """Set the clock to a time given in Vietnam's civil time (UTC+7)."""
        self.now = datetime(*args, tzinfo=timezone(timedelta(hours=7))).astimezone(timezone.utc)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class FakeDatetimeAsISO(DatetimeAsISO):
    type = FakeDatetime


class FakeDateAsISO(DateAsISO):
    type = FakeDate


def accept_freezegun_values(app: Thidua) -> None:
    """freezegun's FakeDatetime/FakeDate need transcodings; decoding still returns real values."""
    transcoder = app.mapper.transcoder
    transcoder.register(FakeDatetimeAsISO())
    transcoder.register(FakeDateAsISO())
    transcoder.register(DatetimeAsISO())
    transcoder.register(DateAsISO())


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(datetime(2025, 1, 2, 2, 0, tzinfo=timezone.utc))


@pytest.fixture
def app(clock: MutableClock) -> Iterator[Thidua]:
    application = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    accept_freezegun_values(application)
    publish_shipped_rules(application)
    yield application
    application.close()


def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test; skipped (or failed in CI) when no server answers."""
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {error}")
        pytest.skip(f"no PostgreSQL server reachable at {PG_ADMIN_URL}: {error}")
    name = f"thidua_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


def empty_store_like(url: str, folder: Path) -> Iterator[str]:
    """An empty store of the same kind as `url`: a SQLite file under `folder` (not created yet), or a fresh
    PostgreSQL database."""
    if url.startswith("sqlite"):
        yield f"sqlite:///{folder / 'thidua.sqlite'}"
    else:
        yield from postgres_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """Each integration test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'thidua.sqlite'}"
    else:
        yield from postgres_database()
