"""A whole lifecycle through the application service, touching every read model, and table snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from uuid import UUID

from sqlalchemy import Engine, select

from adapters.bootstrap import Container, bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.values import Actor, Role
from projections import queries
from projections.tables import metadata
from tests.ballot_support import passphrases, register_trustees
from tests.builders import World, build_world, launch_campaign
from tests.conftest import MutableClock

SYSTEM = Actor.system()


def open_container(database_url: str, path, clock: MutableClock, *, synchronous: bool = True) -> Container:  # type: ignore[no-untyped-def]
    settings = load_settings({}, database_url=database_url, instance_path=path, environment="test")
    container = bootstrap(settings, clock=clock, synchronous=synchronous)
    ensure_shipped_rules(container.app)
    return container


def table_rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every read-model table, rows sorted, for comparing two states row for row."""
    with engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr) for name, table in metadata.tables.items()}


def to_posted(world: World, clock: MutableClock, nominee: UUID) -> UUID:
    app = world.app
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date(2025, 12, 20)))
    return n


def vote(world: World, clock: MutableClock, agenda: list[UUID]) -> UUID:
    """A council session on posted dossiers: one member votes no, the last one is absent and votes in writing."""
    app = world.app
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], agenda, date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members[:-1]))
    for i, member in enumerate(world.members):
        choices = {str(n): "no" if i == 1 else "yes" for n in agenda}
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, choices, written=i == len(world.members) - 1))
    app.close_session(world.as_secretary, c.CloseSession(session))
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    return session


def decide(world: World, clock: MutableClock, nominations: list[UUID]) -> UUID:
    """Vote on posted dossiers, then draft and sign the decision listing them."""
    vote(world, clock, nominations)
    clock.set(2026, 1, 10, 9)
    decision = world.app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
        world.signer, "Giám đốc Sở", nominations,
    ))
    world.app.sign_decision(world.as_signer, c.SignDecision(decision))
    return decision


def drive_lifecycle(app, clock: MutableClock) -> World:  # type: ignore[no-untyped-def]
    """Sign-up, reports and a correction; dossiers returned, withdrawn, objected to, voted, decided, revoked; bonuses paid."""
    clock.set(2025, 1, 2, 9)
    world = build_world(app, staff=5)
    launch_campaign(world)
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    clock.set(2025, 4, 2, 9)
    report = app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": 55}))
    app.correct_report(world.as_clerk, c.CorrectReport(participation, report, {"dvc-online": 57}, "Bổ sung số liệu"))
    app.approve_report(world.as_head, c.ApproveReport(participation, report))
    clock.set(2025, 12, 1, 9)
    returned = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Thành tích"))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(returned))
    app.return_nomination(world.as_head, c.ReturnNomination(returned, "drafted", "Thiếu biên bản bình xét"))
    withdrawn = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[2], "individual", "LDTT", "Thành tích"))
    app.withdraw_nomination(world.as_clerk, c.WithdrawNomination(withdrawn, "Nộp nhầm"))
    voted = [to_posted(world, clock, world.staff[0]), to_posted(world, clock, world.staff[3])]
    objection = app.raise_objection(None, c.RaiseObjection(voted[1], "Đề nghị làm rõ ngày công."))
    app.resolve_objection(world.as_secretary, c.ResolveObjection(voted[1], objection, True, "Có cơ sở."))
    decision = decide(world, clock, voted[:1])
    fund = pay_bonuses(world)
    clock.set(2026, 2, 1, 9)  # a decision is signed on or after its date
    revocation = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "09/QĐ-SKHCN", "Về việc hủy Quyết định số 05/QĐ-SKHCN", date(2026, 2, 1), world.signer,
        "Giám đốc Sở", kind="revocation", target_decision_id=decision, reason="Phát hiện kê khai sai thành tích",
    ))
    app.sign_decision(world.as_signer, c.SignDecision(revocation))
    clock.set(2026, 2, 2, 9)
    app.lapse_bonus_fund(world.as_clerk, c.LapseBonusFund(fund))
    return world


def pay_bonuses(world: World) -> UUID:
    """The division's 2025 bonus fund (Decree 73/2024): an ad-hoc bonus, then the periodic bonus by rating."""
    app = world.app
    fund = app.open_bonus_fund(world.as_clerk, c.OpenBonusFund(world.division, 2025, 1_000_000_000, "Quy chế tiền thưởng 2025"))
    app.pay_ad_hoc_bonus(world.as_head, c.PayAdHocBonus(fund, world.staff[0], 11_700_000, "Thành tích đột xuất"))
    app.allocate_periodic_bonus(world.as_clerk, c.AllocatePeriodicBonus(fund, 72_000_000))
    app.pay_periodic_bonus(world.as_head, c.PayPeriodicBonus(fund))
    return fund


def positions(container) -> tuple:
    with container.read_engine.connect() as conn:
        return queries.read_models_state(conn)


def eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    """True once `check()` is (a notification travels between server processes), False after `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True
