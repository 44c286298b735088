from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.exceptions import InvalidCommandError, SeparationOfDutiesError, StageOrderError
from domain.nomination import Nomination
from domain.values import Stage

AT = datetime(2025, 12, 1, 3, tzinfo=timezone.utc)
CLERK, HEAD, SECRETARY, NOMINEE = uuid4(), uuid4(), uuid4(), uuid4()


def drafted(**overrides) -> Nomination:
    fields = dict(
        campaign_id=uuid4(), nominee_id=NOMINEE, nominee_kind="individual", unit_id=uuid4(), title_code="LDTT",
        year=2025, attempt=1, award_type="regular", achievements="Hoàn thành xuất sắc nhiệm vụ được giao.",
        initiative_id=None, evidence=[], by=CLERK, role="unit_clerk", at=AT, ruleset_version="v",
    )
    return Nomination(**{**fields, **overrides})


def who(person):
    return {"by": person, "role": "x", "at": AT}


def checked() -> Nomination:
    n = drafted()
    n.submit(ruleset_version="v", articles=[], **who(CLERK))
    n.approve_stage(Stage.UNIT_APPROVED, comment="", ruleset_version="v", **who(HEAD))
    n.approve_stage(Stage.CHECKED, comment="", ruleset_version="v", **who(SECRETARY))
    return n


def test_stages_follow_the_approval_order():
    n = drafted()
    n.submit(ruleset_version="v", articles=[], **who(CLERK))

    with pytest.raises(StageOrderError):
        n.approve_stage(Stage.CHECKED, comment="", ruleset_version="v", **who(SECRETARY))


def test_proposer_cannot_approve_own_nomination():
    n = drafted()
    n.submit(ruleset_version="v", articles=[], **who(CLERK))

    with pytest.raises(SeparationOfDutiesError):
        n.approve_stage(Stage.UNIT_APPROVED, comment="", ruleset_version="v", **who(CLERK))


def test_nominee_cannot_approve_own_nomination():
    n = drafted()
    n.submit(ruleset_version="v", articles=[], **who(CLERK))

    with pytest.raises(SeparationOfDutiesError):
        n.approve_stage(Stage.UNIT_APPROVED, comment="", ruleset_version="v", **who(NOMINEE))


def test_one_person_cannot_approve_two_stages():
    n = drafted()
    n.submit(ruleset_version="v", articles=[], **who(CLERK))
    n.approve_stage(Stage.UNIT_APPROVED, comment="", ruleset_version="v", **who(HEAD))

    with pytest.raises(SeparationOfDutiesError):
        n.approve_stage(Stage.CHECKED, comment="", ruleset_version="v", **who(HEAD))


def test_return_names_an_earlier_stage_and_needs_a_reason():
    n = checked()

    with pytest.raises(InvalidCommandError):
        n.return_to(Stage.DRAFTED, reason=" ", **who(SECRETARY))
    with pytest.raises(StageOrderError):
        n.return_to(Stage.CHECKED, reason="x", **who(SECRETARY))


def test_returned_to_draft_is_resubmitted_and_approved_again():
    n = checked()

    n.return_to(Stage.DRAFTED, reason="Thiếu biên bản bình xét", **who(SECRETARY))
    n.submit(ruleset_version="v", articles=[], comment="Đã bổ sung", **who(CLERK))
    n.approve_stage(Stage.UNIT_APPROVED, comment="", ruleset_version="v", **who(HEAD))

    assert n.stage is Stage.UNIT_APPROVED
    assert [type(e).__name__ for e in n.collect_events()][-3:] == ["Returned", "Resubmitted", "StageApproved"]


def test_only_the_proposer_withdraws_and_not_after_decision_listing():
    n = checked()

    with pytest.raises(SeparationOfDutiesError):
        n.withdraw(reason="x", **who(HEAD))
    n.withdraw(reason="Đổi hình thức khen", **who(CLERK))
    assert n.stage is Stage.WITHDRAWN and not n.is_open


def test_objection_only_while_posted_and_posting_clears_when_resolved():
    n = checked()
    n.post_publicly(date(2025, 12, 10), ruleset_version="v", **who(SECRETARY))

    n.raise_objection("o1", "Chưa đúng thành tích", None, AT)
    assert not n.posting_cleared(date(2025, 12, 11))
    n.resolve_objection("o1", False, resolution="Đã xác minh, thành tích đúng", **who(SECRETARY))

    assert n.posting_cleared(date(2025, 12, 11))
    assert not n.posting_cleared(date(2025, 12, 10))


def test_upheld_objection_rejects_the_nomination():
    n = checked()
    n.post_publicly(date(2025, 12, 10), ruleset_version="v", **who(SECRETARY))
    n.raise_objection("o1", "Đang bị khiếu nại", None, AT)

    n.resolve_objection("o1", True, resolution="Phản ánh đúng", **who(SECRETARY))

    assert n.stage is Stage.REJECTED


def test_council_result_moves_to_voted_or_not_awarded():
    passed, failed = checked(), checked()
    for n in (passed, failed):
        n.post_publicly(date(2025, 12, 10), ruleset_version="v", **who(SECRETARY))

    passed.record_council_result(uuid4(), {"passed": True, "yes": 8}, AT, "v")
    failed.record_council_result(uuid4(), {"passed": False, "yes": 3}, AT, "v")

    assert passed.stage is Stage.VOTED
    assert failed.stage is Stage.NOT_AWARDED


def test_decide_requires_being_listed_in_that_decision():
    n = checked()
    n.post_publicly(date(2025, 12, 10), ruleset_version="v", **who(SECRETARY))
    n.record_council_result(uuid4(), {"passed": True}, AT, "v")

    with pytest.raises(StageOrderError):
        n.decide(uuid4(), True, 710000, date(2026, 1, 5), **who(HEAD))
