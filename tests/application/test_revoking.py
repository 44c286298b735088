"""A signed decision is amended or revoked only by a later decision; awards leave the record."""

from datetime import date

import pytest

from domain import commands as c
from domain.exceptions import DuplicateError, InvalidCommandError
from tests.application.test_lifecycle import to_voted, world  # noqa: F401 - shared fixture


def signed(world, clock, number: str = "05/QĐ-SKHCN"):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = world.app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
        world.signer, "Giám đốc Sở", [n],
    ))
    world.app.sign_decision(world.as_signer, c.SignDecision(decision))
    return decision


def test_revocation_by_a_later_decision_removes_the_award(world, app, clock):
    decision = signed(world, clock)
    clock.set(2026, 3, 2, 9)

    revocation = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "20/QĐ-SKHCN", "Về việc hủy Quyết định số 05/QĐ-SKHCN", date(2026, 3, 2), world.signer,
        "Giám đốc Sở", [], kind="revocation", target_decision_id=decision,
        reason="Kê khai thành tích không trung thực (Điều 93 Luật TĐKT 2022)",
    ))
    app.sign_decision(world.as_signer, c.SignDecision(revocation))

    assert app.repository.get(decision).revoked
    assert app.repository.get(world.staff[0]).awards == []


def test_revocation_needs_a_target_and_a_reason(world, app, clock):
    signed(world, clock)

    with pytest.raises(InvalidCommandError):
        app.draft_decision(world.as_drafter, c.DraftDecision(
            world.department, "21/QĐ-SKHCN", "Hủy", date(2026, 3, 2), world.signer, "Giám đốc Sở", [], kind="revocation",
        ))


def test_a_decision_number_is_used_once_per_issuer_and_year(world, app, clock):
    signed(world, clock)
    n2 = to_voted(world, clock, world.staff[1])

    with pytest.raises(DuplicateError):
        app.draft_decision(world.as_drafter, c.DraftDecision(
            world.department, "05/QĐ-SKHCN", "s", date(2026, 1, 12), world.signer, "Giám đốc Sở", [n2],
        ))
