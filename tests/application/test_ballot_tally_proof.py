"""The encrypted ballot in the application: trustees' keys, receipts, the tally proved, a missing trustee
(issue #17)."""

from __future__ import annotations

import copy
from datetime import date
from uuid import UUID

import pytest

from domain import commands as c
from domain.ballot import ballots as b
from domain.ballot.verify import verify
from domain.council import BallotBox, CouncilSession
from domain.exceptions import VotingError
from domain.values import Actor, Role, Stage
from tests.application.test_council_tally import convene, posted, world  # noqa: F401  (fixture)
from tests.ballot_support import passphrases, register_trustees, trustees
from tests.builders import World

CHOICES = ["yes", "no", "yes", "abstain", "yes"]


def held(world: World, agenda: list[UUID]) -> tuple[UUID, list[str]]:
    """Five members present, voting CHOICES on every dossier; closed, not yet tallied; with their receipts."""
    app = world.app
    session = convene(world, agenda)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    receipts = [
        app.cast_ballot(Actor(m, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): choice for n in agenda})).tracking_code
        for m, choice in zip(world.members, CHOICES)
    ]
    app.close_session(world.as_secretary, c.CloseSession(session))
    return session, receipts


def tallied(world: World, clock) -> tuple[UUID, list[str], dict]:
    agenda = [posted(world, clock, nominee=0), posted(world, clock, nominee=1)]
    session, receipts = held(world, agenda)
    world.app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(world.app, session)))
    return session, receipts, world.app.get_tally_proof(session)


def test_the_trustees_are_the_chair_and_the_secretary_and_the_box_opens_once_both_registered(world, clock):
    n = posted(world, clock)
    session = convene(world, [n], keys=False)
    app = world.app
    assert trustees(app, session) == [Actor(world.members[0], Role.COUNCIL_MEMBER), world.as_secretary]
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    with pytest.raises(VotingError, match="còn chờ người giữ khoá"):
        app.cast_ballot(Actor(world.members[1], Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}))
    with pytest.raises(VotingError, match="Chỉ người giữ khoá"):
        app.register_trustee_key(Actor(world.members[1], Role.COUNCIL_MEMBER), c.RegisterTrusteeKey(session, "x" * 20))
    register_trustees(app, session)
    app.cast_ballot(Actor(world.members[1], Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}))


def test_an_honest_tally_is_proved_and_lists_every_receipt(world, clock):
    session, receipts, proof = tallied(world, clock)

    assert verify(proof) == []
    assert [x["tracking_code"] for x in proof["ballots"]] == sorted(receipts)  # not in the voters' order
    assert {t["yes"] for t in proof["totals"].values()} == {3}
    assert all(t == {"yes": 3, "no": 1, "abstain": 1} for t in proof["totals"].values())
    assert world.app.repository.get(session).tally[0]["yes"] == 3


@pytest.mark.parametrize("tamper", ["ballot added", "ballot removed", "ballot changed", "totals altered",
                                    "partial forged", "receipt swapped"])
def test_verify_tally_fails_on_each_tampering(world, clock, tamper):
    _session, _receipts, honest = tallied(world, clock)
    doc = copy.deepcopy(honest)
    ballots = doc["ballots"]
    if tamper == "ballot added":
        ballots.append(copy.deepcopy(ballots[0]))
        doc["voters"] += 1
    elif tamper == "ballot removed":
        ballots.pop()
    elif tamper == "ballot changed":  # another well-formed ballot, for the same published sums
        agenda = [UUID(n) for n in doc["agenda"]]
        fresh = b.encrypt_ballot(UUID(doc["session_id"]), agenda, b.unb64(doc["joint_key"]), {})
        ballots[0] = {"ballot": fresh, "tracking_code": b.tracking_code(fresh)}
    elif tamper == "totals altered":
        first = next(iter(doc["totals"].values()))
        first["yes"], first["no"] = first["yes"] + 1, first["no"] - 1
    elif tamper == "partial forged":
        doc["partials"][0]["shares"] = doc["partials"][1]["shares"]
    elif tamper == "receipt swapped":
        ballots[0]["tracking_code"], ballots[1]["tracking_code"] = ballots[1]["tracking_code"], ballots[0]["tracking_code"]

    assert verify(doc) != []


def test_a_tally_without_a_trustee_is_refused_unless_confirmed_then_it_decides_nothing(world, clock):
    n = posted(world, clock)
    session, _receipts = held(world, [n])
    app, chair = world.app, str(world.members[0])
    only_chair = {chair: passphrases(app, session)[chair]}
    before = app.recorder.max_notification_id()

    with pytest.raises(VotingError, match="Còn thiếu cụm mật khẩu"):
        app.tally_session(world.as_secretary, c.TallySession(session, passphrases=only_chair))
    with pytest.raises(VotingError, match="không đúng"):
        wrong = {**passphrases(app, session), chair: "một cụm mật khẩu sai hẳn"}
        app.tally_session(world.as_secretary, c.TallySession(session, passphrases=wrong))
    assert app.recorder.max_notification_id() == before

    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=only_chair, trustees_absent=True))
    assert app.repository.get(session).not_counted
    assert app.repository.get(n).stage is Stage.POSTED


def test_a_box_sealed_the_old_way_and_never_opened_is_not_counted(world, clock):
    """Its key is gone (start-up drops the retired key table): the session decides nothing."""
    n = posted(world, clock)
    app = world.app
    session = CouncilSession(
        council_unit_id=world.department, name="Phiên họp cũ", members=world.members, chair_id=world.members[0],
        agenda=[n], nominees={str(n): world.staff[0]}, meeting_on=date(2026, 1, 6), ruleset_version="ND152-2025/v1",
        **app.who(world.as_secretary),
    )
    session.record_attendance(world.members, **app.who(world.as_secretary))
    box = BallotBox(session_id=session.id)
    for member in world.members:
        session.mark_voted(member, False, app.now())
        box._deposited("gAAAAA-an-envelope-sealed-with-the-retired-key")
    app.save(session, box)
    app.close_session(world.as_secretary, c.CloseSession(session.id))

    app.tally_session(world.as_secretary, c.TallySession(session.id))

    assert app.repository.get(session.id).not_counted
    assert app.repository.get(n).stage is Stage.POSTED
