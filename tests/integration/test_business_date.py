"""The second clock (issue #18): `on=DATE` answers what was in force on a business date as known now — the
events by their business time `at` — while `as_of` answers what the ledger knew at a recording moment.
The history here is recorded today with business dates in 2025, as the demo records its past."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from projections import queries
from tests.builders import build_world, launch_campaign
from tests.conftest import MutableClock
from tests.integration.ledger_store import open_store


@pytest.fixture
def history(database_url, tmp_path):
    """A campaign launched on 1/3/2025, its 95% target amended to 90% on 1/4 and to 85% on 1/5 — all recorded now."""
    clock = MutableClock(datetime(2025, 3, 1, 2, tzinfo=timezone.utc))
    container = open_store(database_url, tmp_path, clock)
    app = container.app
    ensure_shipped_rules(app)
    world = build_world(app)
    launch_campaign(world)
    for day, value in ((date(2025, 4, 1), 90), (date(2025, 5, 1), 85)):
        clock.set(day.year, day.month, day.day, 10)
        app.amend_target(world.as_secretary, c.AmendTarget(world.campaign, "ldtt-95", value, f"Điều chỉnh còn {value}%"))
    container.projector.catch_up()
    yield world, container
    container.close()


def target_on(container, campaign, day: date) -> float | None:
    with container.point_in_time.engine_on(day).connect() as conn:
        found = queries.get_campaign(conn, campaign)
        return None if found is None else next(t["value"] for t in found["targets"] if t["code"] == "ldtt-95")


@pytest.mark.parametrize(("day", "value"), [
    (date(2025, 2, 28), None), (date(2025, 3, 1), 95), (date(2025, 3, 31), 95), (date(2025, 4, 1), 90),
    (date(2025, 4, 30), 90), (date(2025, 5, 1), 85), (date(2026, 1, 1), 85),
])
def test_read_models_on_a_business_date_show_what_was_in_force_that_day(history, day, value):
    world, container = history

    assert target_on(container, world.campaign, day) == value


def test_the_recording_clock_knows_nothing_of_a_past_recorded_today(history):
    """as_of 1/4/2025 by the recording clock: nothing had been recorded yet (the history was entered today)."""
    _world, container = history

    assert container.app.position_of_moment(datetime(2025, 4, 1, 12, tzinfo=timezone(timedelta(hours=7)))) == 0


def test_the_live_read_models_are_left_alone(history):
    world, container = history
    target_on(container, world.campaign, date(2025, 3, 15))

    with container.read_engine.connect() as conn:
        assert next(t["value"] for t in queries.get_campaign(conn, world.campaign)["targets"] if t["code"] == "ldtt-95") == 85
