"""An inline write's tracking positions: one UPDATE moves them all when every inline read model is at the event
before the command's; when one is elsewhere, the others' move is put back and the positions are read, so the
one behind gets the events it missed (here a read model with no tracking row yet), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from adapters.bootstrap import INLINE
from domain import commands as c
from projections.pipeline import nominations
from projections.tables import projection_tracking
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container

track = projection_tracking.c


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock, synchronous=False)
    yield built
    built.close()


def tracked(container) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with container.read_engine.connect() as conn:
        return dict(conn.execute(select(track.projection_name, track.notification_id)).all())


def test_a_read_model_without_its_tracking_row_catches_up_in_the_next_command(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=2, members=1)
    launch_campaign(world)
    clock.set(2025, 12, 1, 9)
    with container.projector.engine.begin() as conn:
        conn.execute(delete(projection_tracking).where(track.projection_name == "nominations"))
    others = {name: position for name, position in tracked(container).items() if name in INLINE}

    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    position = container.app.recorder.max_notification_id()

    assert set(others.values()) == {position - 1} and len(others) == len(INLINE) - 1
    assert {name: p for name, p in tracked(container).items() if name in INLINE} == dict.fromkeys(INLINE, position)
    with container.read_engine.connect() as conn:
        assert conn.execute(select(nominations.c.stage).where(nominations.c.nomination_id == n)).scalar_one() == "drafted"
