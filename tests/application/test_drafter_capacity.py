"""The drafter of a decision is a capacity of its own on every dossier it lists (DESIGN.md §4 rule 4): whoever
checked a dossier does not draft the decision that lists it, and the drafter does not sign it either."""

from datetime import date

import pytest

from domain import commands as c
from domain.exceptions import SeparationOfDutiesError
from domain.nomination import Nomination
from domain.values import Actor, Role, Stage
from tests.application.test_lifecycle import to_voted, world  # noqa: F401 - shared fixture
from tests.builders import grant


def draft(world, by: Actor, nominations, number: str = "05/QĐ-SKHCN"):
    return world.app.draft_decision(by, c.DraftDecision(
        world.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
        world.signer, "Giám đốc Sở", nominations,
    ))


def test_the_checker_may_not_draft_the_decision_listing_the_dossier(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    before = app.recorder.max_notification_id()
    with pytest.raises(SeparationOfDutiesError, match="người kiểm tra hồ sơ"):
        draft(world, world.as_secretary, [n])
    assert app.recorder.max_notification_id() == before
    draft(world, world.as_drafter, [n])
    assert app.repository.get(n).stage is Stage.IN_DECISION


def test_the_drafter_is_recorded_on_the_dossier_and_may_not_sign(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    grant(app, world.drafter, Role.SIGNER, world.department)
    decision = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu", date(2026, 1, 10), world.drafter, "Phó Giám đốc Sở", [n],
    ))
    nomination = app.repository.get(n)
    assert isinstance(nomination, Nomination) and world.drafter in nomination.acted_by
    with pytest.raises(SeparationOfDutiesError):
        app.sign_decision(Actor(world.drafter, Role.SIGNER), c.SignDecision(decision))
