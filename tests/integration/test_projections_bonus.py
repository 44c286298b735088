"""The bonus funds read model (Decree 73/2024): totals, balance and each person's payments; rebuild equals catch-up."""

import pytest

from projections import queries
from projections.bonus import bonus_funds, bonus_payments
from tests.builders import build_world
from tests.integration.projections_support import open_container, pay_bonuses, table_rows


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock)
    yield built
    built.close()


def test_a_fund_shows_its_totals_balance_and_every_payment_the_same_after_a_rebuild(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=5)
    clock.set(2026, 1, 12, 9)
    fund_id = pay_bonuses(world)

    with container.read_engine.connect() as conn:
        fund = queries.get_bonus_fund(conn, fund_id)
        listed, total = queries.list_bonus_funds(conn, status="paid", year=2025)
    incremental = {name: rows for name, rows in table_rows(container.read_engine).items() if name in (bonus_funds.name, bonus_payments.name)}
    container.projector.rebuild()

    periodic = [p for p in fund["payments"] if p["kind"] == "periodic"]
    ad_hoc = [p for p in fund["payments"] if p["kind"] == "ad_hoc"]
    assert (fund["amount"], fund["ad_hoc_total"], fund["periodic_pool"]) == (100_000_000, 11_700_000, 72_000_000)
    assert fund["paid_total"] == 11_700_000 + sum(p["amount"] for p in periodic) == fund["amount"] - fund["balance"]
    assert len(periodic) == 7 and {p["status"] for p in periodic} == {"paid"} and {p["rating"] for p in periodic} == {"HTTNV"}
    assert (ad_hoc[0]["amount"], ad_hoc[0]["reason"], fund["unit_name"]) == (11_700_000, "Thành tích đột xuất", "Phòng Công nghệ thông tin")
    first = next(p for p in fund["people"] if p["person_id"] == world.staff[0])
    assert first["amount"] == 11_700_000 + next(p["amount"] for p in periodic if p["person_id"] == world.staff[0])
    assert (total, listed[0]["fund_id"]) == (1, fund_id)
    assert {name: rows for name, rows in table_rows(container.read_engine).items() if name in incremental} == incremental
