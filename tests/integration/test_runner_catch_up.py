"""The projection runner: rows and tracking commit together (exactly once), whatever the batch size."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, func, select

from projections.audit import domain_events
from projections.base import Projection, Writes, handles
from projections.registry import all_projections
from projections.runner import Projector
from projections.tables import projection_tracking
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container, table_rows

scratch = MetaData()
seen = Table("scratch_seen", scratch, Column("position", Integer, primary_key=True), Column("kind", String(80)))


class Seen(Projection):
    """One row per event; fails on the event at `fail_at` while it is set."""

    name = "scratch_seen"
    tables = (seen,)
    fail_at: int | None = None

    @handles(*domain_events())
    def record(self, conn: Writes, e: Any, position: int) -> None:
        if position == self.fail_at:
            raise RuntimeError("projection bug")
        conn.insert(seen, position=position, kind=type(e).__qualname__)


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock, synchronous=False)
    clock.set(2025, 1, 2, 9)
    launch_campaign(build_world(built.app))
    scratch.create_all(built.projector.engine)
    yield built
    built.close()


def tracked(engine, name: str) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(projection_tracking.c.notification_id)
                            .where(projection_tracking.c.projection_name == name)).scalar_one_or_none()


def seen_rows(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return conn.execute(select(func.count(), func.count(func.distinct(seen.c.position)))).one()


def test_a_failing_batch_leaves_neither_rows_nor_tracking_and_a_retry_applies_each_event_once(container):
    engine, last = container.projector.engine, container.app.recorder.max_notification_id()
    failing = Seen()
    failing.fail_at = 30
    projector = Projector(container.app, engine, [failing], batch_size=50)

    with pytest.raises(RuntimeError):
        projector.catch_up()
    assert seen_rows(engine) == (0, 0) and tracked(engine, "scratch_seen") is None

    failing.fail_at = None
    reached = projector.catch_up()

    assert reached == last and tracked(engine, "scratch_seen") == last
    assert seen_rows(engine) == (last, last)


def test_catch_up_in_small_batches_gives_the_rows_of_a_rebuild(container):
    container.projector.rebuild()
    rebuilt = table_rows(container.read_engine)
    small = Projector(container.app, container.projector.engine, all_projections(), batch_size=7, rebuild_batch_size=7)

    small.rebuild()

    assert table_rows(container.read_engine) == rebuilt
    assert small.position() == container.app.recorder.max_notification_id()


def test_wait_for_answers_once_the_read_models_reflect_a_position(container):
    target = container.app.recorder.max_notification_id()

    waited_before = container.projector.wait_for(target, timeout=0.05)
    container.projector.catch_up()

    assert waited_before is False and container.projector.wait_for(target, timeout=0.05) is True


def test_a_runner_overtaken_between_reading_the_ledger_and_writing_applies_each_event_once(container):
    """Runner A reads a batch; before its transaction begins, runner B catches up everything. A must
    notice, read the ledger again, and neither apply an event twice nor fail."""
    engine, last = container.projector.engine, container.app.recorder.max_notification_id()
    first, second = Projector(container.app, engine, [Seen()], batch_size=50), Projector(container.app, engine, [Seen()])
    read = container.app.recorder.notifications_after
    overtaken: list[int] = []

    def read_then_be_overtaken(*args: Any, **kwargs: Any) -> Any:
        batch = read(*args, **kwargs)
        container.app.recorder.notifications_after = read  # the second runner and the retry read as usual
        overtaken.append(second.catch_up())
        return batch

    container.app.recorder.notifications_after = read_then_be_overtaken
    reached = first.catch_up()

    assert overtaken == [last] and reached == last
    assert seen_rows(engine) == (last, last) and tracked(engine, "scratch_seen") == last


def reset_seen(engine) -> None:
    """Drop the scratch projection's rows and tracking, as a rebuild in another process would."""
    with engine.begin() as conn:
        conn.execute(seen.delete())
        conn.execute(projection_tracking.delete().where(projection_tracking.c.projection_name == "scratch_seen"))


def test_a_runner_whose_read_models_were_reset_elsewhere_projects_everything_again(container):
    engine, last = container.projector.engine, container.app.recorder.max_notification_id()
    runner = Projector(container.app, engine, [Seen()])
    runner.catch_up()
    reset_seen(engine)

    reached = runner.catch_up()  # nothing new in the ledger after the position this runner last saw

    assert reached == last and seen_rows(engine) == (last, last) and tracked(engine, "scratch_seen") == last


def test_a_runner_whose_projection_was_reset_meanwhile_starts_again_from_the_reset_position(container):
    """Runner A reads the batch after its position; before its transaction begins, the projection is reset
    (its rows and tracking dropped, as a rebuild elsewhere would). A must read again from the start."""
    engine, last = container.projector.engine, container.app.recorder.max_notification_id()
    runner = Projector(container.app, engine, [Seen()], batch_size=last)
    runner.catch_up(stop=last // 2)
    read = container.app.recorder.notifications_after

    def read_then_be_reset(*args: Any, **kwargs: Any) -> Any:
        batch = read(*args, **kwargs)
        container.app.recorder.notifications_after = read
        reset_seen(engine)
        return batch

    container.app.recorder.notifications_after = read_then_be_reset
    reached = runner.catch_up()

    assert reached == last and seen_rows(engine) == (last, last) and tracked(engine, "scratch_seen") == last


@pytest.mark.parametrize("stop", [None, 9])
def test_a_catch_up_reads_the_ledger_as_the_library_selects_and_decodes_it(container, stop):
    recorder, to_event = container.app.recorder, container.app.mapper.to_domain_event

    light = recorder.notifications_after(3, 20, stop)
    library = recorder.select_notifications(3, 20, stop=stop, inclusive_of_start=False)

    assert [n.id for n in light] == [n.id for n in library] and len(light) == (6 if stop else 20)
    assert [(n.topic, n.originator_version) for n in light] == [(n.topic, n.originator_version) for n in library]
    assert [vars(to_event(n)) for n in light] == [vars(to_event(n)) for n in library]
