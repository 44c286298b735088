"""The same application, projections and API on a real SQLite file and a real PostgreSQL database."""

from datetime import date

import pytest
from sqlalchemy import select

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from domain import commands as c
from domain.exceptions import ConflictError
from projections import queries
from projections.tables import metadata
from tests.builders import build_world, launch_campaign
from tests.conftest import MutableClock, accept_freezegun_values


@pytest.fixture
def container(database_url, tmp_path, clock: MutableClock):
    settings = load_settings({}, database_url=database_url, instance_path=tmp_path, environment="test")
    built = bootstrap(settings, clock=clock, synchronous=True)
    accept_freezegun_values(built.app)
    from adapters.rulebook import ensure_shipped_rules

    ensure_shipped_rules(built.app)
    yield built
    built.close()


def table_rows(container) -> dict[str, list[tuple]]:
    with container.read_engine.connect() as conn:
        return {
            name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr)
            for name, table in metadata.tables.items()
        }


def test_campaign_round_trips_through_the_store_and_the_read_model(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    campaign = launch_campaign(world)
    container.settle(container.app.recorder.max_notification_id())

    with container.read_engine.connect() as conn:
        found = queries.get_campaign(conn, campaign)
        listed, total = queries.list_campaigns(conn)

    assert found["status"] == "launched" and [t["code"] for t in found["targets"]] == ["ldtt-95", "dvc-online"]
    assert total == 1 and listed[0]["issuer_name"] == "Sở Khoa học và Công nghệ tỉnh A"
    assert container.app.repository.get(campaign).period_end == date(2025, 12, 31)


def test_stale_write_is_a_conflict_not_a_lost_update(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    campaign = launch_campaign(world)
    app = container.app
    first, second = app.repository.get(campaign), app.repository.get(campaign)
    first.amend_target("ldtt-95", 90, reason="Điều chỉnh", **app.who(world.as_secretary))
    second.amend_target("ldtt-95", 85, reason="Điều chỉnh khác", **app.who(world.as_secretary))
    app.commit(first)

    with pytest.raises(ConflictError):
        app.commit(second)
    assert app.repository.get(campaign).targets["ldtt-95"]["value"] == 90


def test_rebuild_gives_the_same_rows_as_incremental_catch_up(container, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    launch_campaign(world)
    container.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    container.projector.catch_up()
    incremental = table_rows(container)

    container.projector.rebuild()

    assert table_rows(container) == incremental
    assert incremental["campaigns"] and incremental["people"]
