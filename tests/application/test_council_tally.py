"""The council's tally keeps the law: a result only from a quorate session, thresholds over the total
membership, written votes of absent members counted as the rule set in force (with the campaign's and the
province's overlays) says; a session without quorum decides nothing (issue #15)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain import commands as c
from domain.council import CouncilSession
from domain.exceptions import VotingError
from domain.nomination import Nomination
from domain.values import Actor, Role, Stage
from tests.ballot_support import passphrases, register_trustees
from tests.builders import SYSTEM, World, build_world, launch_campaign

MEETING = date(2026, 1, 6)


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    built = build_world(app)
    launch_campaign(built)
    return built


def posted(world: World, clock, code: str = "LDTT", nominee: int = 0) -> UUID:
    app = world.app
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[nominee], "individual", code, "Thành tích"))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date(2025, 12, 20)))
    clock.set(2026, 1, 6, 9)
    return n


def overlay(world: World, scope: str, scope_id: UUID, **values: object) -> None:
    world.app.publish_overlay(SYSTEM, c.PublishOverlay(
        scope, scope_id, {"basis": "Quy chế Hội đồng TĐKT Sở, Quyết định 12/QĐ-SKHCN", **values}, "Quy chế riêng",
    ))


def convene(world: World, agenda: list[UUID], keys: bool = True) -> UUID:
    """A session on `agenda` whose trustees have registered their keys (unless `keys` is false)."""
    session = world.app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], agenda, MEETING,
    ))
    if keys:
        register_trustees(world.app, session)
    return session


def hold(world: World, agenda: list[UUID], present: int, written: int = 0, no: int = 0) -> UUID:
    """A session where the first `present` members attend and the next `written` send written votes;
    the first `no` of them vote no, the others yes."""
    app = world.app
    session = convene(world, agenda)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members[:present]))
    for i, member in enumerate(world.members[:present + written]):
        ballot = c.CastBallot(session, {str(n): "no" if i < no else "yes" for n in agenda}, written=i >= present)
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), ballot)
    app.close_session(world.as_secretary, c.CloseSession(session))
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    return session


def stage(world: World, n: UUID) -> Stage:
    return world.app.repository.get(n).stage


def test_written_votes_count_toward_the_quorum_where_the_campaign_overlay_says_so(world, clock):
    """3 of 5 present is short of 2/3; with one written vote counted toward the quorum, 4 of 5 take part."""
    n = posted(world, clock)
    overlay(world, "campaign", world.campaign, written_counts_towards_quorum=True)

    hold(world, [n], present=3, written=1)

    assert stage(world, n) is Stage.VOTED


def test_written_votes_do_not_count_toward_the_quorum_by_default(world, clock):
    n = posted(world, clock)

    session = hold(world, [n], present=3, written=1)

    assert stage(world, n) is Stage.POSTED
    assert world.app.repository.get(session).tally is None


def test_the_issuers_threshold_governs_the_tally(world, clock):
    """An issuer-level overlay (80% for LĐTT) accepted when published is applied when the votes are counted:
    3 of 5 is a majority but short of 80%."""
    n = posted(world, clock)
    overlay(world, "issuer", world.department, vote_thresholds={"LDTT": 0.8})

    session = hold(world, [n], present=5, no=2)

    result = world.app.repository.get(session).tally[0]
    assert stage(world, n) is Stage.NOT_AWARDED
    assert (result["yes"], result["required_yes"], result["ruleset_version"]) == (3, 4, "ND152-2025/v1")


def test_the_campaigns_quorum_governs_the_tally(world, clock):
    """4 of 5 present meets 2/3 but not a campaign's quorum of all members."""
    n = posted(world, clock)
    overlay(world, "campaign", world.campaign, quorum=1)

    hold(world, [n], present=4)

    assert stage(world, n) is Stage.POSTED


def test_a_session_without_quorum_decides_nothing_and_a_later_session_takes_the_dossiers(world, clock):
    first, second = posted(world, clock, nominee=0), posted(world, clock, nominee=1)

    session = hold(world, [first, second], present=3)

    found = world.app.repository.get(session)
    events = world.app.events.get(session)
    assert [stage(world, n) for n in (first, second)] == [Stage.POSTED, Stage.POSTED]
    assert found.tally is None and found.quorum_met is False
    lacking = [e for e in events if isinstance(e, CouncilSession.QuorumNotMet)]
    assert len(lacking) == 1 and lacking[0].attending == 3 and lacking[0].required == 4
    assert "không đủ số lượng thành viên dự họp" in lacking[0].message.lower()
    assert not any(isinstance(e, Nomination.CouncilResultRecorded) for n in (first, second)
                   for e in world.app.events.get(n))

    hold(world, [first, second], present=5)

    assert [stage(world, n) for n in (first, second)] == [Stage.VOTED, Stage.VOTED]


def test_a_session_without_quorum_is_not_counted_twice(world, clock):
    n = posted(world, clock)
    session = hold(world, [n], present=2)

    with pytest.raises(Exception, match="kiểm phiếu"):
        world.app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(world.app, session)))


def test_a_written_vote_is_refused_where_the_rule_set_does_not_count_it(world, clock):
    n = posted(world, clock)
    overlay(world, "campaign", world.campaign, written_counts_towards_vote=False)
    app = world.app
    session = convene(world, [n])
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members[:4]))
    before = len(list(app.events.get(session)))

    with pytest.raises(VotingError, match="văn bản"):
        app.cast_ballot(Actor(world.members[4], Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}, written=True))

    assert len(list(app.events.get(session))) == before
