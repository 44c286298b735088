"""An API command with an Idempotency-Key killed (SIGKILL) before each of its statements in turn, then
retried with its key: exactly one effect every time, on SQLite and PostgreSQL.

The command records a new item each time it runs (an initiative of a person), so running it twice
would show. The child process (forked from the test) counts the statements it sends once started and kills
itself before the N-th; N grows until the command runs to its end.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from dataclasses import dataclass
from uuid import UUID

import psycopg
import pytest

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.tokens import TokenStore
from domain.values import Role
from tests.builders import build_world, grant
from web import create_app
from web.api.idempotency import HEADER
from tests.integration.test_stores import container  # noqa: F401 - the store fixture, on SQLite and PostgreSQL

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


def keyed_command(database_url: str, instance_path: str, person: UUID, secret: str, key: str, statement: int) -> None:
    """Recognise an initiative through the API under an idempotency key; print the answer (status and body)."""
    killer = Killer(statement)
    settings = load_settings({}, database_url=database_url, instance_path=instance_path, environment="test")
    client = create_app({"TESTING": True}, container=bootstrap(settings, synchronous=True)).test_client()
    killer.armed = True
    response = client.post(
        f"/api/v1/people/{person}/initiatives", json={"title": f"Sáng kiến {key}", "year": 2025, "level": "grassroots"},
        headers={"Authorization": f"Bearer {secret}", HEADER: key},
    )
    print(response.status_code, response.get_data(as_text=True), flush=True)


@dataclass(frozen=True)
class Child:
    returncode: int
    stdout: str


def run_child(settings, person: UUID, secret: str, key: str, statement: int) -> Child:  # type: ignore[no-untyped-def]
    """Run the keyed command in a forked child (this process's imports reused: a fresh interpreter per kill point
    cost most of the test's minutes); its exit is 0 or SIGKILL, its answer on a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own container and connections; never returns into pytest
        os.close(read_end)
        code = 1
        try:
            sys.stdout = os.fdopen(write_end, "w")
            keyed_command(settings.database_url, str(settings.instance_path), person, secret, key, statement)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        stdout = answer.read()
    _, status = os.waitpid(pid, 0)
    returncode = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    assert returncode in (0, KILLED), f"the child exited with {returncode}"
    return Child(returncode, stdout)


def initiatives(app, person: UUID) -> int:  # type: ignore[no-untyped-def]
    return len(app.repository.get(person).initiatives)


@pytest.mark.slow
def test_a_keyed_command_killed_before_any_statement_and_retried_has_exactly_one_effect(container):  # noqa: F811
    app, world = container.app, build_world(container.app, staff=1, members=1)
    grant(app, world.secretary, Role.SECRETARIAT, None)
    person, secret = world.staff[0], TokenStore.open(container.projector.engine).create(world.secretary, Role.SECRETARIAT)[1]
    statement, kills = 1, 0
    while True:
        key, before = f"kill-{statement}", initiatives(app, person)
        killed = run_child(container.settings, person, secret, key, statement).returncode == KILLED
        retried = run_child(container.settings, person, secret, key, 0)

        assert retried.stdout.split()[0] in {"200", "201"}, retried.stdout  # 200: the answer stored with the events
        assert initiatives(app, person) == before + 1, f"killed before statement {statement}"
        if not killed:
            break
        statement, kills = statement + 1, kills + 1
    assert kills >= 10

