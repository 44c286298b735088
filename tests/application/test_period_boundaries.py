"""Campaign period boundaries with the real wall clock frozen by freezegun (Vietnam civil dates)."""

import pytest
from freezegun import freeze_time

from domain import commands as c
from domain.application import Thidua
from domain.clock import utc_now
from domain.exceptions import CampaignNotOpenError
from tests.builders import build_world, launch_campaign, publish_shipped_rules
from tests.conftest import accept_freezegun_values


@pytest.fixture
def wall_clock_app():
    app = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=utc_now)
    accept_freezegun_values(app)
    with freeze_time("2025-01-02T02:00:00Z"):
        publish_shipped_rules(app)
        world = build_world(app)
        launch_campaign(world)
    yield world
    app.close()


@pytest.mark.parametrize(
    ("instant", "allowed"),
    [
        ("2024-12-31T16:59:59Z", False),  # 23:59:59 on 31/12/2024 in Hà Nội: before the period
        ("2024-12-31T17:00:00Z", True),  # 00:00 on 01/01/2025 in Hà Nội: first moment of the period
        ("2025-12-31T16:59:59Z", True),  # 23:59:59 on 31/12/2025 in Hà Nội: last moment
        ("2025-12-31T17:00:00Z", False),  # 00:00 on 01/01/2026 in Hà Nội: the period is over
    ],
)
def test_sign_up_is_accepted_only_within_the_period(wall_clock_app, instant, allowed):
    world = wall_clock_app
    sign_up = c.SignUp(world.campaign, world.division, "unit", ["TLDTT"])

    with freeze_time(instant):
        if allowed:
            assert world.app.sign_up(world.as_clerk, sign_up)
        else:
            with pytest.raises(CampaignNotOpenError):
                world.app.sign_up(world.as_clerk, sign_up)


def test_events_record_the_frozen_business_time(wall_clock_app):
    world = wall_clock_app

    with freeze_time("2025-03-08T01:30:00Z"):
        participation = world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", []))

    signed_up = world.app.events.get(participation)
    assert next(iter(signed_up)).at.isoformat() == "2025-03-08T01:30:00+00:00"
