"""`thidua worker` as a real process on PostgreSQL: read models converge, read-your-writes waits briefly,
and a worker killed in the middle of a batch resumes with no row missing or doubled."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from domain.values import Actor
from projections import queries
from projections.history import award_history
from projections.tables import projection_tracking
from tests.builders import build_world, launch_campaign
from tests.conftest import postgres_database
from tests.integration.projections_support import decide, open_container, table_rows, to_posted

pytestmark = pytest.mark.postgres
THIDUA = Path(sys.executable).with_name("thidua")


@pytest.fixture
def pg_url():
    yield from postgres_database()


@pytest.fixture
def container(pg_url, tmp_path, clock):
    built = open_container(pg_url, tmp_path, clock, synchronous=False)
    yield built
    built.close()


class Worker:
    """The `thidua worker` command in a subprocess on the test's database."""

    def __init__(self, url: str, folder: Path) -> None:
        env = {**os.environ, "THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE": str(folder), "THIDUA_ENV": "test"}
        self.log = (folder / "worker.log").open("ab")
        self.process = subprocess.Popen([str(THIDUA), "worker", "--interval", "0.2"], env=env, cwd=folder, stdout=self.log, stderr=self.log)

    def stop(self, *, crash: bool = False) -> None:
        self.process.kill() if crash else self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def tracked(container) -> int:
    with container.read_engine.connect() as conn:
        return conn.execute(select(func.coalesce(func.min(projection_tracking.c.notification_id), 0))).scalar_one()


def until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_worker_keeps_read_models_up_to_date_and_settle_waits_only_briefly(container, pg_url, tmp_path, clock):
    worker = Worker(pg_url, tmp_path)
    try:
        until(lambda: tracked(container) == container.app.recorder.max_notification_id())
        clock.set(2025, 1, 2, 9)
        world = build_world(container.app)
        campaign = launch_campaign(world)
        started = time.monotonic()
        settled = container.settle(container.app.recorder.max_notification_id())
        waited = time.monotonic() - started
        with container.read_engine.connect() as conn:
            found = queries.get_campaign(conn, campaign)
    finally:
        worker.stop()

    assert settled is True and waited < 2.0
    assert found["status"] == "launched" and container.synchronous is False


def test_worker_killed_in_the_middle_of_a_batch_resumes_with_no_row_missing_or_doubled(container, pg_url, tmp_path, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=20)
    launch_campaign(world)
    imported_history(container.app, world.staff, range(1905, 2025))
    decide(world, clock, [to_posted(world, clock, world.staff[0])])
    last = container.app.recorder.max_notification_id()
    blocker = psycopg.connect(pg_url)
    # the last batch stops on it, mid-transaction (award history is asynchronous: the commands wrote the inline read models)
    blocker.execute(f"LOCK TABLE {award_history.name} IN ACCESS EXCLUSIVE MODE")

    worker = Worker(pg_url, tmp_path)
    until(lambda: 0 < tracked(container) < last and waiting_on_a_lock(pg_url))
    worker.stop(crash=True)
    stopped_at = tracked(container)
    end_orphans(pg_url)
    blocker.close()
    worker = Worker(pg_url, tmp_path)
    until(lambda: tracked(container) == last)
    worker.stop()
    resumed = table_rows(container.read_engine)
    container.projector.rebuild()

    assert last > 2500 and 0 < stopped_at < last
    assert table_rows(container.read_engine) == resumed


def imported_history(app, people, years) -> None:  # type: ignore[no-untyped-def]
    """Thousands of events cheaply: a long past of annual ratings per person, saved in one go."""
    loaded = [app.repository.get(p) for p in people]
    for person in loaded:
        for year in years:
            person.record_rating(year, "HTTNV", reason="Nhập hồ sơ lịch sử", **app.who(Actor.system()))
    app.commit(*loaded)


def waiting_on_a_lock(url: str) -> bool:
    with psycopg.connect(url) as conn:
        waiting = conn.execute(  # in this test's database: other tests may run beside it (xdist)
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
            " WHERE NOT l.granted AND d.datname = current_database()"
        )
        return waiting.fetchone()[0] > 0


def end_orphans(url: str) -> None:
    """What the server does when it notices a dead client: end its session, rolling its transaction back."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
