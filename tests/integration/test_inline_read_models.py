"""Inline read models (docs/read-models.md): written by the transaction that records the command's events, on
SQLite and PostgreSQL; a failing one fails the command and leaves nothing behind (no event, no row, no key)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from adapters.bootstrap import INLINE
from adapters.idempotency import IdempotencyStore
from domain import commands as c
from domain.exceptions import DomainError
from domain.nomination import Nomination
from projections import queries
from projections.base import handles
from projections.pipeline import NominationsProjection, nominations
from projections.tables import projection_tracking
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container, table_rows

track = projection_tracking.c


@pytest.fixture
def container(database_url, tmp_path, clock):
    """No catch-up after a command: what a reader sees right after it is what its own transaction wrote."""
    built = open_container(database_url, tmp_path, clock, synchronous=False)
    yield built
    built.close()


@pytest.fixture
def submitted(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=2, members=1)
    launch_campaign(world)
    clock.set(2025, 12, 1, 9)
    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    return world, n


def positions(container) -> dict[str, int]:
    with container.read_engine.connect() as conn:
        return dict(conn.execute(select(track.projection_name, track.notification_id)).all())


def test_an_approval_is_read_back_at_once_without_a_catch_up(container, submitted):
    world, n = submitted

    position = world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))

    with container.read_engine.connect() as conn:
        assert conn.execute(select(nominations.c.stage, nominations.c.position).where(nominations.c.nomination_id == n)).one() \
            == ("unit_approved", position)
        secretariat = queries.list_inbox(conn, world.secretary, queries.person_grants(conn, world.secretary))
    assert [i["item_id"] for i in secretariat] == [n]
    tracked = positions(container)
    assert {name: tracked[name] for name in INLINE} == dict.fromkeys(INLINE, position)
    assert tracked.get("audit", 0) < position  # asynchronous: left to the catch-up
    assert container.settle(position)


def test_the_catch_up_then_rebuild_give_the_same_rows(container, submitted):
    world, n = submitted
    world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))
    container.projector.catch_up()
    incremental = table_rows(container.read_engine)

    container.projector.rebuild()

    assert table_rows(container.read_engine) == incremental


def test_events_recorded_without_the_read_models_are_applied_before_the_command_s_own(container, submitted):
    world, n = submitted
    other = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Thành tích"))
    recorder = container.app.recorder
    inline, recorder.inline = recorder.inline, None
    try:
        world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))  # as an import would
    finally:
        recorder.inline = inline

    position = world.app.submit_nomination(world.as_clerk, c.SubmitNomination(other))

    with container.read_engine.connect() as conn:
        stages = dict(conn.execute(select(nominations.c.nomination_id, nominations.c.stage)).all())
    assert stages == {n: "unit_approved", other: "submitted"}
    assert positions(container)["nominations"] == position


def failing(monkeypatch) -> None:
    @handles(Nomination.StageApproved)
    def broken(*_args) -> None:
        raise RuntimeError("the nominations read model cannot be written")

    monkeypatch.setitem(NominationsProjection.handlers, Nomination.StageApproved, broken)


def snapshot(container) -> tuple:
    with container.read_engine.connect() as conn:
        keys = conn.exec_driver_sql("SELECT count(*) FROM command_keys").scalar_one()
    return container.app.recorder.max_notification_id(), table_rows(container.read_engine), keys, positions(container)


def test_a_failing_inline_read_model_fails_the_command_and_leaves_nothing(container, submitted, monkeypatch):
    world, n = submitted
    before = snapshot(container)
    failing(monkeypatch)

    with pytest.raises(RuntimeError, match="cannot be written"):
        world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))

    assert snapshot(container) == before
    assert world.app.repository.get(n).stage == "submitted"  # the cached copy was not changed either


def test_a_failing_inline_read_model_leaves_no_idempotency_key(container, submitted, monkeypatch, clock):
    world, n = submitted
    keys = IdempotencyStore(container.app.recorder, clock)
    before = snapshot(container)
    failing(monkeypatch)

    with pytest.raises(RuntimeError), keys.claimed_by_commit("clerk", "k-1", "fp", lambda p, _ids: (200, f"{p}")):
        world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))

    assert snapshot(container) == before
    assert keys.find("clerk", "k-1", "fp").state == "new"
    monkeypatch.undo()
    with keys.claimed_by_commit("clerk", "k-1", "fp", lambda p, _ids: (200, f"{p}")) as claim:
        position = world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))
    assert claim.position == position and keys.find("clerk", "k-1", "fp").state == "stored"


def test_a_refused_command_writes_nothing_inline(container, submitted):
    world, n = submitted
    before = snapshot(container)

    with pytest.raises(DomainError):
        world.app.approve_stage(world.as_clerk, c.ApproveStage(n, "unit_approved", "Tự duyệt"))

    assert snapshot(container) == before


def test_a_read_model_without_its_tracking_row_catches_up_in_the_next_command(container, clock):
    """The inline write's one UPDATE moves fewer than all the tracking rows: it is put back, the positions are
    read, and the read model behind gets the events it missed with the command's."""
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=2, members=1)
    launch_campaign(world)
    clock.set(2025, 12, 1, 9)
    with container.projector.engine.begin() as conn:
        conn.execute(delete(projection_tracking).where(track.projection_name == "nominations"))
    others = {name: position for name, position in positions(container).items() if name in INLINE}

    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    position = container.app.recorder.max_notification_id()

    assert set(others.values()) == {position - 1} and len(others) == len(INLINE) - 1
    assert {name: p for name, p in positions(container).items() if name in INLINE} == dict.fromkeys(INLINE, position)
    with container.read_engine.connect() as conn:
        assert conn.execute(select(nominations.c.stage).where(nominations.c.nomination_id == n)).scalar_one() == "drafted"
