"""Properties of the Nomination aggregate under random command sequences (hypothesis): the stage machine
never reaches an impossible state, a refused command changes nothing, and replay rebuilds the same state."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone
from uuid import NAMESPACE_URL, uuid5

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from domain.exceptions import DomainError
from domain.nomination import Nomination
from domain.values import PIPELINE, TERMINAL_STAGES, Stage

AT = datetime(2025, 12, 1, 2, tzinfo=timezone.utc)
PEOPLE = [uuid5(NAMESPACE_URL, f"thidua:/test/person/{i}") for i in range(5)]
PROPOSER, NOMINEE = PEOPLE[0], PEOPLE[1]
DECISIONS = [uuid5(NAMESPACE_URL, f"thidua:/test/decision/{i}") for i in range(2)]
MILESTONES = ["StageApproved:unit_approved", "StageApproved:checked", "PostedPublicly", "CouncilResultRecorded",
              "AddedToDecision", "Decided"]

person = st.sampled_from(PEOPLE)
day = st.integers(min_value=-2, max_value=12)
reason = st.sampled_from(["", "Thiếu biên bản họp bình xét"])
steps = st.one_of(
    st.tuples(st.just("submit"), person),
    st.tuples(st.just("approve"), st.sampled_from([Stage.UNIT_APPROVED, Stage.CHECKED, Stage.POSTED]), person),
    st.tuples(st.just("return"), st.sampled_from(list(Stage)), person, reason),
    st.tuples(st.just("withdraw"), person),
    st.tuples(st.just("reject"), person, reason),
    st.tuples(st.just("post"), day),
    st.tuples(st.just("object"), day, st.sampled_from(["", "Đề nghị làm rõ ngày công"])),
    st.tuples(st.just("resolve"), st.integers(min_value=0, max_value=3), st.booleans(), reason),
    st.tuples(st.just("council"), st.booleans()),
    st.tuples(st.just("add"), st.sampled_from(DECISIONS)),
    st.tuples(st.just("decide"), st.sampled_from(DECISIONS), st.booleans()),
)

HAPPY_PATH = [("submit", PROPOSER), ("approve", Stage.UNIT_APPROVED, PEOPLE[2]), ("approve", Stage.CHECKED, PEOPLE[3]),
              ("post", 7), ("object", 1, "Đề nghị làm rõ ngày công"), ("council", True), ("add", DECISIONS[0]),
              ("decide", DECISIONS[0], True)]
# A random head start along the happy path, then random commands: deep stages get explored too.
sequences = st.tuples(st.integers(min_value=0, max_value=len(HAPPY_PATH)), st.lists(steps, max_size=30)).map(
    lambda drawn: HAPPY_PATH[:drawn[0]] + drawn[1],
)


def drafted() -> Nomination:
    return Nomination(
        campaign_id=PEOPLE[4], nominee_id=NOMINEE, nominee_kind="individual", unit_id=PEOPLE[3], title_code="LDTT",
        year=2025, attempt=1, award_type="regular", achievements="Hoàn thành tốt nhiệm vụ.", initiative_id=None,
        evidence=[], by=PROPOSER, role="unit_clerk", at=AT, ruleset_version="v",
    )


def who(by) -> dict:
    return {"by": by, "role": "r", "at": AT}


def apply(n: Nomination, step: tuple) -> None:
    """Send one command to the aggregate, as the application would after its own checks."""
    match step:
        case ("submit", by):
            n.submit(ruleset_version="v", articles=[], **who(by))
        case ("approve", stage, by):
            n.approve_stage(stage, comment="", ruleset_version="v", **who(by))
        case ("return", stage, by, why):
            n.return_to(stage, reason=why, **who(by))
        case ("withdraw", by):
            n.withdraw(reason="Rút hồ sơ", **who(by))
        case ("reject", by, why):
            n.reject(reason=why, ruleset_version="v", articles=[], **who(by))
        case ("post", days):
            n.post_publicly(AT.date() + timedelta(days=days), ruleset_version="v", **who(PEOPLE[2]))
        case ("object", days, text):
            n.raise_objection(f"o{len(n.objections)}", text, None, at=AT + timedelta(days=days))
        case ("resolve", index, upheld, why):
            n.resolve_objection(f"o{index}", upheld, resolution=why, **who(PEOPLE[2]))
        case ("council", passed):
            n.record_council_result(PEOPLE[4], {"passed": passed}, AT, "v")
        case ("add", decision):
            n.add_to_decision(decision, **who(PEOPLE[2]))
        case ("decide", decision, awarded):
            n.decide(decision, awarded, 710_000, date(2026, 1, 10), **who(PEOPLE[3]))


def label(event) -> str:
    name = type(event).__name__
    return f"{name}:{event.stage}" if name == "StageApproved" else name


def since_last_return(events: list) -> list[str]:
    names = [label(e) for e in events]
    last = max((i for i, name in enumerate(names) if name == "Returned"), default=-1)
    return names[last + 1:]


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(needle in remaining for needle in needles)


def check_invariants(n: Nomination, events: list) -> None:
    assert n.stage in PIPELINE or n.stage in TERMINAL_STAGES
    approvers = list(n.approvers.values())
    assert PROPOSER not in approvers and NOMINEE not in approvers and len(set(approvers)) == len(approvers)
    if n.stage in PIPELINE:
        reached = {s.value for s in PIPELINE if Stage.UNIT_APPROVED.order <= s.order <= min(n.stage.order, Stage.CHECKED.order)}
        assert set(n.approvers) == reached
    if n.stage is Stage.DECIDED:
        assert is_subsequence(MILESTONES, since_last_return(events))


def walk(n: Nomination, events: list, sequence: list[tuple]):  # noqa: ANN201 - a generator of steps
    """Send each step to `n`, adding accepted events to `events`; yields (step, state before, accepted)."""
    for step in sequence:
        before = copy.deepcopy(n.__dict__)
        try:
            apply(n, step)
        except DomainError:
            yield step, before, False
            continue
        events += n.collect_events()
        yield step, before, True


@settings(max_examples=150, deadline=None)
@given(sequences)
def test_random_commands_never_reach_an_impossible_stage(sequence):
    n = drafted()
    events = n.collect_events()

    for _step, before, accepted in walk(n, events, sequence):
        if accepted:
            check_invariants(n, events)
        else:
            assert n.__dict__ == before and not n.collect_events()


@settings(max_examples=100, deadline=None)
@given(sequences)
@example(HAPPY_PATH[:5] + [("withdraw", PROPOSER), ("resolve", 0, True, "Phản ánh có căn cứ")])
def test_a_terminal_stage_is_final(sequence):
    n = drafted()

    for step, before, _accepted in walk(n, [], sequence):
        was = before["stage"]
        assert was not in TERMINAL_STAGES or n.stage is was, f"{was.value} became {n.stage.value} by {step[0]}"


@settings(max_examples=100, deadline=None)
@given(sequences)
def test_replaying_the_events_rebuilds_the_same_nomination(sequence):
    n = drafted()
    events = n.collect_events()
    for _ in walk(n, events, sequence):
        pass

    replayed = None
    for event in events:
        replayed = event.mutate(replayed)

    assert replayed.__dict__ == n.__dict__
