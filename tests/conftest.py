"""Shared fixtures: a controllable clock, the application on the in-memory store, and real stores."""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from eventsourcing.persistence import DatetimeAsISO
from freezegun.api import FakeDate, FakeDatetime

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.demo.loader import load_demo
from domain.application import Thidua
from domain.transcodings import DateAsISO
from tests.builders import publish_shipped_rules

PG_ADMIN_URL = os.environ.get("THIDUA_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
MEMORY_TEMP = Path("/dev/shm")  # tmpfs: docs/testing.md, "Where the tests keep their files"


def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders (tmp_path: the tests' SQLite stores) in memory where the machine has a tmpfs, unless
    the run names its own (--basetemp, PYTEST_DEBUG_TEMPROOT)."""
    if "PYTEST_DEBUG_TEMPROOT" not in os.environ and MEMORY_TEMP.is_dir() and os.access(MEMORY_TEMP, os.W_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY_TEMP)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """`--dist loadscope` (the README's command) by module: a module's tests run on one worker, so its
    module-scoped world is built once; the browser tests all run on one (one Chromium, one served demo)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByModule(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "tests/browser" if module.startswith("tests/browser/") else module

    return ByModule(config, log)


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


def demo_instance(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A new instance folder holding a copy of the demo's store (what `thidua demo` loads, without accounts).
    The demo is loaded once per run, by the first test process that needs it, in the run's temporary folder
    that every xdist worker shares; the others wait for it and copy the file."""
    run = tmp_path_factory.getbasetemp()
    run = run.parent if os.environ.get("PYTEST_XDIST_WORKER") else run
    template = run / "demo-template"
    with open(run / "demo-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            building = run / "demo-template.building"
            shutil.rmtree(building, ignore_errors=True)
            container = bootstrap(load_settings({}, instance_path=building, environment="test"))
            load_demo(container.app)
            container.projector.catch_up()
            container.close()
            building.rename(template)
    instance = tmp_path_factory.mktemp(name)
    shutil.copytree(template, instance, dirs_exist_ok=True)
    return instance
