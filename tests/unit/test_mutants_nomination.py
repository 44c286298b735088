"""Nomination: what mutation testing found untested (docs/mutation.md).

Who, in what role and when is recorded on every event; the exact refusal messages; the persisted id derivation;
objections on the last day of the posting and after it; a posting that ends the day it starts; returns that
keep only the earlier approvals.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import pytest

from domain.exceptions import InvalidCommandError, SeparationOfDutiesError, StageOrderError
from domain.nomination import Nomination
from domain.values import Stage
from tests.unit.mutant_support import last_event, refused

VN = timezone(timedelta(hours=7))
AT = datetime(2025, 12, 1, 9, 0, tzinfo=VN)
LATE = datetime(2025, 12, 1, 20, 0, tzinfo=timezone.utc)  # 2 December in Vietnam
CLERK, HEAD, SECRETARY, NOMINEE, DRAFTER, SIGNER = (UUID(int=i) for i in range(1, 7))
SESSION, DECISION = UUID(int=20), UUID(int=21)
POSTED_UNTIL = date(2025, 12, 10)


def drafted() -> Nomination:
    return Nomination(
        campaign_id=uuid4(), nominee_id=NOMINEE, nominee_kind="individual", unit_id=uuid4(), title_code="LDTT",
        year=2025, attempt=1, award_type="regular", achievements="Hoàn thành xuất sắc nhiệm vụ.",
        initiative_id=None, evidence=[], by=CLERK, role="unit_clerk", at=AT, ruleset_version="v",
    )


def submitted() -> Nomination:
    n = drafted()
    n.submit(by=CLERK, role="unit_clerk", at=AT, ruleset_version="v", articles=[])
    return n


def checked() -> Nomination:
    n = submitted()
    n.approve_stage(Stage.UNIT_APPROVED, by=HEAD, role="unit_head", at=AT, comment="", ruleset_version="v")
    n.approve_stage(Stage.CHECKED, by=SECRETARY, role="secretariat", at=AT, comment="", ruleset_version="v")
    return n


def posted() -> Nomination:
    n = checked()
    n.post_publicly(POSTED_UNTIL, by=SECRETARY, role="secretariat", at=AT, ruleset_version="v")
    return n


def voted() -> Nomination:
    n = posted()
    n.record_council_result(SESSION, {"passed": True, "yes": 5}, at=AT, ruleset_version="v")
    return n


def in_decision() -> Nomination:
    n = voted()
    n.add_to_decision(DECISION, by=DRAFTER, role="secretariat", at=AT)
    return n




def test_the_id_is_derived_as_stored():
    campaign, nominee = UUID(int=7), UUID(int=8)
    expected = uuid5(NAMESPACE_URL, f"thidua:/nomination/{campaign}/{nominee}/LDTT/2025/2")
    assert Nomination.create_id(campaign, nominee, "LDTT", 2025, 2) == expected


def test_revising_records_the_new_dossier_and_who_role_time():
    n, initiative = drafted(), uuid4()
    n.revise("Thành tích mới", initiative, [{"name": "a.pdf"}], by=CLERK, role="unit_clerk", at=LATE)
    event = last_event(n)
    assert (event.achievements, event.initiative_id, event.evidence) == ("Thành tích mới", initiative, [{"name": "a.pdf"}])
    assert (event.by, event.role, event.at) == (CLERK, "unit_clerk", LATE)
    assert (n.achievements, n.initiative_id, n.evidence) == ("Thành tích mới", initiative, [{"name": "a.pdf"}])


def test_only_a_draft_is_revised_and_the_refusal_names_the_stages():
    refused(
        StageOrderError, f"«{Stage.SUBMITTED.name_vi}», thao tác này cần bước: «{Stage.DRAFTED.name_vi}»",
        submitted().revise, "x", None, [], by=CLERK, role="unit_clerk", at=AT,
    )
    refused(
        StageOrderError, f"«{Stage.CHECKED.name_vi}», thao tác này cần bước: «{Stage.POSTED.name_vi}», «{Stage.VOTED.name_vi}»",
        checked().raise_objection, "o1", "Sai", by=None, at=AT,
    )


def test_submitting_records_the_vietnamese_day_received_and_who_role_time_rules():
    n = drafted()
    n.submit(by=CLERK, role="unit_clerk", at=LATE, ruleset_version="ND98", articles=["Art. 24"])
    event = last_event(n)
    assert type(event).__name__ == "Submitted"
    assert (event.received_on, event.by, event.role, event.at) == (date(2025, 12, 2), CLERK, "unit_clerk", LATE)
    assert (event.ruleset_version, event.articles) == ("ND98", ["Art. 24"])
    assert (n.stage, n.received_on) == (Stage.SUBMITTED, date(2025, 12, 2))


def test_a_dossier_without_achievements_is_not_submitted():
    n = drafted()
    n.revise("   ", None, [], by=CLERK, role="unit_clerk", at=AT)
    refused(
        InvalidCommandError, "báo cáo thành tích",
        n.submit, by=CLERK, role="unit_clerk", at=AT, ruleset_version="v", articles=[],
    )


def test_resubmitting_after_a_return_records_the_comment_and_who_role_time_rules():
    n = checked()
    n.return_to(Stage.DRAFTED, by=SECRETARY, role="secretariat", at=AT, reason="Thiếu biên bản")
    n.submit(by=CLERK, role="unit_clerk", at=LATE, ruleset_version="ND98", articles=["Art. 24"], comment="Đã bổ sung")
    event = last_event(n)
    assert type(event).__name__ == "Resubmitted"
    assert (event.by, event.role, event.at, event.comment) == (CLERK, "unit_clerk", LATE, "Đã bổ sung")
    assert (event.ruleset_version, event.articles) == ("ND98", ["Art. 24"])
    assert n.stage is Stage.SUBMITTED and n.returned_to is None


def test_approving_records_the_stage_who_role_time_comment_rules_and_due_date():
    n = submitted()
    n.approve_stage(
        Stage.UNIT_APPROVED, by=HEAD, role="unit_head", at=LATE, comment="Đồng ý", ruleset_version="ND98",
        due_on=date(2025, 12, 20),
    )
    event = last_event(n)
    assert (event.stage, event.by, event.role, event.at) == ("unit_approved", HEAD, "unit_head", LATE)
    assert (event.comment, event.ruleset_version, event.due_on) == ("Đồng ý", "ND98", date(2025, 12, 20))
    assert n.approvers == {"unit_approved": HEAD}


def test_approving_out_of_order_names_both_stages():
    refused(
        StageOrderError, f"duyệt bước «{Stage.CHECKED.name_vi}» khi hồ sơ đang ở bước «{Stage.SUBMITTED.name_vi}»",
        submitted().approve_stage, Stage.CHECKED, by=HEAD, role="unit_head", at=AT, comment="", ruleset_version="v",
    )


def test_acting_in_a_second_capacity_names_both():
    n = submitted()
    n.approve_stage(Stage.UNIT_APPROVED, by=HEAD, role="unit_head", at=AT, comment="", ruleset_version="v")
    refused(
        SeparationOfDutiesError,
        "Một người không được tham gia hồ sơ với hai tư cách: người này đã là người duyệt cấp đơn vị, "
        "không được làm người kiểm tra hồ sơ.",
        n.approve_stage, Stage.CHECKED, by=HEAD, role="secretariat", at=AT, comment="", ruleset_version="v",
    )
    refused(
        SeparationOfDutiesError,
        "Một người không được tham gia hồ sơ với hai tư cách: người này đã là người được đề nghị, "
        "không được làm người kiểm tra hồ sơ.",
        n.approve_stage, Stage.CHECKED, by=NOMINEE, role="secretariat", at=AT, comment="", ruleset_version="v",
    )


def test_a_return_keeps_the_approvals_up_to_the_stage_returned_to_and_clears_posting_and_council():
    n = voted()
    n.return_to(Stage.UNIT_APPROVED, by=SECRETARY, role="secretariat", at=LATE, reason="Xem lại")
    event = last_event(n)
    assert (event.to_stage, event.by, event.role, event.at, event.reason) == (
        "unit_approved", SECRETARY, "secretariat", LATE, "Xem lại",
    )
    assert n.approvers == {"unit_approved": HEAD}
    assert (n.stage, n.returned_to, n.posted_until, n.council) == (
        Stage.UNIT_APPROVED, Stage.UNIT_APPROVED, None, None,
    )


def test_return_refusals_say_why():
    for n in (drafted(), in_decision()):
        refused(
            StageOrderError, "không thể trả lại",
            n.return_to, Stage.DRAFTED, by=SECRETARY, role="secretariat", at=AT, reason="x",
        )
    refused(
        StageOrderError, f"trước bước hiện tại «{Stage.CHECKED.name_vi}»",
        checked().return_to, Stage.CHECKED, by=SECRETARY, role="secretariat", at=AT, reason="x",
    )
    refused(
        StageOrderError, f"trước bước hiện tại «{Stage.VOTED.name_vi}»",
        voted().return_to, Stage.POSTED, by=SECRETARY, role="secretariat", at=AT, reason="x",
    )
    refused(
        InvalidCommandError, "phải nêu lý do",
        checked().return_to, Stage.SUBMITTED, by=SECRETARY, role="secretariat", at=AT, reason=" ",
    )


def test_a_submitted_dossier_returns_to_the_draft():
    n = submitted()
    n.return_to(Stage.DRAFTED, by=HEAD, role="unit_head", at=AT, reason="Bổ sung")
    assert n.stage is Stage.DRAFTED


def test_withdrawing_records_who_role_time_reason_and_is_the_proposers_alone():
    refused(
        SeparationOfDutiesError, "Chỉ người đề nghị",
        checked().withdraw, by=HEAD, role="unit_head", at=AT, reason="x",
    )
    n = voted()
    n.withdraw(by=CLERK, role="unit_clerk", at=LATE, reason="Chuyển công tác")
    event = last_event(n)
    assert (event.by, event.role, event.at, event.reason) == (CLERK, "unit_clerk", LATE, "Chuyển công tác")
    assert n.stage is Stage.WITHDRAWN
    for closed in (n, in_decision()):
        refused(
            StageOrderError, "không thể rút",
            closed.withdraw, by=CLERK, role="unit_clerk", at=AT, reason="x",
        )


def test_rejecting_records_who_role_time_reason_rules_and_articles():
    n = checked()
    n.reject(by=SECRETARY, role="secretariat", at=LATE, reason="Không đủ điều kiện", ruleset_version="ND98", articles=["Art. 5"])
    event = last_event(n)
    assert (event.by, event.role, event.at, event.reason) == (SECRETARY, "secretariat", LATE, "Không đủ điều kiện")
    assert (event.ruleset_version, event.articles) == ("ND98", ["Art. 5"])
    assert n.stage is Stage.REJECTED


def test_reject_refusals_say_why():
    for closed in (in_decision(), checked()):
        if closed.stage is Stage.CHECKED:
            closed.withdraw(by=CLERK, role="unit_clerk", at=AT, reason="x")
        refused(
            StageOrderError, "đã vào quyết định hoặc đã kết thúc",
            closed.reject, by=SECRETARY, role="secretariat", at=AT, reason="x", ruleset_version="v", articles=[],
        )
    for person in (CLERK, NOMINEE):
        refused(
            SeparationOfDutiesError, "không được quyết định từ chối",
            checked().reject, by=person, role="unit_head", at=AT, reason="x", ruleset_version="v", articles=[],
        )
    refused(
        InvalidCommandError, "phải nêu lý do",
        checked().reject, by=SECRETARY, role="secretariat", at=AT, reason=" ", ruleset_version="v", articles=[],
    )


def test_posting_records_the_vietnamese_day_posted_and_who_role_time_rules():
    n = checked()
    n.post_publicly(POSTED_UNTIL, by=SECRETARY, role="secretariat", at=LATE, ruleset_version="ND98")
    event = last_event(n)
    assert (event.posted_on, event.until, event.by, event.role, event.at, event.ruleset_version) == (
        date(2025, 12, 2), POSTED_UNTIL, SECRETARY, "secretariat", LATE, "ND98",
    )
    assert (n.stage, n.posted_until) == (Stage.POSTED, POSTED_UNTIL)


@pytest.mark.parametrize("until", [date(2025, 12, 1), date(2025, 11, 30)])
def test_a_posting_that_ends_the_day_it_starts_or_before_is_refused(until):
    refused(
        InvalidCommandError, "phải sau ngày đăng",
        checked().post_publicly, until, by=SECRETARY, role="secretariat", at=AT, ruleset_version="v",
    )


def test_a_posting_until_the_next_day_is_accepted():
    n = checked()
    n.post_publicly(date(2025, 12, 2), by=SECRETARY, role="secretariat", at=AT, ruleset_version="v")
    assert n.posted_until == date(2025, 12, 2)


def test_an_objection_on_the_last_day_of_the_posting_is_taken_and_records_text_who_and_time():
    n = posted()
    last_day = datetime(2025, 12, 10, 23, 59, tzinfo=VN)
    n.raise_objection("o1", "Thành tích không đúng", by=CLERK, at=last_day)
    event = last_event(n)
    assert (event.objection_id, event.text, event.by, event.at) == ("o1", "Thành tích không đúng", CLERK, last_day)
    assert n.objections == {"o1": True} and n.open_objections == 1


def test_an_objection_after_the_posting_end_is_refused_also_once_voted():
    for n in (posted(), voted()):
        refused(
            StageOrderError, "đã kết thúc",
            n.raise_objection, "o1", "Sai", by=None, at=datetime(2025, 12, 11, 0, 1, tzinfo=VN),
        )
    n = voted()
    n.raise_objection("o2", "Sai", by=CLERK, at=AT)
    assert n.open_objections == 1


def test_an_empty_objection_is_refused():
    refused(InvalidCommandError, "không được để trống", posted().raise_objection, "o1", " ", by=None, at=AT)


def test_resolving_records_the_outcome_who_role_time_and_resolution():
    n = posted()
    n.raise_objection("o1", "Sai", by=None, at=AT)
    n.raise_objection("o2", "Sai nữa", by=None, at=AT)
    n.resolve_objection("o1", False, by=SECRETARY, role="secretariat", at=LATE, resolution="Không có cơ sở")
    event = last_event(n)
    assert (event.objection_id, event.upheld, event.by, event.role, event.at, event.resolution) == (
        "o1", False, SECRETARY, "secretariat", LATE, "Không có cơ sở",
    )
    assert n.stage is Stage.POSTED and n.objections == {"o1": False, "o2": True} and n.open_objections == 1
    n.resolve_objection("o2", True, by=SECRETARY, role="secretariat", at=LATE, resolution="Đúng")
    assert n.stage is Stage.REJECTED and n.open_objections == 0


def test_resolve_refusals_say_why():
    n = posted()
    refused(
        InvalidCommandError, "đang chờ xử lý",
        n.resolve_objection, "o1", False, by=SECRETARY, role="secretariat", at=AT, resolution="x",
    )
    n.raise_objection("o1", "Sai", by=None, at=AT)
    refused(
        InvalidCommandError, "phải có nội dung",
        n.resolve_objection, "o1", False, by=SECRETARY, role="secretariat", at=AT, resolution=" ",
    )
    listed = voted()
    listed.raise_objection("o1", "Sai", by=None, at=AT)
    listed.add_to_decision(DECISION, by=DRAFTER, role="secretariat", at=AT)
    refused(
        StageOrderError,
        "phản ánh đúng phải xử lý bằng quyết định hủy/sửa đổi",
        listed.resolve_objection, "o1", True, by=SECRETARY, role="secretariat", at=AT, resolution="Đúng",
    )
    listed.resolve_objection("o1", False, by=SECRETARY, role="secretariat", at=AT, resolution="Không đúng")
    assert listed.stage is Stage.IN_DECISION


def test_the_posting_clears_the_day_after_its_end_with_no_open_objection():
    n = posted()
    assert not n.posting_cleared(POSTED_UNTIL)
    assert n.posting_cleared(POSTED_UNTIL + timedelta(days=1))
    n.raise_objection("o1", "Sai", by=None, at=AT)
    assert not n.posting_cleared(POSTED_UNTIL + timedelta(days=1))
    assert not checked().posting_cleared(POSTED_UNTIL + timedelta(days=1))


@pytest.mark.parametrize(("passed", "stage"), [(True, Stage.VOTED), (False, Stage.NOT_AWARDED)])
def test_the_council_result_records_session_result_time_and_rules(passed, stage):
    n = posted()
    n.record_council_result(SESSION, {"passed": passed, "yes": 3}, at=LATE, ruleset_version="ND98")
    event = last_event(n)
    assert (event.session_id, event.result, event.at, event.ruleset_version) == (
        SESSION, {"passed": passed, "yes": 3}, LATE, "ND98",
    )
    assert n.stage is stage and n.council == {"session_id": SESSION, "passed": passed, "yes": 3}


def test_listing_in_a_decision_records_the_decision_who_role_time():
    n = voted()
    n.add_to_decision(DECISION, by=DRAFTER, role="secretariat", at=LATE)
    event = last_event(n)
    assert (event.decision_id, event.by, event.role, event.at) == (DECISION, DRAFTER, "secretariat", LATE)
    assert (n.stage, n.decision_id) == (Stage.IN_DECISION, DECISION)


def test_releasing_records_the_decision_who_role_time_reason():
    n = in_decision()
    refused(
        StageOrderError, "thuộc một quyết định khác",
        n.release_from_decision, uuid4(), by=DRAFTER, role="secretariat", at=AT, reason="Hủy dự thảo",
    )
    n.release_from_decision(DECISION, by=DRAFTER, role="secretariat", at=LATE, reason="Hủy dự thảo")
    event = last_event(n)
    assert (event.decision_id, event.by, event.role, event.at, event.reason) == (
        DECISION, DRAFTER, "secretariat", LATE, "Hủy dự thảo",
    )
    assert (n.stage, n.decision_id) == (Stage.VOTED, None)


@pytest.mark.parametrize(("awarded", "stage"), [(True, Stage.DECIDED), (False, Stage.NOT_AWARDED)])
def test_deciding_records_the_decision_outcome_amount_day_who_role_time(awarded, stage):
    n = in_decision()
    refused(
        StageOrderError, "thuộc một quyết định khác",
        n.decide, uuid4(), awarded, 100, date(2026, 1, 5), by=SIGNER, role="signer", at=AT,
    )
    n.decide(DECISION, awarded, 1_000_000, date(2026, 1, 5), by=SIGNER, role="signer", at=LATE)
    event = last_event(n)
    assert (event.decision_id, event.awarded, event.amount, event.decided_on) == (
        DECISION, awarded, 1_000_000, date(2026, 1, 5),
    )
    assert (event.by, event.role, event.at) == (SIGNER, "signer", LATE)
    assert n.stage is stage and n.acted_by == {CLERK, HEAD, SECRETARY, DRAFTER, SIGNER}
