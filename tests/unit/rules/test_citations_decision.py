"""A decision's "Căn cứ" lines, through the application: transitional dossiers, texts not yet issued."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain import commands as c
from domain.values import Actor, Role
from tests.ballot_support import passphrases, register_trustees
from tests.builders import World, build_world, launch_campaign


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    w = build_world(app)
    launch_campaign(w)
    return w


def voted_in_july(world: World, clock, nominees: list[UUID]) -> list[UUID]:
    """Dossiers received (submitted) on 20/6/2025, under ND 98; posted, then voted on 05/7/2025."""
    app = world.app
    clock.set(2025, 6, 20, 9)
    ids = [app.nominate(world.as_clerk, c.Nominate(world.campaign, n, "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))
           for n in nominees]
    for n in ids:
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
        app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(world.as_secretary, c.PostPublicly(ids, until=date(2025, 6, 30)))
    clock.set(2025, 7, 5, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], ids, date(2025, 7, 5),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    for member in world.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes" for n in ids}))
    app.close_session(world.as_secretary, c.CloseSession(session))
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    return ids


def drafted_on(world: World, clock, number: str, on: date, nomination: UUID) -> list[str]:
    clock.set(on.year, on.month, on.day, 9)
    decision = world.app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", on, world.signer,
        "Giám đốc Sở", [nomination],
    ))
    return world.app.repository.get(decision).legal_bases


def test_a_decision_on_an_earlier_dossier_cites_nd98_and_the_transitional_article(world, app, clock):
    july, august = voted_in_july(world, clock, world.staff[:2])

    in_july = drafted_on(world, clock, "01/QĐ-SKHCN", date(2025, 7, 10), july)
    in_august = drafted_on(world, clock, "02/QĐ-SKHCN", date(2025, 8, 10), august)

    for bases in (in_july, in_august):
        assert any(b.startswith("Nghị định số 98/2023/NĐ-CP") for b in bases)
        assert bases[-1].startswith("khoản 3 Điều 60 Nghị định số 152/2025/NĐ-CP")
        assert not any("15/2025/TT-BNV" in b for b in bases)
