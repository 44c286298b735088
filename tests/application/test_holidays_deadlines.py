"""Working-day deadlines count the public holidays (Tết 2027, 30/4–1/5, 2/9) with the wall clock frozen by
freezegun; an administrator's declaration of a year is recorded as an event and counted from then on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest
from freezegun import freeze_time

from domain import commands as c
from domain.application import Thidua
from domain.calendar import HolidayCalendar, shipped_calendar
from domain.clock import utc_now
from domain.exceptions import InvalidCommandError, PermissionDeniedError
from domain.nomination import Nomination
from domain.values import Role
from tests.builders import SYSTEM, World, build_world, grant, launch_campaign, person, publish_shipped_rules
from tests.conftest import accept_freezegun_values

SHIPPED_2027 = shipped_calendar().years[2027].as_dict()
SWAP_2027 = c.DeclareHolidays(  # the whole year: the shipped days and one more day off for a Saturday worked
    year=2027, days_off=[*SHIPPED_2027["days_off"], {"on": "2027-02-11", "name": "Nghỉ hoán đổi sau Tết"}],
    working_days=[{"on": "2027-02-20", "name": "Làm bù cho ngày 11/02/2027"}],
    basis="Thông báo hoán đổi ngày làm việc dịp Tết Đinh Mùi 2027", reason="Chính phủ cho nghỉ thêm sau Tết",
)


@pytest.fixture
def world():
    app = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=utc_now)
    accept_freezegun_values(app)
    with freeze_time("2026-01-02T02:00:00Z"):
        publish_shipped_rules(app)
        w = build_world(app)
        launch_campaign(w, "pt-2026", 2026)
        for staff in w.staff:
            app.record_rating(SYSTEM, c.RecordRating(subject_id=staff, year=2026, rating="HTTNV"))
        w.admin = person(app, "admin", "Quản Trị Viên", w.department)
        grant(app, w.admin, Role.ADMIN, None)
    yield w
    app.close()


def approved_by_unit(world: World, instant: str, staff: int = 0) -> UUID:
    """Nominate, submit and approve at the unit at `instant`."""
    app = world.app
    with freeze_time(instant):
        n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[staff], "individual", "LDTT", "Thành tích năm 2026"))
        app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
        app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    return n


def last_due(app: Thidua, nomination_id: UUID) -> date:
    """The appraisal deadline the last approval of the dossier recorded."""
    events = [e for e in app.repository.event_store.get(nomination_id) if isinstance(e, Nomination.StageApproved)]
    return events[-1].due_on


@pytest.mark.parametrize(("instant", "due"), [
    pytest.param("2027-02-01T02:00:00Z", date(2027, 3, 8), id="approved 1/2/2027: Tết 4–10/2 not counted"),
    pytest.param("2027-04-09T02:00:00Z", date(2027, 5, 12), id="approved 9/4/2027: Giỗ Tổ, 30/4 and 3/5 not counted"),
    pytest.param("2027-08-20T02:00:00Z", date(2027, 9, 21), id="approved 20/8/2027: 2–3/9 not counted"),
])
def test_the_appraisal_deadline_skips_the_holidays(world, instant, due):
    assert last_due(world.app, approved_by_unit(world, instant)) == due


def test_a_declared_year_counts_for_approvals_after_it_and_leaves_earlier_deadlines(world):
    first = approved_by_unit(world, "2027-01-29T02:00:00Z", staff=0)

    with freeze_time("2027-01-29T03:00:00Z"):
        world.app.declare_holidays(world.actor(world.admin, Role.ADMIN), replace(SWAP_2027, working_days=[]))
    second = approved_by_unit(world, "2027-01-29T04:00:00Z", staff=1)

    assert (last_due(world.app, first), last_due(world.app, second)) == (date(2027, 3, 5), date(2027, 3, 8))  # 11/2 off too
    assert {"on": "2027-02-11", "name": "Nghỉ hoán đổi sau Tết"} in world.app.get_holidays(2027)["days_off"]


def test_the_declaration_records_who_when_why_and_the_year(world):
    with freeze_time("2027-01-29T03:00:00Z"):
        world.app.declare_holidays(world.actor(world.admin, Role.ADMIN), SWAP_2027)

    event = list(world.app.repository.event_store.get(HolidayCalendar.create_id()))[-1]

    assert isinstance(event, HolidayCalendar.YearDeclared)
    assert (event.by, event.role, event.at.isoformat(), event.reason) == (
        world.admin, "admin", "2027-01-29T03:00:00+00:00", "Chính phủ cho nghỉ thêm sau Tết",
    )
    assert event.year["working_days"] == [{"on": "2027-02-20", "name": "Làm bù cho ngày 11/02/2027"}]


def test_only_an_administrator_declares_holidays(world):
    with pytest.raises(PermissionDeniedError):
        world.app.declare_holidays(world.as_secretary, SWAP_2027)


@pytest.mark.parametrize(("change", "message"), [
    ({"days_off": [{"on": "2028-01-03", "name": "x"}]}, "không thuộc năm 2027"),
    ({"days_off": [{"on": "2027-02-20", "name": "x"}]}, "thứ Bảy hoặc Chủ nhật"),
    ({"days_off": [{"on": "2027-02-13", "name": "x"}]}, "thứ Bảy hoặc Chủ nhật"),
    ({"working_days": [{"on": "2027-02-15", "name": "x"}]}, "ngày làm việc thường"),
    ({"days_off": [{"on": "15/02/2027", "name": "x"}]}, "YYYY-MM-DD"),
    ({"days_off": [{"name": "x"}]}, "YYYY-MM-DD"),
    ({"basis": ""}, "căn cứ"),
])
def test_a_declaration_that_cannot_be_meant_is_refused_in_vietnamese(world, change, message):
    bad = replace(SWAP_2027, **change)

    with pytest.raises(InvalidCommandError, match=message):
        world.app.declare_holidays(world.actor(world.admin, Role.ADMIN), bad)


def test_the_shipped_year_is_read_when_nobody_declared_it(world):
    holidays = world.app.get_holidays(2027)

    assert holidays["known"] and {"on": "2027-02-05", "name": "Giao thừa Tết Nguyên Đán"} in holidays["days_off"]
    assert world.app.get_holidays(2040) == {"year": 2040, "basis": "", "days_off": [], "working_days": [], "known": False}
