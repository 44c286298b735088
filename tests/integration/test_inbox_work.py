"""Issue #18: the inbox lists the work a person would otherwise not see — a report due for the clerk, each
member's ballot, an objection to resolve — and drops it once done."""

from datetime import date

from domain import commands as c
from domain.values import Actor, Role
from projections import queries
from tests.integration.projections_support import register_trustees, to_posted

pytest_plugins = ("tests.integration.projections_fixtures",)


def inbox(container, person_id):
    with container.read_engine.connect() as conn:
        return queries.list_inbox(conn, person_id, queries.person_grants(conn, person_id))


def kinds(container, person_id) -> list[tuple[str, str | None]]:
    return [(i["item_kind"], i["note"]) for i in inbox(container, person_id)]


def test_an_approved_sign_up_owes_reports_until_the_final_one(container, world, clock):
    app = world.app
    clock.set(2025, 1, 10, 9)
    participation = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    owed = kinds(container, world.clerk)
    clock.set(2025, 4, 2, 9)
    app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"ldtt-95": 90}))
    after_first = kinds(container, world.clerk)
    clock.set(2025, 12, 31, 9)
    app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025", date(2025, 12, 31), {"ldtt-95": 96}, final=True))

    assert owed == [("report_due", None)]
    assert after_first == [("report_due", "Kỳ gần nhất đã báo cáo: 2025-Q1")]
    assert kinds(container, world.clerk) == []


def test_each_member_finds_their_ballot_until_they_cast_it(container, world, clock):
    app = world.app
    n = to_posted(world, clock, world.staff[0])
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], [n], date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    first, second = world.members[:2]
    app.cast_ballot(Actor(first, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}, written=False))

    assert [i["item_kind"] for i in inbox(container, first)] == []
    assert [(i["item_kind"], i["parent_id"]) for i in inbox(container, second)] == [("ballot", session)]
    app.close_session(world.as_secretary, c.CloseSession(session))
    assert inbox(container, second) == []


def test_an_objection_waits_for_the_secretariat_on_the_dossier(container, world, clock):
    n = to_posted(world, clock, world.staff[0])
    clock.set(2025, 12, 5, 9)
    world.app.raise_objection(None, c.RaiseObjection(n, "Cần làm rõ ngày công."))

    item = next(i for i in inbox(container, world.secretary) if i["item_id"] == n)

    assert item["note"] == "Ý kiến phản ánh chờ giải quyết: Cần làm rõ ngày công."
