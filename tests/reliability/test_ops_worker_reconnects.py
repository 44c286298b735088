"""`thidua worker` survives a dropped PostgreSQL connection: it logs it, reconnects with a capped exponential
back-off, and goes on projecting the events written after."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from tests.builders import build_world, launch_campaign, publish_shipped_rules
from tests.conftest import PG_ADMIN_URL, accept_freezegun_values, postgres_database
from web.cli import main as cli

THIDUA = Path(sys.executable).with_name("thidua")


@pytest.fixture
def settings(tmp_path):
    for url in postgres_database():
        yield load_settings({}, database_url=url, instance_path=tmp_path, environment="test")


def opened(settings, clock):  # type: ignore[no-untyped-def]
    container = bootstrap(settings, clock=clock)
    accept_freezegun_values(container.app)
    return container


def projected(container, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    """Whether the read models reach the ledger's end within `timeout` seconds."""
    end, deadline = container.app.recorder.max_notification_id(), time.monotonic() + timeout
    while container.projector.position() < end:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def terminate_other_sessions(database: str) -> int:
    """What a database restart or a network cut does to the worker: every session on the database is ended."""
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
def test_the_worker_reconnects_after_its_connections_are_killed_and_projects_what_came_after(settings, clock, tmp_path):
    first = opened(settings, clock)
    publish_shipped_rules(first.app)
    clock.set(2025, 1, 2, 9)
    world = build_world(first.app)
    first.close()
    log = tmp_path / "worker.log"
    env = {**os.environ, "THIDUA_DATABASE_URL": settings.database_url, "THIDUA_INSTANCE": str(tmp_path), "THIDUA_ENV": "test"}
    with log.open("w") as out:
        worker = subprocess.Popen([str(THIDUA), "worker", "--interval", "0.2"], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        watcher = opened(settings, clock)
        assert projected(watcher), "the worker never caught up"
        watcher.close()

        assert terminate_other_sessions(settings.database_url.rsplit("/", 1)[1]) >= 1
        time.sleep(0.5)
        assert worker.poll() is None, "the worker exited when its connection dropped"

        second = opened(settings, clock)
        launch_campaign(dataclasses.replace(world, app=second.app))
        assert projected(second), "the worker stopped projecting after its connection dropped"
        second.close()
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(10)
    said = log.read_text(encoding="utf-8")
    assert "trying again in" in said, said


class Flaky:
    """A container whose catch-ups fail (the database unreachable) or succeed as scripted, then stop."""

    settings = load_settings({}, database_url="sqlite:////nowhere/thidua.sqlite")

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.projector = self

    def catch_up(self) -> int:
        if not self.answers:
            raise KeyboardInterrupt  # the operator stops the worker
        if not self.answers.pop(0):
            raise psycopg.OperationalError("connection refused")
        return 1


def test_reconnection_waits_double_each_time_up_to_a_cap_and_start_over_after_a_success(monkeypatch, caplog):
    pauses: list[float] = []
    monkeypatch.setattr(cli.time, "sleep", pauses.append)

    with pytest.raises(KeyboardInterrupt):
        cli.follow(Flaky(*[False] * 8, True, False), interval=0.2)

    assert pauses == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 0.2, 0.5]  # 0.2: the idle poll after a success
    assert sum("connection refused" in r.getMessage() and "trying again in" in r.getMessage() for r in caplog.records) == 9
