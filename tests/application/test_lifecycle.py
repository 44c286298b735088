"""The whole lifecycle through the application service, on the in-memory store."""

from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from domain import commands as c
from domain.decision import AwardDecision
from domain.exceptions import (
    BusyError,
    CampaignNotOpenError,
    DuplicateError,
    PermissionDeniedError,
    RuleViolationError,
    SeparationOfDutiesError,
    StageOrderError,
    VotingError,
)
from domain.nomination import Nomination
from domain.organisation import Person
from domain.values import Actor, Role, Stage
from tests.ballot_support import passphrases, register_trustees
from tests.builders import World, build_world, launch_campaign


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    w = build_world(app)
    launch_campaign(w)
    return w


def to_voted(world: World, clock, nominee: UUID, code: str = "LDTT") -> UUID:
    """Drive one nomination from draft to a passed council vote (every member votes yes)."""
    app = world.app
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", code, "Hoàn thành tốt nhiệm vụ năm 2025."))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date(2025, 12, 20)))
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], [n], date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    for member in world.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}))
    app.close_session(world.as_secretary, c.CloseSession(session))
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    return n


def test_sign_up_report_and_correct(world, app, clock):
    clock.set(2025, 1, 10, 9)
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    clock.set(2025, 4, 2, 9)

    report = app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": 55}))
    app.correct_report(world.as_clerk, c.CorrectReport(participation, report, {"dvc-online": 57}, "Bổ sung số liệu tháng 3"))

    with pytest.raises(DuplicateError):
        app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", []))


def test_nothing_happens_before_the_period_or_after_it_for_sign_ups(world, app, clock):
    clock.set(2026, 1, 1, 0, 0)
    with pytest.raises(CampaignNotOpenError):
        app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", []))


def test_clerk_of_another_unit_cannot_sign_up(world, app, clock):
    clock.set(2025, 2, 1, 9)
    with pytest.raises(PermissionDeniedError):
        app.sign_up(Actor(world.head, Role.UNIT_CLERK), c.SignUp(world.campaign, world.division, "unit", []))


def test_whole_path_to_a_signed_decision_with_money(world, app, clock):
    nominee = world.staff[0]
    n = to_voted(world, clock, nominee)
    clock.set(2026, 1, 10, 9)

    decision = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
        world.signer, "Giám đốc Sở", [n],
    ))
    app.sign_decision(world.as_signer, c.SignDecision(decision))

    signed = app.repository.get(decision)
    assert isinstance(signed, AwardDecision) and signed.is_signed
    assert signed.items[0]["amount"] == 710_000
    assert app.repository.get(n).stage is Stage.DECIDED
    assert [a.code for a in app.repository.get(nominee).awards] == ["LDTT"]


def test_one_open_nomination_per_nominee_title_and_year(world, app, clock):
    clock.set(2025, 12, 1, 9)
    cmd = c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Thành tích")
    app.nominate(world.as_clerk, cmd)
    with pytest.raises(DuplicateError):
        app.nominate(world.as_clerk, cmd)


def test_withdrawn_nomination_can_be_filed_again(world, app, clock):
    clock.set(2025, 12, 1, 9)
    cmd = c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Thành tích")
    first = app.nominate(world.as_clerk, cmd)
    app.withdraw_nomination(world.as_clerk, c.WithdrawNomination(first, "Nộp nhầm"))
    assert app.nominate(world.as_clerk, cmd) != first


def test_ineligible_nominee_is_refused_with_reasons(world, app, clock):
    clock.set(2025, 12, 1, 9)
    weak = world.staff[2]
    app.record_rating(Actor.system(), c.RecordRating(weak, 2025, "HTNV", reason="Kết quả đánh giá cuối năm"))
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, weak, "individual", "LDTT", "Thành tích"))

    with pytest.raises(RuleViolationError) as refused:
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))

    assert refused.value.details and all(d["article"] for d in refused.value.details)
    assert app.get_eligibility(n)["eligible"] is False


def test_proposer_cannot_approve_and_stage_order_holds(world, app, clock):
    clock.set(2025, 12, 1, 9)
    app.grant_role(Actor.system(), c.GrantRole(world.clerk, "unit_head", world.division))
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))

    with pytest.raises(SeparationOfDutiesError):
        app.approve_stage(Actor(world.clerk, Role.UNIT_HEAD), c.ApproveStage(n, "unit_approved"))
    with pytest.raises(StageOrderError):
        app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))


def test_nobody_votes_twice_and_strangers_do_not_vote(world, app, clock):
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date(2025, 12, 20)))
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng", world.members, world.members[0], [n], date(2025, 12, 22),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    voter = Actor(world.members[1], Role.COUNCIL_MEMBER)
    app.cast_ballot(voter, c.CastBallot(session, {str(n): "yes"}))

    with pytest.raises(VotingError):
        app.cast_ballot(voter, c.CastBallot(session, {str(n): "no"}))
    with pytest.raises(PermissionDeniedError):
        app.cast_ballot(Actor(world.staff[3], Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "no"}))


def test_decision_lists_only_nominations_that_passed_every_stage(world, app, clock):
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Thành tích"))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))

    with pytest.raises(StageOrderError):
        app.draft_decision(world.as_drafter, c.DraftDecision(
            world.department, "01/QĐ", "s", date(2026, 1, 10), world.signer, "Giám đốc Sở", [n],
        ))


def test_roles_are_recorded_with_every_event(world, app, clock):
    n = to_voted(world, clock, world.staff[0])

    events = app.events.get(n)
    assert all(getattr(e, "by", None) is not None or type(e).__name__ == "CouncilResultRecorded" for e in events)
    assert isinstance(app.repository.get(world.staff[0]), Person)
    assert isinstance(app.repository.get(n), Nomination)


def test_a_command_the_store_was_too_busy_to_take_is_run_again_from_a_fresh_load(world, monkeypatch):
    """Busy twice, then recorded once; busy every time: the caller is told to retry, nothing recorded."""
    app, calls = world.app, []
    save = app.save

    def busy_at_first(*aggregates):
        calls.append(len(aggregates))
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return save(*aggregates)

    monkeypatch.setattr(app, "save", busy_at_first)
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    assert len(calls) == 3 and len(list(app.events.get(participation))) == 1

    def always_busy(*_aggregates):
        raise OperationalError("database is locked")

    monkeypatch.setattr(app, "save", always_busy)
    with pytest.raises(BusyError):
        app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.staff[0], "person", ["LDTT"]))
