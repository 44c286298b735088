"""What a process keeps between commands (cached aggregates, rule sets with their overlays) never changes
what a command sees: a refused command leaves the cached aggregate as it was, an amended overlay governs
the very next command."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from domain import commands as c
from domain.exceptions import BusyError, RuleViolationError
from domain.values import Stage
from tests.builders import SYSTEM, World, build_world, launch_campaign

TODAY = date(2025, 12, 1)


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    built = build_world(app)
    launch_campaign(built)
    clock.set(TODAY.year, TODAY.month, TODAY.day, 9)
    return built


def submitted(world: World) -> UUID:
    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    return n


def checked(world: World) -> UUID:
    n = submitted(world)
    world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    world.app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    return n


def overlay(world: World, scope: str, scope_id: UUID, posting_days: int) -> None:
    world.app.publish_overlay(SYSTEM, c.PublishOverlay(
        scope, scope_id, {"basis": "Quyết định 12/QĐ-SKHCN", "posting_days": posting_days}, "Quy định riêng",
    ))


def post_for(world: World, n: UUID, days: int) -> None:
    world.app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date.fromordinal(TODAY.toordinal() + days)))


def test_an_approval_the_store_refused_leaves_the_cached_nomination_as_it_was(world, monkeypatch):
    app = world.app
    n = submitted(world)

    def always_busy(*_aggregates):
        raise OperationalError("database is locked")

    monkeypatch.setattr(app, "save", always_busy)
    with pytest.raises(BusyError):
        app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    monkeypatch.undo()

    cached = app.repository.get(n, deepcopy_from_cache=False)
    assert (cached.stage, cached.approvers, cached.version) == (Stage.SUBMITTED, {}, 2)
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    assert app.repository.get(n).approvers == {"unit_approved": world.head}


def test_an_amended_overlay_governs_the_next_command(world):
    overlay(world, "campaign", world.campaign, posting_days=10)
    n = checked(world)
    with pytest.raises(RuleViolationError, match="10 ngày"):
        post_for(world, n, 8)

    overlay(world, "campaign", world.campaign, posting_days=8)
    post_for(world, n, 8)

    assert world.app.repository.get(n).stage is Stage.POSTED


def test_the_campaigns_overlay_is_laid_over_its_issuers(world):
    overlay(world, "issuer", world.department, posting_days=10)
    overlay(world, "campaign", world.campaign, posting_days=7)
    n = checked(world)
    with pytest.raises(RuleViolationError, match="7 ngày"):
        post_for(world, n, 6)

    post_for(world, n, 7)
