"""A command's durable writes on SQLite, counted with sqlite3's statement trace: one transaction whose
commit waits for the disk (synchronous FULL), keyed or not; the key's answer and the read models'
catch-up commit without waiting for it (synchronous NORMAL in WAL mode)."""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from datetime import datetime, timezone

import pytest

from domain.values import Role
from tests.conftest import MutableClock
from tests.e2e.api_support import open_api_world

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Commits:
    """Every SQLite connection opened from now on, traced: its committed write transactions, by whether
    their commit waited for the disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.counts: Counter[str] = Counter()
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
            self.counts["fsync" if state["level"] in ("FULL", "EXTRA") else "no fsync"] += 1
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
    commits = Commits(monkeypatch)
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
    assert counted[0] == counted[1] and counted[1]["fsync"] == 1, counted


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
    assert keyed == unkeyed and keyed["fsync"] == 1, (keyed, unkeyed)
