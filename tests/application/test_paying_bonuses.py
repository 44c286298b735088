"""Paying the agency bonus (Decree 73/2024 Art. 4) through the application: roles, ratings, overspending, lapse."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from domain import commands as c
from domain.application import Thidua
from domain.bonus_fund import BonusFund
from domain.clock import utc_now
from domain.exceptions import DuplicateError, InvalidCommandError, PermissionDeniedError, RuleViolationError
from domain.rules.errors import RuleSetError
from tests.builders import SYSTEM, World, build_world, person, publish_shipped_rules
from tests.conftest import accept_freezegun_values

RULES = "Quy chế tiền thưởng ban hành kèm theo Quyết định 01/QĐ-CNTT"


@pytest.fixture
def world(app, clock) -> World:
    clock.set(2025, 1, 2, 9)
    built = build_world(app)
    clock.set(2025, 12, 15, 9)
    return built


def open_fund(w: World, salary_fund: int = 1_000_000_000, **extra) -> BonusFund:
    fund_id = w.app.open_bonus_fund(w.as_clerk, c.OpenBonusFund(w.division, 2025, salary_fund, RULES, **extra))
    return w.app.repository.get(fund_id)


def test_the_fund_is_ten_percent_of_the_salary_fund_under_the_rule_set_in_force(world):
    fund = open_fund(world, 1_234_567_890)

    opened = world.app.events.get(fund.id).__next__()
    assert fund.amount == 123_456_789 and fund.pay_until.isoformat() == "2026-01-31"
    assert (opened.ruleset_version, opened.article) == ("ND152-2025/v1", "Điều 4 khoản 4 Nghị định 73/2024/NĐ-CP")
    assert (opened.levels, opened.rules_reference) == ({"HTXSNV": 3.0, "HTTNV": 2.4, "HTNV": 1.0}, RULES)


def test_the_agency_sets_its_own_levels_under_its_bonus_rules(world):
    fund = open_fund(world, levels={"HTXSNV": 2.0, "HTTNV": 1.5})

    opened = world.app.events.get(fund.id).__next__()
    assert (fund.levels, opened.levels_basis) == ({"HTXSNV": 2.0, "HTTNV": 1.5}, RULES)


def test_an_agency_overlay_gives_the_levels_when_the_command_names_none(world):
    world.app.publish_overlay(SYSTEM, c.PublishOverlay("issuer", world.division, {
        "basis": "Quyết định 02/QĐ-CNTT", "bonus_periodic_levels": {"HTXSNV": 4.0, "HTTNV": 2.0, "HTNV": 1.0},
    }, "Quy chế tiền thưởng của phòng"))

    assert open_fund(world).levels == {"HTXSNV": 4.0, "HTTNV": 2.0, "HTNV": 1.0}


@pytest.mark.parametrize(("extra", "error"), [
    pytest.param({"levels": {"XUAT_SAC": 2.0}}, RuleSetError, id="unknown rating in the levels"),
    pytest.param({"salary_fund": 0}, InvalidCommandError, id="no salary fund"),
])
def test_bad_fund_figures_are_refused(world, extra, error):
    with pytest.raises(error):
        open_fund(world, **extra)


@pytest.mark.parametrize(("year", "when"), [
    pytest.param(2023, (2024, 1, 10, 9), id="before ND 73/2024 took effect (01/7/2024)"),
    pytest.param(2024, (2025, 2, 1, 9), id="after 31 January of the next year: nothing left to pay — Art. 4(4)"),
    pytest.param(2026, (2025, 12, 15, 9), id="a future year"),
])
def test_a_fund_cannot_be_opened_outside_its_years(world, clock, year, when):
    clock.set(*when)

    with pytest.raises(RuleViolationError, match="Nghị định 73/2024/NĐ-CP"):
        world.app.open_bonus_fund(world.as_clerk, c.OpenBonusFund(world.division, year, 1_000_000_000, RULES))


def test_one_fund_per_agency_and_year(world):
    open_fund(world)

    with pytest.raises(DuplicateError):
        open_fund(world)


def test_only_the_agency_own_divisions_are_covered(world):
    with pytest.raises(InvalidCommandError):
        open_fund(world, covered_unit_ids=[world.department])


@pytest.mark.parametrize(("who", "command"), [
    pytest.param("secretary", "open", id="the department's secretariat does not act for the division"),
    pytest.param("clerk", "pay", id="the clerk prepares, only the unit head pays"),
    pytest.param("signer", "allocate", id="a signer has no part in the bonus fund"),
])
def test_roles_and_their_scope_are_checked(world, who, command):
    actors = {"secretary": world.as_secretary, "clerk": world.as_clerk, "signer": world.as_signer}
    fund = open_fund(world)
    commands = {
        "open": lambda a: world.app.open_bonus_fund(a, c.OpenBonusFund(world.division, 2024, 1_000_000_000, RULES)),
        "pay": lambda a: world.app.pay_ad_hoc_bonus(a, c.PayAdHocBonus(fund.id, world.staff[0], 1_000_000, "Đột xuất")),
        "allocate": lambda a: world.app.allocate_periodic_bonus(a, c.AllocatePeriodicBonus(fund.id)),
    }

    with pytest.raises(PermissionDeniedError):
        commands[command](actors[who])


def test_the_periodic_bonus_follows_each_persons_rating_and_says_why_someone_gets_nothing(world):
    app = world.app
    app.record_rating(SYSTEM, c.RecordRating(world.staff[0], 2025, "HTXSNV", "Điều chỉnh theo kết quả đánh giá"))
    app.record_rating(SYSTEM, c.RecordRating(world.staff[1], 2025, "KHTNV", "Điều chỉnh theo kết quả đánh giá"))
    newcomer = person(app, "newcomer", "Cán bộ mới", world.division)
    fund = open_fund(world)

    app.allocate_periodic_bonus(world.as_clerk, c.AllocatePeriodicBonus(fund.id, 12_600_000))  # 12.6 levels: 1,000,000 đồng each

    allocated = list(app.events.get(fund.id))[-1]
    lines = {p["person_id"]: p for p in allocated.payments}
    assert (lines[world.staff[0]]["amount"], lines[world.staff[0]]["level"]) == (3_000_000, "3.0")
    assert lines[world.staff[2]]["amount"] == 2_400_000
    assert lines[world.staff[1]]["amount"] == 0 and "không có mức thưởng" in lines[world.staff[1]]["reason"]
    assert lines[newcomer]["amount"] == 0 and lines[newcomer]["reason"] == "Chưa có kết quả đánh giá, xếp loại năm 2025"
    assert (allocated.total, allocated.ruleset_version) == (12_600_000, "ND152-2025/v1")


def test_an_ad_hoc_bonus_beyond_what_is_left_is_refused_naming_the_decree(world):
    fund = open_fund(world)
    world.app.allocate_periodic_bonus(world.as_clerk, c.AllocatePeriodicBonus(fund.id, 90_000_000))

    with pytest.raises(RuleViolationError, match=r"quỹ còn 10\.000\.000 đồng \(Điều 4 khoản 4 Nghị định 73/2024/NĐ-CP\)"):
        world.app.pay_ad_hoc_bonus(world.as_head, c.PayAdHocBonus(fund.id, world.staff[0], 10_000_001, "Đột xuất"))


def test_only_the_agency_staff_get_an_ad_hoc_bonus(world):
    fund = open_fund(world)

    with pytest.raises(InvalidCommandError):
        world.app.pay_ad_hoc_bonus(world.as_head, c.PayAdHocBonus(fund.id, world.secretary, 1_000_000, "Đột xuất"))


@pytest.fixture
def wall_clock_world():
    app = Thidua(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=utc_now)
    accept_freezegun_values(app)
    with freeze_time("2025-12-15T02:00:00Z"):
        publish_shipped_rules(app)
        w = build_world(app)
        fund = app.open_bonus_fund(w.as_clerk, c.OpenBonusFund(w.division, 2025, 1_000_000_000, RULES))
        app.allocate_periodic_bonus(w.as_clerk, c.AllocatePeriodicBonus(fund, 60_000_000))
    yield w, fund
    app.close()


@pytest.mark.parametrize(("instant", "paid"), [
    ("2026-01-31T16:59:59Z", True),  # 23:59:59 on 31/01/2026 in Hà Nội: the last moment to pay
    ("2026-01-31T17:00:00Z", False),  # 00:00 on 01/02/2026 in Hà Nội: no carry-over (ND 73/2024 Art. 4(4))
])
def test_the_2025_fund_pays_until_31_january_2026_and_then_lapses(wall_clock_world, instant, paid):
    w, fund = wall_clock_world
    app = w.app

    with freeze_time(instant):
        if paid:
            app.pay_periodic_bonus(w.as_head, c.PayPeriodicBonus(fund))
            with pytest.raises(RuleViolationError, match="còn được chi đến hết ngày 31/01/2026"):
                app.lapse_bonus_fund(w.as_clerk, c.LapseBonusFund(fund))
        else:
            with pytest.raises(RuleViolationError, match="không được chi sau ngày 31/01/2026"):
                app.pay_periodic_bonus(w.as_head, c.PayPeriodicBonus(fund))
            app.lapse_bonus_fund(w.as_clerk, c.LapseBonusFund(fund))

    lapsed = app.repository.get(fund)
    assert lapsed.lapsed is not paid
    if not paid:
        event = list(app.events.get(fund))[-1]
        assert (event.remaining, event.unpaid_allocation, event.lapsed_on.isoformat()) == (100_000_000, 60_000_000, "2026-02-01")
        with pytest.raises(RuleViolationError):
            app.pay_ad_hoc_bonus(w.as_head, c.PayAdHocBonus(fund, w.staff[0], 1_000_000, "Đột xuất"))


def test_every_bonus_event_records_who_when_and_the_rule_set_version(world, clock):
    fund = open_fund(world)
    world.app.pay_ad_hoc_bonus(world.as_head, c.PayAdHocBonus(fund.id, world.staff[0], 1_000_000, "Đột xuất"))
    world.app.allocate_periodic_bonus(world.as_clerk, c.AllocatePeriodicBonus(fund.id))
    world.app.pay_periodic_bonus(world.as_head, c.PayPeriodicBonus(fund.id))
    clock.set(2026, 2, 2, 9)
    world.app.lapse_bonus_fund(world.as_clerk, c.LapseBonusFund(fund.id))

    events = list(world.app.events.get(fund.id))
    assert [type(e).__name__ for e in events] == [
        "Opened", "AdHocBonusPaid", "PeriodicBonusAllocated", "PeriodicBonusPaid", "Lapsed",
    ]
    assert all(e.ruleset_version == "ND152-2025/v1" and e.by and e.role and e.at for e in events)
    assert events[-1].remaining == 100_000_000 - 1_000_000 - events[2].total
