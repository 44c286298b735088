"""A command's durable writes on SQLite, counted with sqlite3's statement trace on the command's thread: one
transaction whose commit waits for the disk (synchronous FULL), keyed or not, in the default mode. The
asynchronous read models are caught up by the process's follower thread, for many commands at once, without
waiting for the disk (synchronous NORMAL in WAL mode)."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
import uuid
from collections import Counter
from datetime import datetime, timezone

import pytest

from adapters.bootstrap import bootstrap
from adapters.follower import DELAY
from domain import commands as c
from domain.values import Role
from tests.builders import build_world, launch_campaign
from tests.conftest import MutableClock, postgres_database
from tests.e2e import api_support
from tests.e2e.api_support import open_api_world
from tests.integration.projections_support import open_container

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Commits:
    """Every SQLite connection opened from now on, traced: its committed write transactions, by whether
    their commit waited for the disk; those of this thread (the commands') and those of the others."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: Counter[str] = Counter()
        self.elsewhere: Counter[str] = Counter()
        self.thread = threading.get_ident()
        for module in (sqlite3, sqlite3.dbapi2):
            monkeypatch.setattr(module, "connect", self.traced(sqlite3.dbapi2.connect))

    def traced(self, connect):  # type: ignore[no-untyped-def]
        def open_traced(*args, **kwargs):  # type: ignore[no-untyped-def]
            connection, state = connect(*args, **kwargs), {"level": "FULL", "wrote": False}
            connection.set_trace_callback(lambda sql: self.seen(state, sql.strip().upper()))
            return connection
        return open_traced

    def seen(self, state: dict, sql: str) -> None:
        if sql.startswith("PRAGMA SYNCHRONOUS=") or sql.startswith("PRAGMA SYNCHRONOUS ="):
            level = sql.split("=", 1)[1].strip()
            state["level"] = {"1": "NORMAL", "2": "FULL", "3": "EXTRA", "0": "OFF"}.get(level, level)
        elif sql.startswith(WRITES):
            state["wrote"] = True
        elif sql.startswith(("COMMIT", "END")) and state["wrote"]:
            counts = self.counts if threading.get_ident() == self.thread else self.elsewhere
            counts["fsync" if state["level"] in ("FULL", "EXTRA") else "no fsync"] += 1
            state["wrote"] = False
        elif sql.startswith("ROLLBACK"):
            state["wrote"] = False

    def during(self, action) -> Counter[str]:  # type: ignore[no-untyped-def]
        before = Counter(self.counts)
        action()
        return self.counts - before


def sender(w, path: str, body: dict, keyed: bool, answers: list):  # type: ignore[no-untyped-def]
    """A POST of the clerk to be sent later (its token is made now: a token's creation is a write too)."""
    headers = {**w.token(w.world.clerk, Role.UNIT_CLERK), **({"Idempotency-Key": str(uuid.uuid4())} if keyed else {})}
    return lambda: answers.append(w.client.post(f"/api/v1{path}", json=body, headers=headers))


@pytest.fixture
def w(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The API world on SQLite as outside tests: the asynchronous read models caught up by the follower."""
    commits = Commits(monkeypatch)
    monkeypatch.setattr(api_support, "bootstrap", functools.partial(bootstrap, follow=True))
    with open_api_world(tmp_path, MutableClock(datetime.now(timezone.utc))) as world:
        world.commits = commits
        yield world


def test_a_keyed_creation_commits_as_an_unkeyed_one_once_waiting_for_the_disk(w):
    unit = w.container.app.repository.get(w.world.clerk).unit_id
    answers: list = []
    counted = [w.commits.during(sender(w, "/people", {
        "key": f"mot-lan-{keyed}", "full_name": "Cán bộ một lần", "gender": "f", "unit_id": str(unit), "position": "Chuyên viên",
    }, keyed, answers)) for keyed in (False, True)]

    assert [a.status_code for a in answers] == [201, 201]
    assert counted == [Counter(fsync=1), Counter(fsync=1)], counted


def test_a_keyed_step_writes_as_much_as_an_unkeyed_one(w):
    world = w.world
    nomination = {"campaign_id": str(world.campaign), "nominee_id": str(world.staff[0]), "nominee_kind": "individual",
                  "title_code": "LDTT", "achievements": "Hoàn thành tốt nhiệm vụ."}
    answers: list = []
    sender(w, "/nominations", nomination, False, answers)()
    revise = f"/nominations/{answers[0].get_json()['id']}/revisions"

    unkeyed = w.commits.during(sender(w, revise, {"achievements": "Lần một."}, False, answers))
    keyed = w.commits.during(sender(w, revise, {"achievements": "Lần hai."}, True, answers))

    assert [a.status_code for a in answers] == [201, 200, 200]
    assert keyed == unkeyed == Counter(fsync=1), (keyed, unkeyed)


def submitted(world, staff: int):  # type: ignore[no-untyped-def]
    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[staff], "individual", "LDTT", "Thành tích"))
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    return n


def test_an_approval_with_its_read_models_is_one_write_transaction_keyed_or_not(w):
    """Its inline read models are in the events' transaction; the asynchronous ones are the follower's, which
    catches up the approvals of a moment together, in one transaction off their thread (here: the catch-up
    a reader of this process runs first, `Follower.drain`, the one the follower's thread runs)."""
    world, follower = w.world, w.container.follower
    w.clock.set(2025, 12, 1, 9)
    dossiers = [submitted(world, staff) for staff in (0, 1)]
    follower.delay = 60  # the thread waits with the next catch-up; the one under way (if any) ends first
    time.sleep(2 * DELAY)
    follower.drain()
    answers: list = []

    def approval(n, keyed: bool):  # type: ignore[no-untyped-def]
        headers = {**w.token(world.head, Role.UNIT_HEAD), **({"Idempotency-Key": str(uuid.uuid4())} if keyed else {})}
        return lambda: answers.append(w.client.post(f"/api/v1/nominations/{n}/approvals", json={"stage": "unit_approved"}, headers=headers))

    counted = [w.commits.during(approval(n, keyed)) for n, keyed in zip(dossiers, (False, True), strict=True)]
    caught_up = w.commits.during(follower.drain)

    assert [(a.status_code, a.get_json()["settled"]) for a in answers] == [(200, True), (200, True)]
    assert counted == [Counter(fsync=1), Counter(fsync=1)], counted
    assert caught_up == Counter({"no fsync": 1}), caught_up
    assert w.container.projector.position() == answers[-1].get_json()["position"]


@pytest.mark.postgres
def test_an_approval_with_its_read_models_is_one_commit_on_postgresql(tmp_path, clock, monkeypatch):
    import psycopg
    import psycopg._connection_base as base
    from adapters.idempotency import IdempotencyStore

    commits: Counter[str] = Counter()
    execute, statement = base.BaseConnection._exec_command, psycopg.Cursor.execute

    def counted(self, command, *args, **kwargs):  # type: ignore[no-untyped-def]
        if bytes(command).strip().upper() == b"COMMIT":
            commits["commit"] += 1
        return execute(self, command, *args, **kwargs)

    def counted_statement(self, query, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(query, str) and query.strip().upper() == "COMMIT":  # a pipelined transaction's own COMMIT
            commits["commit"] += 1
        return statement(self, query, *args, **kwargs)

    for url in postgres_database():
        container = open_container(url, tmp_path, clock, synchronous=False)
        try:
            clock.set(2025, 1, 2, 9)
            world = build_world(container.app, staff=2, members=1)
            launch_campaign(world)
            clock.set(2025, 12, 1, 9)
            first, second = (submitted(world, staff) for staff in (0, 1))
            keys = IdempotencyStore(container.app.recorder, clock)
            monkeypatch.setattr(base.BaseConnection, "_exec_command", counted)
            monkeypatch.setattr(psycopg.Cursor, "execute", counted_statement)

            container.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved"))
            unkeyed, commits = commits["commit"], Counter()
            with keys.claimed_by_commit("head", "k-1", "fp", lambda p, _ids: (200, str(p))):
                position = container.app.approve_stage(world.as_head, c.ApproveStage(second, "unit_approved"))
            keyed = commits["commit"]
            monkeypatch.undo()

            assert (unkeyed, keyed) == (1, 1)
            assert container.settle(position)
        finally:
            container.close()
