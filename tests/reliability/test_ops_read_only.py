"""A SQLite store that cannot be written (a read-only file or disk) answers a clear error at once, logged
with its cause: HTTP 503 on the API, one line from the CLI; never "busy, retry" again and again."""

from __future__ import annotations

import logging
import sqlite3
import time

import pytest
from click.testing import CliRunner

from domain import commands as c
from domain.exceptions import BusyError, StoreUnavailableError
from domain.values import Role
from tests.e2e.api_support import open_api_world

CANNOT_WRITE = "Không ghi được vào cơ sở dữ liệu"


def open_read_only(monkeypatch: pytest.MonkeyPatch, container) -> None:
    """From now on the store's file opens read-only (as a file or a disk that turned read-only does), for the
    ledger and the read models alike; connections already open are dropped, as after a restart."""
    path, connect = container.settings.sqlite_path, sqlite3.connect

    def read_only(database, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(database) == path:
            database, kwargs["uri"] = f"file:{path}?mode=ro", True
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    datastore = container.app.recorder.datastore
    old = datastore.pool
    datastore.pool = type(old)(db_name=old.db_name, lock_timeout=old.lock_timeout, pool_timeout=old.pool_timeout)
    old.close()
    container.projector.engine.dispose()
    container.read_engine.dispose()


@pytest.fixture
def world(tmp_path, clock):
    with open_api_world(tmp_path, clock) as api:
        yield api


def test_a_command_on_a_read_only_store_is_refused_at_once_naming_the_cause(world, monkeypatch):
    w = world.world
    open_read_only(monkeypatch, world.container)

    started = time.monotonic()
    with pytest.raises(StoreUnavailableError) as refused:
        w.app.sign_up(w.as_clerk, c.SignUp(w.campaign, w.division, "unit"))

    assert not isinstance(refused.value, BusyError) and time.monotonic() - started < 1  # not retried as "busy"
    assert CANNOT_WRITE in refused.value.message and "readonly database" in refused.value.message


def test_the_api_answers_503_and_logs_the_cause_once(world, monkeypatch, caplog):
    w = world.world
    headers = world.token(w.clerk, Role.UNIT_CLERK)
    open_read_only(monkeypatch, world.container)

    with caplog.at_level(logging.ERROR):
        response = world.client.post(f"/api/v1/campaigns/{w.campaign}/sign-ups", json={"participant_id": str(w.division), "participant_kind": "unit"}, headers=headers)

    body = response.get_json()
    assert response.status_code == 503 and body["code"] == "store_unavailable", body
    assert CANNOT_WRITE in body["message"] and "readonly database" in body["message"]
    logged = [r for r in caplog.records if "readonly database" in r.getMessage()]
    assert len(logged) == 1


def test_the_cli_says_so_in_one_line(world, monkeypatch):
    from web.cli.main import main

    monkeypatch.setenv("THIDUA_DATABASE_URL", world.container.settings.database_url)
    monkeypatch.setenv("THIDUA_INSTANCE", str(world.container.settings.instance_path))
    open_read_only(monkeypatch, world.container)

    result = CliRunner().invoke(main, ["seal", "--reason", "thử"])

    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and CANNOT_WRITE in lines[0] and "readonly database" in lines[0]
