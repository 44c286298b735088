"""A keyed command killed (SIGKILL) before each of its statements in turn, then retried with its key:
exactly one effect every time, on SQLite and PostgreSQL.

The command records a new item each time it runs (an initiative of a person), so running it twice
would show. The child process counts the statements it sends after start-up and kills itself before
the N-th; N grows until the command runs to its end.

    python -m tests.reliability.test_keyed_crash DATABASE_URL INSTANCE_PATH PERSON_ID KEY KILL_BEFORE
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.idempotency import IdempotencyStore
from domain import commands as c
from tests.builders import SYSTEM, build_world
from tests.integration.test_stores import container  # noqa: F401 - the store fixture, on SQLite and PostgreSQL

ROOT = Path(__file__).resolve().parents[2]
CALLER = "system/system"
KILLED = -signal.SIGKILL


class Killer:
    """Counts the statements this process sends once armed, and SIGKILLs it before the `statement`-th (0: never).
    Installed before start-up: SQLite connections are traced as they are opened, psycopg cursors always."""

    def __init__(self, statement: int) -> None:
        self.statement, self.sent, self.armed = statement, 0, False
        connect = sqlite3.connect

        def connect_traced(*args, **kwargs):  # type: ignore[no-untyped-def]
            connection = connect(*args, **kwargs)
            connection.set_trace_callback(self.count)
            return connection

        sqlite3.connect = connect_traced
        for cursor in (psycopg.Cursor, psycopg.ServerCursor):
            cursor.execute, cursor.executemany = self.traced(cursor.execute), self.traced(cursor.executemany)

    def count(self, *_args: object) -> None:
        if self.armed:
            self.sent += 1
            if self.sent == self.statement:
                os.kill(os.getpid(), signal.SIGKILL)

    def traced(self, method):  # type: ignore[no-untyped-def]
        def run(cursor, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.count()
            return method(cursor, *args, **kwargs)
        return run


def keyed_command(database_url: str, instance_path: str, person: UUID, key: str, statement: int) -> None:
    """Recognise an initiative under an idempotency key, as the API does: find the key; if new, run the
    command with the key and its expected answer claimed by its events, then store the actual answer."""
    killer = Killer(statement)
    settings = load_settings({}, database_url=database_url, instance_path=instance_path, environment="test")
    app = bootstrap(settings, synchronous=False).app
    keys = IdempotencyStore(app.recorder, app.clock)
    killer.armed = True
    if keys.find(CALLER, key, "fp").state == "new":
        with keys.claimed_by_commit(CALLER, key, "fp", lambda position, _created: (200, f'{{"position": {position}}}')) as claim:
            initiative = app.recognise_initiative(SYSTEM, c.RecogniseInitiative(person, f"Sáng kiến {key}", 2025, "grassroots"))
        keys.finish(claim, 201, json.dumps({"id": str(initiative), "position": claim.position}))
    print("done", flush=True)


def run_child(settings, person: UUID, key: str, statement: int) -> int:  # type: ignore[no-untyped-def]
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.test_keyed_crash", settings.database_url, str(settings.instance_path),
         str(person), key, str(statement)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode in (0, KILLED), done.stderr
    return done.returncode


def initiatives(app, person: UUID) -> int:  # type: ignore[no-untyped-def]
    return len(app.repository.get(person).initiatives)


@pytest.mark.slow
def test_a_keyed_command_killed_before_any_statement_and_retried_has_exactly_one_effect(container):  # noqa: F811
    app = container.app
    person = build_world(app, staff=1, members=1).staff[0]
    statement, kills = 1, 0
    while True:
        key, before = f"kill-{statement}", initiatives(app, person)
        killed = run_child(container.settings, person, key, statement) == KILLED
        assert run_child(container.settings, person, key, 0) == 0  # the retry

        assert initiatives(app, person) == before + 1, f"killed before statement {statement}"
        assert IdempotencyStore(app.recorder, app.clock).find(CALLER, key, "fp").state == "stored"
        if not killed:
            break
        statement, kills = statement + 1, kills + 1
    assert kills >= 5


if __name__ == "__main__":
    keyed_command(sys.argv[1], sys.argv[2], UUID(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
