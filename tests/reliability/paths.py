"""Drive fresh nominations to a given stage through the application service (the 2025 timeline)."""

from __future__ import annotations

from datetime import date
from itertools import count
from uuid import UUID

from domain import commands as c
from domain.values import Actor, Role
from tests.ballot_support import passphrases, register_trustees
from tests.builders import World, person

GOOD_YEARS = {year: "HTTNV" for year in range(2022, 2026)}
POSTED_UNTIL = date(2025, 12, 20)
MEETING_ON = date(2026, 1, 6)
DECIDED_ON = date(2026, 1, 10)
ACHIEVEMENTS = "Hoàn thành tốt nhiệm vụ năm 2025."
_serial = count(1)


def fresh_staff(world: World, how_many: int) -> list[UUID]:
    """New people in the division, rated 'Hoàn thành tốt nhiệm vụ' 2022–2025 (eligible for LĐTT)."""
    return [
        person(world.app, f"extra-{n}", f"Cán bộ bổ sung {n}", world.division, GOOD_YEARS)
        for n in (next(_serial) for _ in range(how_many))
    ]


def submitted(world: World, clock, nominees: list[UUID], code: str = "LDTT") -> list[UUID]:
    clock.set(2025, 12, 1, 9)
    app, ids = world.app, []
    for nominee in nominees:
        n = app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", code, ACHIEVEMENTS))
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        ids.append(n)
    return ids


def posted(world: World, clock, nominees: list[UUID]) -> list[UUID]:
    ids = submitted(world, clock, nominees)
    for n in ids:
        world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
        world.app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    world.app.post_publicly(world.as_secretary, c.PostPublicly(ids, until=POSTED_UNTIL))
    return ids


def convened(world: World, clock, agenda: list[UUID]) -> UUID:
    """A council session on the agenda, every member present."""
    clock.set(2026, 1, 6, 9)
    session = world.app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], agenda, MEETING_ON,
    ))
    register_trustees(world.app, session)
    world.app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    return session


def council_vote(world: World, clock, agenda: list[UUID], choice: str = "yes") -> None:
    """Every member votes `choice` on the whole agenda; the session is closed and tallied."""
    session = convened(world, clock, agenda)
    for member in world.members:
        world.app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): choice for n in agenda}))
    world.app.close_session(world.as_secretary, c.CloseSession(session))
    world.app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(world.app, session)))


def voted(world: World, clock, nominees: list[UUID]) -> list[UUID]:
    """Nominations the whole council voted for, ready to be listed in a decision."""
    ids = posted(world, clock, nominees)
    council_vote(world, clock, ids)
    clock.set(2026, 1, 10, 9)
    return ids


def draft(world: World, number: str, nominations: list[UUID]) -> c.DraftDecision:
    return c.DraftDecision(
        world.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", DECIDED_ON,
        world.signer, "Giám đốc Sở", nominations,
    )
