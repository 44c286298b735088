"""The council page shows the rules the tally applies (with the campaign's overlays) and a session without
quorum as such: it decided nothing and its dossiers stay posted (issue #15)."""

from datetime import date

import pytest

from domain import commands as c
from domain.values import Actor, Role, Stage
from tests.ballot_support import register_trustees
from tests.e2e.test_ui_workflow import to_posted
from tests.e2e.ui_support import page_text, post, ui_world_fixture

SYSTEM = Actor.system()

ui = ui_world_fixture("ui-council", staff=4)


@pytest.fixture
def app(ui):
    return ui.container.app


def closed_session(ui, app, agenda, present: int):
    w = ui.world
    ui.clock.set(2026, 1, 6, 9)
    session = app.convene_session(w.as_secretary, c.ConveneSession(
        w.department, "Phiên họp xét khen thưởng", w.members, w.members[0], agenda, date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members[:present]))
    for member in w.members[:present]:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes" for n in agenda}))
    app.close_session(w.as_secretary, c.CloseSession(session))
    return session


def test_a_session_without_quorum_says_so_and_its_dossiers_stay_posted(ui, app):
    n = to_posted(ui, ui.world.staff[0])
    session = closed_session(ui, app, [n], present=3)
    secretary = ui.signed_in("thuky")

    counted = post(secretary, f"/council/{session}/tally", {})
    page = page_text(secretary.get(f"/council/{session}"))

    assert counted.status_code == 303
    assert "Không đủ số lượng thành viên dự họp" in page
    assert "không quyết định hồ sơ nào" in page
    assert app.repository.get(n).stage is Stage.POSTED
    assert "Không đủ số lượng thành viên dự họp" in page_text(secretary.get("/council"))


def test_the_page_shows_the_campaigns_quorum_the_tally_applies(ui, app):
    n = to_posted(ui, ui.world.staff[1])
    app.publish_overlay(SYSTEM, c.PublishOverlay("campaign", ui.world.campaign, {
        "basis": "Quy chế Hội đồng TĐKT Sở, Quyết định 12/QĐ-SKHCN", "quorum": 1,
    }, "Quy chế riêng"))
    session = closed_session(ui, app, [n], present=5)

    page = page_text(ui.signed_in("thuky").get(f"/council/{session}"))

    assert "tức 5 người" in page and "Quyết định 12/QĐ-SKHCN" in page
