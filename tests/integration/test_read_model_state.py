"""The read models' state a web worker keeps its answers by: always the projections' present positions, read
again only after a change (SQLite: another connection committed; PostgreSQL: a notification arrived, or this
process committed), and a generation that moves with any change to the read-model database."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from adapters.database import make_engine
from adapters.read_model_state import ReadModelState
from adapters.tokens import TokenStore
from domain import commands as c
from domain.values import Role
from tests.builders import SYSTEM, build_world, launch_campaign
from tests.conftest import postgres_database
from tests.integration.projections_support import eventually, open_container, positions

pytest_plugins = ("tests.integration.state_fixtures",)


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    reads: list[int] = []
    original = ReadModelState._read
    monkeypatch.setattr(ReadModelState, "_read", lambda self: reads.append(1) or original(self))
    return reads


def test_the_state_follows_every_catch_up(watched, clock):
    clock.set(2025, 1, 2, 9)
    before, present_before = watched.read_models_state(), positions(watched)
    launch_campaign(build_world(watched.app))
    after, present_after = watched.read_models_state(), positions(watched)

    assert before == present_before and after == present_after and after != before
    assert {name for name, _position in after} == {p.name for p in watched.projector.projections}


def test_the_positions_are_read_again_only_after_a_change(watched, clock, monkeypatch):
    reads = counting_reads(monkeypatch)
    clock.set(2025, 1, 2, 9)
    world = build_world(watched.app)
    first, again = watched.read_models_state(), watched.read_models_state()
    watched.app.rename_unit(SYSTEM, c.RenameUnit(world.division, "Phòng Tổng hợp", "TH", "Sắp xếp lại"))
    moved, present = watched.read_models_state(), positions(watched)

    assert first == again and moved != first and moved == present
    assert len(reads) == 2


def test_a_catch_up_in_another_process_is_seen(watched, elsewhere, clock):
    clock.set(2025, 1, 2, 9)
    before = watched.read_models_state()

    launch_campaign(build_world(elsewhere.app))

    assert eventually(lambda: watched.read_models_state() == positions(watched) != before)


def test_a_token_created_or_revoked_elsewhere_moves_the_generation(watched, clock):
    clock.set(2025, 1, 2, 9)
    world = build_world(watched.app)
    engine = make_engine(watched.settings.sqlalchemy_url)
    try:
        store, start = TokenStore.open(engine), watched.read_models_state.generation()
        token, _secret = store.create(world.head, Role.UNIT_HEAD)
        assert eventually(lambda: watched.read_models_state.generation() != start)
        created = watched.read_models_state.generation()
        store.revoke(token.token_id)
        assert eventually(lambda: watched.read_models_state.generation() != created)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_lost_listener_is_replaced_and_what_it_missed_is_read(tmp_path, clock):
    for url in postgres_database():
        watched, worker = open_container(url, tmp_path, clock), open_container(url, tmp_path / "worker", clock)
        try:
            clock.set(2025, 1, 2, 9)
            before = watched.read_models_state()
            with worker.read_engine.connect() as conn:
                conn.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND query LIKE 'LISTEN thidua_read_models%'"
                ))
            launch_campaign(build_world(worker.app))

            assert eventually(lambda: watched.read_models_state() == positions(watched) != before)
        finally:
            worker.close()
            watched.close()
