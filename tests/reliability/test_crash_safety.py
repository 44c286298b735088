"""A web worker's write path killed (SIGKILL) at random moments, many times: every multi-aggregate command
is in the ledger whole or not at all, whatever was reported committed stays, and after a restart the read
models catch up to exactly what a rebuild gives."""

from __future__ import annotations

import random
import subprocess
import time

import psycopg
import pytest

from tests.builders import build_world
from tests.integration.test_stores import container, table_rows  # noqa: F401 - the store fixture, on SQLite and PostgreSQL
from tests.reliability.command_loop import events_after, start_loop, whole_commands, write_world

KILLS = 15


def kill_at_random(loop: subprocess.Popen, rng: random.Random, during_startup: bool) -> int:
    """SIGKILL the loop during start-up, or at a random moment after its first command; the last position
    it reported committed (0 if none)."""
    first = 0
    if not during_startup:
        assert loop.stdout.readline().strip() == "ready"
        first = int(loop.stdout.readline())
    time.sleep(rng.uniform(0, 0.8 if during_startup else 0.4))
    loop.kill()
    out, _ = loop.communicate()
    return max((int(line) for line in out.split() if line.isdigit()), default=first)


def backends(container) -> set[int]:  # noqa: F811
    """The other sessions on the test's PostgreSQL database (none to wait for on SQLite)."""
    if container.settings.is_sqlite:
        return set()
    with psycopg.connect(container.settings.database_url) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return {pid for (pid,) in rows}


def wait_until_gone(container, before: set[int]) -> None:  # noqa: F811
    """A killed client's PostgreSQL session may still commit what it had sent: wait for it to end."""
    while backends(container) - before:
        time.sleep(0.05)


def members_agree(app, units, people) -> bool:
    """Each person is listed by exactly the unit they belong to."""
    listed = {u: set(app.repository.get(u).member_ids) for u in units}
    return all([u for u in units if p in listed[u]] == [app.repository.get(p).unit_id] for p in people)


@pytest.mark.slow
def test_killed_writers_leave_whole_commands_and_rebuildable_read_models(container, tmp_path, request):  # noqa: F811
    app, rng = container.app, random.Random(8)
    world = build_world(app, staff=6, members=1)
    units, people = [world.department, world.division], world.staff
    world_json = write_world(tmp_path / "world.json", units, people)
    baseline = app.recorder.max_notification_id()
    reported = []

    for kill in range(KILLS):
        ours = backends(container)
        loop = start_loop(container.settings, world_json, seed=kill)
        reported.append(kill_at_random(loop, rng, during_startup=kill % 5 == 0))
        wait_until_gone(container, ours)

        assert (app.recorder.max_notification_id() or 0) >= reported[-1]
        events = events_after(app, baseline)
        commands = whole_commands(events)
        assert members_agree(app, units, people)
        if container.settings.is_sqlite or kill == KILLS - 1:  # on PostgreSQL web workers never project
            container.projector.catch_up()
            caught_up = table_rows(container)
            container.projector.rebuild()
            assert table_rows(container) == caught_up

    request.node.user_properties += [("kills", KILLS), ("commands", commands), ("events", len(events))]
    assert commands > KILLS
