"""Properties of the whole nomination workflow (hypothesis) through the application on the in-memory store:
random commands by random actors never approve one's own dossier, a refused command records nothing, and
a decided nomination has passed every stage."""

from __future__ import annotations

from datetime import date
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import commands as c
from domain.exceptions import DomainError
from domain.values import Actor, Role, Stage
from tests.builders import World, build_world, grant, launch_campaign
from tests.reliability.paths import ACHIEVEMENTS, council_vote, draft, fresh_staff
from tests.unit.test_properties_nomination import MILESTONES, is_subsequence, since_last_return

ACTORS = ("clerk", "head", "secretary", "clerk_as_head", "head_as_secretary", "nominee_as_head")
actor = st.sampled_from(ACTORS)
reason = st.sampled_from(["", "Thiếu biên bản họp bình xét"])
steps = st.one_of(
    st.tuples(st.just("submit"), actor),
    st.tuples(st.just("approve"), st.sampled_from(["unit_approved", "checked", "posted"]), actor),
    st.tuples(st.just("return"), st.sampled_from(["drafted", "submitted", "unit_approved", "voted"]), actor, reason),
    st.tuples(st.just("withdraw"), actor),
    st.tuples(st.just("reject"), actor, reason),
    st.tuples(st.just("post"), st.integers(min_value=3, max_value=10)),
    st.tuples(st.just("object"), st.sampled_from(["", "Đề nghị làm rõ số ngày nghỉ"])),
    st.tuples(st.just("resolve"), st.integers(min_value=0, max_value=1), st.booleans()),
    st.tuples(st.just("council"), st.booleans()),
    st.tuples(st.just("decide"), st.just(None)),
)
HAPPY_PATH = [("submit", "clerk"), ("approve", "unit_approved", "head"), ("approve", "checked", "secretary"),
              ("post", 7), ("council", True), ("decide", None)]
sequences = st.tuples(st.integers(min_value=0, max_value=len(HAPPY_PATH)), st.lists(steps, max_size=15)).map(
    lambda drawn: HAPPY_PATH[:drawn[0]] + drawn[1],
)
MACROS = {"council", "decide"}  # several commands each: only single commands must leave no trace when refused
numbers = count(1)


@pytest.fixture
def world(app, clock) -> World:
    """The clerk also heads the division and the head also sits in the secretariat: both may try twice."""
    clock.set(2025, 1, 2, 9)
    built = build_world(app, staff=1)
    launch_campaign(built)
    grant(app, built.clerk, Role.UNIT_HEAD, built.division)
    grant(app, built.head, Role.SECRETARIAT, built.department)
    return built


class Run:
    """One nomination driven by random commands; `objections` are the ids the service handed out."""

    def __init__(self, world: World, clock, nominee) -> None:
        self.world, self.clock, self.app = world, clock, world.app
        self.actors = {
            "clerk": world.as_clerk, "head": world.as_head, "secretary": world.as_secretary,
            "clerk_as_head": Actor(world.clerk, Role.UNIT_HEAD), "head_as_secretary": Actor(world.head, Role.SECRETARIAT),
            "nominee_as_head": Actor(nominee, Role.UNIT_HEAD),
        }
        clock.set(2025, 12, 5, 9)
        self.n = self.app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", "LDTT", ACHIEVEMENTS))
        self.objections: list[str] = []

    def apply(self, step: tuple) -> None:
        app, n, who = self.app, self.n, self.actors.get
        self.clock.set(2025, 12, 5, 9)
        match step:
            case ("submit", a):
                app.submit_nomination(who(a), c.SubmitNomination(n))
            case ("approve", stage, a):
                app.approve_stage(who(a), c.ApproveStage(n, stage))
            case ("return", stage, a, why):
                app.return_nomination(who(a), c.ReturnNomination(n, stage, why))
            case ("withdraw", a):
                app.withdraw_nomination(who(a), c.WithdrawNomination(n, "Rút hồ sơ"))
            case ("reject", a, why):
                app.reject_nomination(who(a), c.RejectNomination(n, why))
            case ("post", days):
                app.post_publicly(self.world.as_secretary, c.PostPublicly([n], date(2025, 12, 5 + days)))
            case ("object", text):
                self.objections.append(app.raise_objection(None, c.RaiseObjection(n, text)))
            case ("resolve", index, upheld):
                objection = self.objections[index] if index < len(self.objections) else "none"
                app.resolve_objection(self.world.as_secretary, c.ResolveObjection(n, objection, upheld, "Đã xác minh"))
            case ("council", yes):
                council_vote(self.world, self.clock, [n], "yes" if yes else "no")
            case ("decide", _):
                self.decide()

    def decide(self) -> None:
        self.clock.set(2026, 1, 10, 9)
        decision = self.app.draft_decision(self.world.as_drafter, draft(self.world, f"{next(numbers)}/QĐ-SKHCN", [self.n]))
        self.app.sign_decision(self.world.as_signer, c.SignDecision(decision))


def check_history(app, nomination_id) -> None:
    """Nobody approves a stage of their own dossier or two stages of one round; decided means every stage."""
    n, events = app.repository.get(nomination_id), list(app.events.get(nomination_id))
    approvals: dict[str, object] = {}
    for event in events:
        name = type(event).__name__
        if name == "Returned":
            approvals = {s: p for s, p in approvals.items() if Stage(s).order <= Stage(event.to_stage).order}
        if name == "StageApproved":
            assert event.by not in {n.proposer_id, n.nominee_id, *approvals.values()}
            approvals[event.stage] = event.by
    if n.stage is Stage.DECIDED:
        assert is_subsequence(MILESTONES, since_last_return(events))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequences, st.booleans())
def test_random_commands_by_random_actors_keep_every_rule(world, clock, sequence, nominee_heads):
    app = world.app
    [nominee] = fresh_staff(world, 1)
    if nominee_heads:
        grant(app, nominee, Role.UNIT_HEAD, world.division)
    run = Run(world, clock, nominee)

    for step in sequence:
        position = app.recorder.max_notification_id()
        try:
            run.apply(step)
        except DomainError:
            assert step[0] in MACROS or app.recorder.max_notification_id() == position
        check_history(app, run.n)
