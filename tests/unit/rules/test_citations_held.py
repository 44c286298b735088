"""A nominee under a pending proceeding is held (tạm dừng xét), not refused (ND 152 Art. 4(4), DOMAIN.md §3.4)."""

from __future__ import annotations

from datetime import date

import pytest

from domain import commands as c
from domain.exceptions import RuleViolationError
from domain.rules.eligibility import assess_eligibility
from domain.values import AwardType, NomineeHistory, NomineeKind, Rating
from tests.builders import SYSTEM, build_world, launch_campaign

ND98, ND152 = "ND98-2023/v1", "ND152-2025/v1"
ON = date(2026, 1, 10)


def person(rating: Rating, *pending: str) -> NomineeHistory:
    return NomineeHistory(NomineeKind.INDIVIDUAL, {2025: rating}, pending_proceedings=pending)


@pytest.mark.parametrize(("kind", "words"), [
    ("complaint", "khiếu nại"),
    ("denunciation", "tố cáo"),
    ("inspection", "thanh tra"),
    ("investigation", "điều tra"),
    ("discipline", "kỷ luật"),
    ("press", "báo chí"),
])
def test_a_pending_proceeding_holds_the_nominee_and_names_it_in_words(rulesets, kind, words):
    verdict = assess_eligibility(rulesets[ND152], "LDTT", person(Rating.GOOD, kind), 2025, AwardType.REGULAR, ON)

    assert verdict.held and not verdict.eligible and verdict.status == "held"
    [hold] = verdict.unmet
    assert hold.code == "pending_proceedings" and hold.hold
    assert hold.message_vi.startswith("Tạm dừng xét")
    assert words in hold.message_vi and kind not in hold.message_vi
    assert hold.message_vi.endswith("(Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP)")


def test_an_unknown_proceeding_code_is_not_echoed(rulesets):
    verdict = assess_eligibility(rulesets[ND98], "LDTT", person(Rating.GOOD, "xyz_case"), 2025, AwardType.REGULAR, ON)

    assert verdict.held and "xyz_case" not in verdict.unmet[0].message_vi
    assert verdict.unmet[0].message_vi.endswith("(Điều 4 Nghị định 98/2023/NĐ-CP)")


def test_a_nominee_also_failing_a_criterion_is_not_eligible_not_held(rulesets):
    verdict = assess_eligibility(
        rulesets[ND152], "LDTT", person(Rating.COMPLETED, "complaint"), 2025, AwardType.REGULAR, ON,
    )

    assert not verdict.held and verdict.status == "not_eligible"
    assert [u.code for u in verdict.unmet] == ["pending_proceedings", "rating_below"]


def test_an_eligible_nominee_is_neither_held_nor_refused(rulesets):
    verdict = assess_eligibility(rulesets[ND152], "LDTT", person(Rating.GOOD), 2025, AwardType.REGULAR, ON)

    assert verdict.eligible and not verdict.held and verdict.status == "eligible"


def test_the_application_shows_and_refuses_a_held_nominee_as_held(app, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(app)
    launch_campaign(world)
    clock.set(2025, 12, 1, 9)
    nominee = world.staff[0]
    app.open_proceeding(SYSTEM, c.OpenProceeding(nominee, "kn-1", "complaint", "Đơn khiếu nại"))
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))

    shown = app.get_eligibility(n)
    with pytest.raises(RuleViolationError, match="^Tạm dừng xét") as refused:
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))

    assert shown["status"] == "held" and shown["held"] and not shown["eligible"]
    assert "complaint" not in refused.value.message and "khiếu nại" in refused.value.message
