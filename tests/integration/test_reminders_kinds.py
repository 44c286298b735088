"""Issue #21: the council session's date and a participating unit's final progress report, reminded before
their deadline (counted in working days, New Year's Day off) and escalated once after it, under freezegun on
SQLite and PostgreSQL, sent to a real SMTP server."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

from adapters.config import SmtpSettings
from adapters.mail import Sender
from adapters.outbox import Outbox
from adapters.rulebook import ensure_shipped_rules
from domain import commands as c
from domain.clock import utc_now
from domain.reminders import Reminder
from domain.values import Actor, Role
from tests.ballot_support import register_trustees
from tests.builders import build_world, launch_campaign
from tests.integration.ledger_store import open_store
from tests.integration.test_reminders_outbox import run_scan, smtp  # noqa: F401 - the aiosmtpd fixture

VN = timezone(timedelta(hours=7))


def at(*day: int) -> datetime:
    """09:00 in Hà Nội on a day."""
    return datetime(*day, 9, tzinfo=VN)


@pytest.fixture
def office(database_url, tmp_path, smtp):  # noqa: F811
    """A department with three council members, its campaign of 2025, an outbox and a sender to aiosmtpd."""
    handler, port = smtp
    container = open_store(database_url, tmp_path, utc_now, synchronous=True)
    with freeze_time(at(2025, 1, 2)):
        ensure_shipped_rules(container.app)
        world = build_world(container.app, members=3, staff=2)
        launch_campaign(world)
    outbox = Outbox(container.app.recorder, container.projector.engine)
    sender = Sender(outbox, SmtpSettings(host="127.0.0.1", port=port))

    def tick(day: datetime) -> tuple[int, tuple[int, int]]:
        with freeze_time(day):
            return run_scan(container, outbox), sender.tick()

    yield container, world, outbox, tick, handler
    container.close()


def test_a_session_not_closed_reminds_the_secretariat_before_its_day_and_tells_the_chair_after(office):
    container, world, outbox, tick, handler = office
    app = world.app
    chair = world.members[0]
    with freeze_time(at(2025, 12, 1)):
        n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Hoàn thành tốt."))
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
        app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
        app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date(2025, 12, 20)))
    with freeze_time(at(2025, 12, 29)):
        session = app.convene_session(world.as_secretary, c.ConveneSession(
            world.department, "Hội đồng TĐKT Sở", world.members, chair, [n], date(2026, 1, 6),  # a Tuesday
        ))
        register_trustees(app, session)
    outbox.set_contact(world.secretary, "trang@so-a.gov.vn")
    outbox.set_contact(chair, "chu-tich@so-a.gov.vn")

    early = tick(at(2025, 12, 30))  # 31/12, 2/1, 5/1: three working days reach only the Monday
    reminded = tick(at(2025, 12, 31))  # New Year's Day off: the third working day is the session's
    with freeze_time(at(2026, 1, 6)):
        app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
        for member in world.members:
            app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}, written=False))
    escalated, again = tick(at(2026, 1, 7)), tick(at(2026, 1, 8))  # voted, but not closed
    with freeze_time(at(2026, 1, 8)):
        app.close_session(world.as_secretary, c.CloseSession(session))

    # secretary and drafter, and the three ballots (the chair's by e-mail), then the chair; the ballots were cast in time
    assert (early, reminded, escalated, again) == ((0, (0, 0)), (5, (2, 0)), (1, (1, 0)), (0, (0, 0)))
    assert tick(at(2026, 1, 9)) == (0, (0, 0))
    assert sorted((to, m["Subject"]) for to, m in handler.messages[:2]) == [
        ("chu-tich@so-a.gov.vn", "[Thi đua] Sắp đến hạn: Hội đồng TĐKT Sở (hạn 06/01/2026)"),
        ("trang@so-a.gov.vn", "[Thi đua] Sắp đến hạn: Phiên họp Hội đồng TĐKT Sở (hạn 06/01/2026)"),
    ]
    assert [(to, m["Subject"]) for to, m in handler.messages[2:]] == [
        ("chu-tich@so-a.gov.vn", "[Thi đua] Quá hạn: Phiên họp Hội đồng TĐKT Sở (hạn 06/01/2026)"),
    ]
    assert "Phiên họp Hội đồng Thi đua – Khen thưởng chưa kết thúc" in handler.messages[2][1].get_content()
    assert Reminder.create_id("session", session, chair, date(2026, 1, 6), True) in app.repository


def test_a_final_report_not_filed_reminds_the_units_clerk_then_tells_its_head(office):
    container, world, outbox, tick, handler = office
    app = world.app
    with freeze_time(at(2025, 1, 3)):
        unit = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit"))
        app.approve_sign_up(world.as_head, c.ApproveSignUp(unit))
        person = app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.staff[0], "person"))
        app.approve_sign_up(world.as_head, c.ApproveSignUp(person))
    with freeze_time(at(2025, 12, 20)):
        app.report_progress(world.as_clerk, c.ReportProgress(person, "2025", date(2025, 12, 20), {"ldtt-95": 100}, final=True))
    outbox.set_contact(world.clerk, "hoa@so-a.gov.vn")
    outbox.set_contact(world.head, "minh@so-a.gov.vn")

    early = tick(at(2025, 12, 25))  # 26, 29, 30: the campaign ends on Wednesday 31/12
    reminded, again = tick(at(2025, 12, 26)), tick(at(2025, 12, 31))
    escalated = tick(at(2026, 1, 1))  # a holiday still counts as the day after

    assert (early, reminded, again, escalated) == ((0, (0, 0)), (1, (1, 0)), (0, (0, 0)), (1, (1, 0)))
    assert tick(at(2026, 1, 2)) == (0, (0, 0))
    title = f"Báo cáo kết quả phong trào «Thi đua hoàn thành xuất sắc nhiệm vụ năm 2025» của {world.app.repository.get(world.division).name}"
    assert [(to, m["Subject"]) for to, m in handler.messages] == [
        ("hoa@so-a.gov.vn", f"[Thi đua] Sắp đến hạn: {title} (hạn 31/12/2025)"),
        ("minh@so-a.gov.vn", f"[Thi đua] Quá hạn: {title} (hạn 31/12/2025)"),
    ]
