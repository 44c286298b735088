"""Money and counters fit national totals (10^13 đồng) on both stores: no read-model column is a 32-bit integer."""

import psycopg
import pytest
from sqlalchemy import BigInteger, Integer

from adapters.config import load_settings
from adapters.database import make_engine
from adapters.tokens import TokenStore
from domain import commands as c
from domain.organisation import Person
from domain.values import Role
from projections import queries
from projections.tables import metadata
from tests.builders import build_world
from tests.conftest import postgres_database
from tests.integration.projections_support import open_container

NATIONAL = 10**13  # đồng: a national year's bonus fund


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock)
    yield built
    built.close()


def test_no_read_model_column_is_a_32_bit_integer():
    narrow = [
        f"{table.name}.{column.name}" for table in metadata.sorted_tables for column in table.columns
        if isinstance(column.type, Integer) and not isinstance(column.type, BigInteger)
    ]

    assert narrow == []


def test_a_bonus_fund_of_national_size_is_projected_to_the_last_dong(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=5)
    app = world.app
    clock.set(2026, 1, 12, 9)
    fund = app.open_bonus_fund(world.as_clerk, c.OpenBonusFund(world.division, 2025, 10 * NATIONAL + 7, "Quy chế tiền thưởng 2025"))
    app.pay_ad_hoc_bonus(world.as_head, c.PayAdHocBonus(fund, world.staff[0], NATIONAL // 10 + 3, "Thành tích đột xuất"))
    app.allocate_periodic_bonus(world.as_clerk, c.AllocatePeriodicBonus(fund, NATIONAL // 2))
    app.pay_periodic_bonus(world.as_head, c.PayPeriodicBonus(fund))

    with container.read_engine.connect() as conn:
        found = queries.get_bonus_fund(conn, fund)
    first = next(p for p in found["people"] if p["person_id"] == world.staff[0])
    periodic = next(p["amount"] for p in found["payments"] if p["kind"] == "periodic" and p["person_id"] == world.staff[0])
    assert (found["salary_fund"], found["ad_hoc_total"], found["periodic_pool"]) == (10 * NATIONAL + 7, NATIONAL // 10 + 3, NATIONAL // 2)
    assert found["amount"] >= NATIONAL and found["balance"] == found["amount"] - found["paid_total"]
    assert first["amount"] == NATIONAL // 10 + 3 + periodic and type(first["amount"]) is int


@pytest.fixture
def postgres_url():
    yield from postgres_database()


@pytest.mark.postgres
def test_a_postgresql_store_made_with_32_bit_columns_is_widened_at_start_up(postgres_url, tmp_path, clock):
    open_container(postgres_url, tmp_path, clock).close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE bonus_funds ALTER COLUMN amount TYPE INTEGER, ALTER COLUMN salary_fund TYPE INTEGER")
        conn.execute("ALTER TABLE projection_tracking ALTER COLUMN notification_id TYPE INTEGER")

    open_container(postgres_url, tmp_path, clock).close()

    with psycopg.connect(postgres_url) as conn:
        narrow = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND data_type = 'integer' AND table_name = ANY(%s)",
            [list(metadata.tables)],
        ).fetchall()
    assert narrow == []


@pytest.mark.postgres
def test_api_token_uses_are_counted_past_two_billion_on_postgresql_and_an_older_table_is_widened(postgres_url):
    engine = make_engine(load_settings({}, database_url=postgres_url).sqlalchemy_url)
    TokenStore.open(engine)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("ALTER TABLE api_token_uses ALTER COLUMN use_id TYPE INTEGER")
        conn.execute("ALTER SEQUENCE api_token_uses_use_id_seq AS INTEGER")

    store = TokenStore.open(engine)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("SELECT setval('api_token_uses_use_id_seq', 3000000000)")
    token, _secret = store.create(Person.create_id("p046"), Role.ADMIN)
    store.record_use(token.token_id, "GET", "/api/v1/campaigns", 200)
    store.write_uses()
    engine.dispose()

    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT max(use_id) FROM api_token_uses").fetchone() == (3_000_000_001,)
