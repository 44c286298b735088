"""Cached aggregates without a read per aggregate (issue #19): a command reads an aggregate it has cached only
after the ledger moved past it (SQLite `PRAGMA data_version`, PostgreSQL the events' notifications), so another
process's change is never missed; an aggregate found absent is not looked up again until it exists; a load asks
for a snapshot only for an aggregate that may have one."""

from __future__ import annotations

import sqlite3
import time
from collections import Counter

import pytest

from domain import commands as c
from domain.exceptions import DomainError
from domain.organisation import Person
from tests.builders import SYSTEM, build_world, launch_campaign
from tests.integration.projections_support import open_container

SEEN_WITHIN = 2.0  # seconds: PostgreSQL delivers the other process's notification as its commit completes


@pytest.fixture
def pair(database_url, tmp_path, clock):
    """Two processes' containers on one store: `mine` with a submitted dossier cached, and `theirs`."""
    mine = open_container(database_url, tmp_path / "mine", clock, synchronous=False)
    theirs = open_container(database_url, tmp_path / "theirs", clock, synchronous=False)
    try:
        clock.set(2025, 1, 2, 9)
        world = build_world(mine.app, staff=2, members=1)
        launch_campaign(world)
        clock.set(2025, 12, 1, 9)
        dossiers = [world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[i], "individual", "LDTT", "Thành tích"))
                    for i in (0, 1)]
        for n in dossiers:
            world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        yield mine, theirs, world, dossiers
    finally:
        theirs.close()
        mine.close()


def reads(app, monkeypatch) -> Counter:  # type: ignore[no-untyped-def]
    """The library's reads of an aggregate's events and snapshots, and of the ledger's end, counted from now on."""
    counted: Counter[str] = Counter()
    for name, recorder, method in (("events", app.recorder, "select_events"), ("snapshots", app.snapshots.recorder, "select_events"),
                                   ("ledger end", app.recorder, "max_notification_id")):
        original = getattr(recorder, method)

        def count(*args, _original=original, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            counted[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(recorder, method, count)
    return counted


def test_a_command_on_cached_aggregates_reads_the_ledger_s_end_once_and_no_aggregate(pair, monkeypatch):
    mine, _theirs, world, (first, second) = pair
    world.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved", "Đồng ý"))
    counted = reads(mine.app, monkeypatch)

    world.app.approve_stage(world.as_head, c.ApproveStage(second, "unit_approved", "Đồng ý"))

    # the library's way: a read of every aggregate the command uses (6); here the ledger's end, once at most
    assert counted["events"] == counted["snapshots"] == 0 and counted["ledger end"] <= 1, counted


def test_a_change_made_by_another_process_is_seen_by_the_next_command(pair):
    mine, theirs, world, (first, _second) = pair
    assert mine.app.repository.get(first).stage == "submitted"  # cached here

    theirs.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved", "Đồng ý"))

    with pytest.raises(DomainError):  # refused, on what it sees or when its events meet the newer ones: never recorded twice
        mine.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved", "Lần nữa"))
    deadline = time.monotonic() + SEEN_WITHIN
    while mine.app.repository.get(first).stage != "unit_approved":
        assert time.monotonic() < deadline, "the other process's approval was never seen"
        time.sleep(0.01)
    approvals = [e for e in mine.app.events.get(first) if type(e).__name__ == "StageApproved"]
    assert len(approvals) == 1


def test_an_aggregate_found_absent_is_found_once_another_process_created_it(pair, monkeypatch):
    mine, theirs, world, _dossiers = pair
    newcomer = Person.create_id("nguoi-moi")
    assert mine.app.find(newcomer, Person) is None
    counted = reads(mine.app, monkeypatch)
    assert mine.app.find(newcomer, Person) is None
    assert counted["events"] == 0  # not looked up again while the ledger has not moved

    theirs.app.register_person(SYSTEM, c.RegisterPerson(
        key="nguoi-moi", full_name="Người mới", gender="f", unit_id=world.division, position="Chuyên viên"))

    deadline = time.monotonic() + SEEN_WITHIN
    while (found := mine.app.find(newcomer, Person)) is None:
        assert time.monotonic() < deadline, "the person another process registered was never found"
        time.sleep(0.01)
    assert found.full_name == "Người mới"


def test_a_load_asks_for_a_snapshot_only_of_an_aggregate_that_may_have_one(pair, monkeypatch, database_url, tmp_path, clock):
    mine, _theirs, world, (first, _second) = pair
    cold = open_container(database_url, tmp_path / "cold", clock, synchronous=False)
    try:
        counted = reads(cold.app, monkeypatch)
        assert cold.app.repository.get(first).stage == "submitted"
        assert cold.app.repository.get(world.campaign).id == world.campaign  # snapshotted every 3 events
        assert counted["snapshots"] == 1, counted
    finally:
        cold.close()


def test_an_approval_on_sqlite_runs_one_write_transaction_and_reads_no_aggregate(tmp_path, clock, monkeypatch):
    """Counted with sqlite3's statement trace (before: 8 transactions, 6 of them reads of cached aggregates,
    a snapshot and the catch-up's; 30 statements)."""
    statements: list[str] = []
    connect = sqlite3.dbapi2.connect

    def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(lambda sql: statements.append(" ".join(sql.split())))
        return connection

    for module in (sqlite3, sqlite3.dbapi2):
        monkeypatch.setattr(module, "connect", traced)
    container = open_container(f"sqlite:///{tmp_path / 'thidua.sqlite'}", tmp_path, clock, synchronous=False)
    try:
        clock.set(2025, 1, 2, 9)
        world = build_world(container.app, staff=2, members=1)
        launch_campaign(world)
        clock.set(2025, 12, 1, 9)
        first, second = (world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[i], "individual", "LDTT", "Thành tích"))
                         for i in (0, 1))
        for n in (first, second):
            world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        world.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved", "Đồng ý"))
        statements.clear()

        world.app.approve_stage(world.as_head, c.ApproveStage(second, "unit_approved", "Đồng ý"))
    finally:
        container.close()

    kinds = Counter(statement.split()[0].upper() for statement in statements)
    assert kinds["COMMIT"] == 1 and kinds["ROLLBACK"] <= 1, statements  # the write, and the ledger's end read once
    assert not [s for s in statements if "stored_snapshots" in s or "WHERE originator_id" in s], statements
