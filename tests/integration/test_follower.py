"""SQLite's default mode outside tests: the asynchronous read models are caught up by a thread of the process a moment after
commands, several commands in one catch-up; a reader of the process, or closing it, catches up what is left."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from adapters.bootstrap import INLINE, bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from projections.tables import projection_tracking
from tests.builders import build_world, launch_campaign

track = projection_tracking.c


def open_container(url: str, path, clock, *, synchronous: bool | None):  # type: ignore[no-untyped-def]
    """The container as outside tests, with its follower (`synchronous=None`; tests ask for it), or not."""
    settings = load_settings({}, database_url=url, instance_path=path, environment="test")
    container = bootstrap(settings, clock=clock, synchronous=synchronous, follow=synchronous is None)
    ensure_shipped_rules(container.app)
    return container


@pytest.fixture
def opened(tmp_path, clock):
    """A container in SQLite's default mode outside tests (the follower), and the world it holds."""
    container = open_container(f"sqlite:///{tmp_path / 'thidua.sqlite'}", tmp_path, clock, synchronous=None)
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=2, members=1)
    launch_campaign(world)
    yield container, world
    container.close()


def positions(container) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with container.read_engine.connect() as conn:
        return dict(conn.execute(select(track.projection_name, track.notification_id)).all())


def sign_up(world):  # type: ignore[no-untyped-def]
    """The division signed up: its participation, and the ledger's position after it."""
    participation = world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit"))
    return participation, world.app.recorder.max_notification_id()


def test_the_follower_catches_up_on_its_own_a_moment_after_a_command(opened):
    container, world = opened
    _participation, position = sign_up(world)
    deadline = time.monotonic() + 10
    while positions(container).get("audit", 0) < position and time.monotonic() < deadline:
        time.sleep(0.01)

    assert positions(container)["audit"] == position


def test_commands_of_a_moment_are_caught_up_together_and_a_reader_catches_up_what_is_left(opened, monkeypatch):
    container, world = opened
    follower = container.follower
    follower.drain()
    follower.delay = 60  # the thread waits (a catch-up under way ends first)
    time.sleep(0.2)
    batches: list[int] = []
    catch_up = container.projector.catch_up
    monkeypatch.setattr(container.projector, "catch_up", lambda *a, **k: batches.append(catch_up(*a, **k)) or batches[-1])

    participation, first = sign_up(world)
    second = world.app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    tracked = positions(container)
    assert {name: tracked[name] for name in INLINE} == dict.fromkeys(INLINE, second)  # with the events
    assert tracked.get("audit", 0) < first  # not yet

    container.catch_up_pending()  # what a request reading the read models does first

    assert batches == [second] and positions(container)["audit"] == second


def test_closing_catches_up_what_is_left(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'thidua.sqlite'}"
    container = open_container(url, tmp_path, clock, synchronous=None)
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=1, members=1)
    container.follower.delay = 60
    launch_campaign(world)
    position = container.app.recorder.max_notification_id()
    container.close()

    reopened = open_container(url, tmp_path, clock, synchronous=False)
    try:
        assert positions(reopened)["audit"] == position
    finally:
        reopened.close()
