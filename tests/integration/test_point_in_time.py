"""Point-in-time reads through the time index, against a history recorded under freezegun."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.clock import utc_now
from domain.exceptions import NotFoundError
from adapters.point_in_time import PointInTime
from projections import queries
from projections.registry import all_projections
from tests.builders import build_world, launch_campaign
from tests.integration.ledger_store import open_store
from tests.integration.projections_support import table_rows

HANOI = timezone(timedelta(hours=7))
LAUNCHED = datetime(2025, 3, 1, 9, 0, tzinfo=HANOI)
FIRST_AMENDMENT = datetime(2025, 4, 1, 10, 0, tzinfo=HANOI)
SECOND_AMENDMENT = datetime(2025, 5, 1, 14, 30, tzinfo=HANOI)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def history(database_url, tmp_path):
    """A campaign launched on 1/3, its 95% target amended to 90% on 1/4 and to 85% on 1/5 (Hà Nội time)."""
    container = open_store(database_url, tmp_path, utc_now)
    app = container.app
    with freeze_time(LAUNCHED) as frozen:
        ensure_shipped_rules(app)
        world = build_world(app)
        launch_campaign(world)
        for when, value in ((FIRST_AMENDMENT, 90), (SECOND_AMENDMENT, 85)):
            frozen.move_to(when)
            app.amend_target(world.as_secretary, c.AmendTarget(world.campaign, "ldtt-95", value, f"Điều chỉnh còn {value}%"))
    container.projector.catch_up()
    yield app, world, container
    container.close()


def target_value(state: dict) -> float:
    return state["targets"]["ldtt-95"]["value"]


@pytest.mark.parametrize(("moment", "value"), [
    (FIRST_AMENDMENT - MINUTE, 95), (FIRST_AMENDMENT, 90), (SECOND_AMENDMENT - MINUTE, 90), (SECOND_AMENDMENT + MINUTE, 85),
])
def test_an_item_reads_as_it_stood_at_a_recorded_time(history, moment, value):
    app, world, _container = history

    item = app.item_as_of(world.campaign, at=moment)

    assert target_value(item["state"]) == value


def test_an_item_reads_as_it_stood_at_an_event_position(history):
    app, world, _container = history
    first = app.position_of_moment(FIRST_AMENDMENT)

    before, at = app.item_as_of(world.campaign, position=first - 1), app.item_as_of(world.campaign, position=first)

    assert (target_value(before["state"]), target_value(at["state"])) == (95, 90)
    assert at["position"] == first and at["recorded_at"].startswith("2025-04-01T03:00:00")


def test_an_item_did_not_exist_before_it_was_recorded(history):
    app, world, _container = history

    with pytest.raises(NotFoundError):
        app.item_as_of(world.campaign, at=LAUNCHED - MINUTE)


def test_the_difference_between_two_moments_lists_who_changed_what_and_why(history):
    app, world, _container = history

    changes = app.diff(FIRST_AMENDMENT - MINUTE, SECOND_AMENDMENT + MINUTE)["changes"]

    assert [(s["event"], s["by"], s["role"], s["reason"]) for s in changes] == [
        ("TargetAmended", str(world.secretary), "secretariat", "Điều chỉnh còn 90%"),
        ("TargetAmended", str(world.secretary), "secretariat", "Điều chỉnh còn 85%"),
    ]


def test_nothing_changed_between_two_moments_in_a_quiet_period(history):
    app, _world, _container = history

    assert app.diff(FIRST_AMENDMENT + MINUTE, SECOND_AMENDMENT - MINUTE)["changes"] == []


def read_target(container, campaign, position: int) -> tuple[int, float]:
    """The campaign's read model as of `position`: the position it reflects and the 95% target's value."""
    with container.point_in_time.engine_at(position).connect() as conn:
        target = next(t for t in queries.get_campaign(conn, campaign)["targets"] if t["code"] == "ldtt-95")
        return queries.as_of(conn), target["value"]


@pytest.mark.parametrize(("moment", "value"), [
    (FIRST_AMENDMENT - MINUTE, 95), (FIRST_AMENDMENT, 90), (SECOND_AMENDMENT - MINUTE, 90), (SECOND_AMENDMENT + MINUTE, 85),
])
def test_a_read_model_reads_as_it_stood_at_a_recorded_time(history, moment, value):
    app, world, container = history
    position = app.position_of_moment(moment)

    assert read_target(container, world.campaign, position) == (position, value)


@pytest.mark.parametrize("order", [(2, 1, 0), (0, 1, 2)], ids=["backwards", "forwards from a kept replica"])
def test_read_models_as_of_a_position_replay_only_up_to_it_and_leave_the_live_ones_alone(history, order):
    app, world, container = history
    first, head = app.position_of_moment(FIRST_AMENDMENT), app.recorder.max_notification_id()
    expected = [(first - 1, 95), (first, 90), (head, 85)]

    assert [read_target(container, world.campaign, expected[i][0]) for i in order] == [expected[i] for i in order]
    with container.read_engine.connect() as conn:
        assert queries.as_of(conn) == head
    with container.point_in_time.engine_at(0).connect() as conn:
        assert queries.get_campaign(conn, world.campaign) is None and queries.as_of(conn) == 0


def test_checkpoints_written_on_the_way_give_the_same_read_models_to_another_process(history, tmp_path):
    app, _world, _container = history
    head = app.recorder.max_notification_id()
    writer = PointInTime(app, all_projections, tmp_path / "pit", every=20)
    later = PointInTime(app, all_projections, tmp_path / "pit", every=20)  # as another web worker would
    alone = PointInTime(app, all_projections)  # no checkpoints: replays from the first event

    writer.engine_at(head)
    saved = sorted(int(f.stem) for f in writer.checkpoints.glob("*.sqlite"))

    assert saved == list(range(20, head + 1, 20)) and not list(writer.checkpoints.glob(".*"))
    for position in (head - 1, saved[-1], saved[0] + 7):
        assert table_rows(later.engine_at(position)) == table_rows(alone.engine_at(position))
    writer.forget_checkpoints()
    assert not (tmp_path / "pit").exists()
    for pit in (writer, later, alone):
        pit.close()
