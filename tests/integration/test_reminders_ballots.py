"""Issue #21: a council member's ballot waiting in an open session is reminded on the meeting day and escalated
to the chair the day after, a cast ballot never; an objection unresolved near the posting's end reminds the
secretariat, then the signer (SQLite and PostgreSQL, a real SMTP server)."""

from datetime import date

import pytest

from adapters.config import SmtpSettings
from adapters.mail import Sender
from adapters.outbox import Outbox
from adapters.outbox_reminders import scan
from domain import commands as c
from domain.values import Actor, Role
from tests.ballot_support import register_trustees
from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container, to_posted
from tests.integration.test_reminders_outbox import smtp  # noqa: F401 - the aiosmtpd fixture


@pytest.fixture
def office(database_url, tmp_path, clock, smtp):  # noqa: F811
    """A department with three council members and two staff, its outbox, a sender to aiosmtpd, and a tick."""
    handler, port = smtp
    container = open_container(database_url, tmp_path, clock)
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, members=3, staff=2)
    launch_campaign(world)
    outbox = Outbox(container.app.recorder, container.projector.engine)
    sender = Sender(outbox, SmtpSettings(host="127.0.0.1", port=port), clock)

    def tick() -> tuple[int, tuple[int, int]]:
        issued = scan(container, outbox, 3, lambda d: f"http://thidua.test/nominations/{d.item_id}", lambda p: "http://thidua.test/u")
        return issued, sender.tick()

    yield world, outbox, tick, handler, container
    container.close()


def test_a_waiting_ballot_reminds_its_member_then_tells_the_chair(office, clock):
    world, outbox, tick, handler, container = office
    app = world.app
    n = to_posted(world, clock, world.staff[0])
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], [n], date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    chair, voted, waiting = world.members
    for member in (chair, voted):
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}, written=False))
    outbox.set_contact(chair, "chu-tich@so-a.gov.vn")
    outbox.set_contact(waiting, "uy-vien@so-a.gov.vn")

    on_the_day, again = tick(), tick()
    # the reminders issued are facts like any command's: the audit trail (asynchronous) follows them too
    assert container.projector.position() == app.recorder.max_notification_id()
    clock.set(2026, 1, 7, 9)
    the_day_after = tick()

    # the ballot to its member, the open session to the secretariat (no address); then both to the chair
    assert (on_the_day, again, the_day_after) == ((3, (1, 0)), (0, (0, 0)), (2, (2, 0)))
    assert sorted((to, m["Subject"]) for to, m in handler.messages) == [
        ("chu-tich@so-a.gov.vn", "[Thi đua] Quá hạn: Hội đồng TĐKT Sở (hạn 06/01/2026)"),
        ("chu-tich@so-a.gov.vn", "[Thi đua] Quá hạn: Phiên họp Hội đồng TĐKT Sở (hạn 06/01/2026)"),
        ("uy-vien@so-a.gov.vn", "[Thi đua] Sắp đến hạn: Hội đồng TĐKT Sở (hạn 06/01/2026)"),
    ]
    assert "Phiếu biểu quyết của thành viên Hội đồng" in handler.messages[0][1].get_content()


def test_an_objection_unresolved_near_the_posting_end_reminds_the_secretariat_then_tells_the_signer(office, clock):
    world, outbox, tick, handler, container = office
    objected, quiet = to_posted(world, clock, world.staff[0]), to_posted(world, clock, world.staff[1])  # posted until 20/12
    clock.set(2025, 12, 5, 9)
    world.app.raise_objection(None, c.RaiseObjection(objected, "Cần làm rõ ngày công."))
    outbox.set_contact(world.secretary, "trang@so-a.gov.vn")
    outbox.set_contact(world.signer, "hung@so-a.gov.vn")

    clock.set(2025, 12, 15, 9)  # a Monday: 20/12 is a Saturday, more than 3 working days away
    early = tick()
    clock.set(2025, 12, 17, 9)
    reminded = tick()
    clock.set(2025, 12, 22, 9)
    escalated = tick()

    assert (early, reminded, escalated) == ((0, (0, 0)), (2, (1, 0)), (1, (1, 0)))  # secretary and drafter; the signer
    assert [(to, m["Subject"]) for to, m in handler.messages] == [
        ("trang@so-a.gov.vn", "[Thi đua] Sắp đến hạn: Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0 (hạn 20/12/2025)"),
        ("hung@so-a.gov.vn", "[Thi đua] Quá hạn: Hồ sơ đề nghị «Lao động tiên tiến» của Cán bộ 0 (hạn 20/12/2025)"),
    ]
    assert all(f"/nominations/{objected}" in m.get_content() and str(quiet) not in m.get_content() for _to, m in handler.messages)
