"""A real store with the ledger on, filled through the application service, and raw SQL access to it
(as an attacker with database credentials would have).

Filling a store takes a hundred commits, so each module fills one per kind of store and every
test gets its own copy (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL).
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from adapters.bootstrap import Container, bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from tests.builders import World, build_world, launch_campaign
from tests.conftest import PG_ADMIN_URL, MutableClock, accept_freezegun_values, postgres_database


def open_store(database_url: str, tmp_path: Any, clock: MutableClock, *, synchronous: bool = False) -> Container:
    settings = load_settings({}, database_url=database_url, instance_path=tmp_path, environment="test")
    container = bootstrap(settings, clock=clock, synchronous=synchronous)
    accept_freezegun_values(container.app)
    return container


def fill(container: Container, clock: MutableClock) -> World:
    """Rules, an organisation, a launched campaign, a sign-up and two progress reports."""
    app = container.app
    ensure_shipped_rules(app)
    clock.set(2025, 1, 2, 9)
    world = build_world(app)
    launch_campaign(world)
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    clock.set(2025, 7, 2, 9)
    for label, end, value in (("2025-Q1", date(2025, 3, 31), 55), ("2025-Q2", date(2025, 6, 30), 71)):
        app.report_progress(world.as_clerk, c.ReportProgress(participation, label, end, {"dvc-online": value}))
    return world


@dataclass(frozen=True)
class Template:
    """A filled store to copy from, and the world it holds (ids are deterministic)."""

    url: str
    world: World


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    folder = tmp_path_factory.mktemp("ledger")
    databases = iter([f"sqlite:///{folder / 'template.sqlite'}"]) if request.param == "sqlite" else postgres_database()
    url = next(databases)
    clock = MutableClock(datetime(2025, 1, 2, 2, 0, tzinfo=timezone.utc))
    container = open_store(url, folder, clock)
    world = fill(container, clock)
    container.close()
    yield Template(url, world)
    next(databases, None)


@pytest.fixture
def filled_url(template: Template, tmp_path: Path) -> Iterator[str]:
    """A private copy of the module's filled store."""
    if template.url.startswith("sqlite"):
        source = Path(template.url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copy(f"{source}{suffix}", tmp_path / f"store.sqlite{suffix}")
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    import psycopg

    name = f"thidua_copy_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.url.rsplit("/", 1)[1]}"')
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


class RawStore:
    """Direct SQL on the events table (stored_events on SQLite, thidua_events on PostgreSQL)."""

    def __init__(self, container: Container) -> None:
        settings = container.settings
        if settings.is_sqlite:
            self.table, self.id, self.param = "stored_events", "rowid", "?"
            self.conn: Any = sqlite3.connect(settings.sqlite_path, isolation_level=None)
        else:
            import psycopg

            self.table, self.id, self.param = "thidua_events", "notification_id", "%s"
            self.conn = psycopg.connect(settings.database_url, autocommit=True)

    def close(self) -> None:
        self.conn.close()

    def fresh_id(self) -> Any:
        """A new originator id in the table's own representation."""
        return uuid4().hex if self.id == "rowid" else uuid4()

    def execute(self, sql: str, *params: Any) -> list[tuple]:
        cursor = self.conn.cursor()
        cursor.execute(sql.replace("?", self.param), params)
        return list(cursor.fetchall()) if cursor.description else []

    def rows(self) -> list[tuple]:
        columns = f"{self.id}, originator_id, originator_version, topic, state"
        return self.execute(f"SELECT {columns} FROM {self.table} ORDER BY {self.id}")

    def restore(self, rows: list[tuple]) -> None:
        """Put the events table back as `rows()` returned it, in one transaction."""
        insert = f"INSERT INTO {self.table} ({self.id}, originator_id, originator_version, topic, state) VALUES (?,?,?,?,?)"
        self.execute("BEGIN")
        self.execute(f"DELETE FROM {self.table}")
        self.conn.cursor().executemany(insert.replace("?", self.param), rows)
        self.execute("COMMIT")


@pytest.fixture
def store(filled_url: str, tmp_path: Path, clock: MutableClock) -> Iterator[Container]:
    """The application on a private copy of the filled store."""
    container = open_store(filled_url, tmp_path, clock)
    yield container
    container.close()


@pytest.fixture
def world(template: Template) -> World:
    return template.world


@pytest.fixture
def raw(store: Container) -> Iterator[RawStore]:
    """SQL access to that store, as an attacker (or an operator) would have it."""
    access = RawStore(store)
    yield access
    access.close()
