"""Concurrent writers on one store (SQLite file, PostgreSQL database): threads of this process and of
three spawned processes race for the same step. Exactly one wins where only one may, the others get a
domain error, and the ledger gains exactly the winner's events."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from uuid import UUID

import pytest

from adapters.bootstrap import Container, bootstrap
from adapters.config import load_settings
from domain import exceptions
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.application import Thidua
from domain.council import BallotBox, CouncilSession
from domain.decision import AwardDecision
from domain.exceptions import ConflictError, DuplicateError, RuleViolationError, StageOrderError, VotingError
from domain.register import AwardRegister
from domain.values import Actor, Role, Stage
from tests.builders import SYSTEM, World, build_world, grant, launch_campaign
from tests.conftest import MutableClock, postgres_database
from tests.integration.test_stores import table_rows
from tests.reliability.crowd import Attempt, Crowd, Outcome, boot_together
from tests.reliability.paths import convened, draft, fresh_staff, posted, submitted, voted

TRIALS = 6
DRAFTS = 3


@dataclass
class Arena:
    """One store per backend for the whole module: its container, a world, and the crowd racing on it."""

    container: Container
    clock: MutableClock
    world: World
    crowd: Crowd

    @property
    def app(self) -> Thidua:
        return self.container.app


def store_urls(kind: str, path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{path / 'thidua.sqlite'}"
    else:
        yield from postgres_database()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def arena(request, tmp_path_factory) -> Iterator[Arena]:
    """Every test races on fresh items of its own, so the tests of one backend share the store and the crowd."""
    path = tmp_path_factory.mktemp("race")
    urls = store_urls(request.param, path)
    clock = MutableClock(datetime(2025, 1, 2, 2, tzinfo=timezone.utc))
    settings = load_settings({}, database_url=next(urls), instance_path=path, environment="test")
    container = bootstrap(settings, clock=clock, synchronous=True)
    try:
        ensure_shipped_rules(container.app)
        world = build_world(container.app)
        launch_campaign(world)
        with Crowd(container, clock, processes=3, threads=3) as crowd:
            yield Arena(container, clock, world, crowd)
    finally:
        container.close()
        urls.close()


def ledger_ids(app) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(start=1, limit=10**9)]


def events_of(app, aggregate_id: UUID) -> int:
    return len(app.recorder.select_events(aggregate_id))


def one_winner(outcomes: list[Outcome], *allowed: type[Exception]) -> Outcome:
    """The single successful outcome; every other one is an allowed domain error, none is raw."""
    raw = [o.trace for o in outcomes if o.raw]
    assert not raw, "\n".join(raw)
    refused = {getattr(exceptions, o.error) for o in outcomes if not o.ok}
    assert all(issubclass(kind, allowed) for kind in refused), refused  # BusyError is a ConflictError
    winners = [o for o in outcomes if o.ok]
    assert len(winners) == 1, Counter(o.error for o in outcomes)
    return winners[0]


class Tally:
    """Trials and refusals seen, kept as the test's user properties (junit xml with junit_family=xunit1)."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.properties, self.trials, self.errors = request.node.user_properties, 0, Counter()

    def add(self, outcomes: list[Outcome]) -> None:
        self.trials += 1
        self.errors.update(o.error for o in outcomes if not o.ok)
        self.properties[:] = [("trials", self.trials), ("attempts", self.trials * len(outcomes)), ("refusals", dict(self.errors))]


def test_one_of_many_concurrent_approvals_of_a_stage_wins(arena, request):
    app, world, clock, tally = arena.app, arena.world, arena.clock, Tally(request)
    for _ in range(TRIALS):
        [n] = submitted(world, clock, fresh_staff(world, 1))
        before = len(ledger_ids(app))

        outcomes = arena.crowd.race([Attempt("approve_stage", world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý"))])

        one_winner(outcomes, ConflictError, StageOrderError)
        tally.add(outcomes)
        assert app.repository.get(n).stage is Stage.UNIT_APPROVED
        assert events_of(app, n) == 3 and len(ledger_ids(app)) == before + 1


def test_one_of_many_concurrent_ballots_of_a_member_is_counted(arena, request):
    app, world, clock, tally = arena.app, arena.world, arena.clock, Tally(request)
    voter = Actor(world.members[1], Role.COUNCIL_MEMBER)
    for _ in range(TRIALS):
        [n] = posted(world, clock, fresh_staff(world, 1))
        session = convened(world, clock, [n])
        before = len(ledger_ids(app))

        outcomes = arena.crowd.race([Attempt("cast_ballot", voter, c.CastBallot(session, {str(n): "yes"}))])

        one_winner(outcomes, ConflictError, VotingError)
        tally.add(outcomes)
        held = app.repository.get(session)
        assert isinstance(held, CouncilSession) and held.voted == [voter.person_id]
        assert len(app.repository.get(BallotBox.create_id(session)).encrypted) == 1
        assert len(ledger_ids(app)) == before + 2


@pytest.mark.slow
def test_concurrent_drafts_that_together_break_a_quota_let_one_through(arena, request):
    """Each nomination passed its own council session; together they exceed the campaign's quota."""
    app, clock, tally = arena.app, arena.clock, Tally(request)
    for trial in range(TRIALS):
        clock.set(2025, 1, 2, 9)
        world = replace(arena.world)
        campaign = launch_campaign(world, key=f"quota-{trial}")
        app.publish_overlay(SYSTEM, c.PublishOverlay("campaign", campaign, {
            "basis": "Kế hoạch thi đua: tối đa 01 Lao động tiên tiến", "max_per_title": {"LDTT": 1},
        }, "Chỉ tiêu của phong trào"))
        nominations = [n for nominee in fresh_staff(world, DRAFTS) for n in voted(world, clock, [nominee])]
        drafts = [draft(world, f"{trial}{i}/QĐ-SKHCN", [n]) for i, n in enumerate(nominations)]
        before = len(ledger_ids(app))

        outcomes = arena.crowd.race([Attempt("draft_decision", world.as_drafter, d) for d in drafts])

        winner = one_winner(outcomes, ConflictError, DuplicateError, RuleViolationError, StageOrderError)
        tally.add(outcomes)
        [listed] = winner.attempt.command.nomination_ids
        assert [n for n in nominations if app.repository.get(n).stage is Stage.IN_DECISION] == [listed]
        assert [d.number for d in drafts if AwardDecision.create_id(world.department, 2026, d.number) in app.repository] \
            == [winner.attempt.command.number]
        assert list(app.repository.get(AwardRegister.create_id(campaign)).entries) == [str(winner.result)]
        assert len(ledger_ids(app)) == before + 4  # DecisionDrafted, AddedToDecision, register Opened + DecisionRegistered


def test_a_unit_signed_up_twice_at_once_has_one_sign_up(arena, request):
    app, world, tally = arena.app, arena.world, Tally(request)
    for trial in range(TRIALS):
        unit = app.register_unit(SYSTEM, c.RegisterUnit(
            key=f"to-{trial}", name=f"Tổ công tác số {trial}", short_name=f"Tổ {trial}", kind="division", province="A",
            abbreviation=f"T{trial}", parent_id=world.department,
        ))
        grant(app, world.clerk, Role.UNIT_CLERK, unit)
        arena.clock.set(2025, 2, 1, 9)
        before = len(ledger_ids(app))

        outcomes = arena.crowd.race([Attempt("sign_up", world.as_clerk, c.SignUp(world.campaign, unit, "unit", ["TLDTT"]))])

        winner = one_winner(outcomes, DuplicateError)
        tally.add(outcomes)
        assert events_of(app, winner.result) == 1 and len(ledger_ids(app)) == before + 1


def test_the_ledger_stays_gap_free_and_read_models_match_a_rebuild_after_a_race(arena):
    app, world, container = arena.app, arena.world, arena.container
    nominations = submitted(world, arena.clock, fresh_staff(world, 2))

    outcomes = arena.crowd.race([Attempt("approve_stage", world.as_head, c.ApproveStage(n, "unit_approved")) for n in nominations])

    assert sum(o.ok for o in outcomes) == 2 and not [o.trace for o in outcomes if o.raw]
    container.projector.catch_up()
    incremental = table_rows(container)
    container.projector.rebuild()
    assert table_rows(container) == incremental
    ids = ledger_ids(app)
    if container.settings.is_sqlite:
        assert ids == list(range(1, len(ids) + 1))
    else:
        assert ids == sorted(set(ids))


@pytest.mark.slow
def test_workers_starting_together_all_come_up_on_a_fresh_store_and_again_on_it(database_url, tmp_path):
    """As `thidua serve --workers 2` and `thidua worker` starting at once, the first time and every time."""
    failures = boot_together(database_url, str(tmp_path), processes=3)
    failures += boot_together(database_url, str(tmp_path), processes=3)

    assert not failures, "\n".join(failures)
