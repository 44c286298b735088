"""Sign-up names titles of the rule set's catalogue; a withdrawal says why. A refusal records nothing."""

from __future__ import annotations

import pytest

from domain import commands as c
from domain.exceptions import DomainError, InvalidCommandError
from domain.participation import Participation
from domain.rules.errors import UnknownTitleError
from tests.builders import World, build_world, launch_campaign


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    w = build_world(app)
    launch_campaign(w)
    clock.set(2025, 1, 10, 9)
    return w


def recorded(app) -> int:
    return app.recorder.max_notification_id() or 0


@pytest.mark.parametrize("titles", [["FOO_BAR"], ["TLDTT", "FOO_BAR"]])
def test_sign_up_refuses_titles_not_in_the_catalogue(world, app, titles):
    before = recorded(app)

    with pytest.raises(UnknownTitleError, match="FOO_BAR") as refused:
        app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", titles))

    assert "danh mục" in refused.value.message and "ND98-2023/v1" in refused.value.message
    assert recorded(app) == before
    assert Participation.create_id(world.campaign, world.division) not in app.repository


def test_sign_up_accepts_titles_of_the_catalogue(world, app):
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT", "TLDXS"]))

    assert app.repository.get(participation).registered_titles == ["TLDTT", "TLDXS"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_withdrawal_needs_a_reason(world, app, reason):
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    before = recorded(app)

    with pytest.raises(InvalidCommandError, match="lý do"):
        app.withdraw_participation(world.as_clerk, c.WithdrawParticipation(participation, reason))

    assert recorded(app) == before and not app.repository.get(participation).withdrawn


def test_a_withdrawal_with_its_reason_is_recorded(world, app):
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))

    app.withdraw_participation(world.as_clerk, c.WithdrawParticipation(participation, "Đơn vị sáp nhập"))

    assert app.repository.get(participation).withdrawn
    with pytest.raises(DomainError):
        app.withdraw_participation(world.as_clerk, c.WithdrawParticipation(participation, "Lần nữa"))
