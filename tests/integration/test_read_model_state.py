"""The read models' state a web worker keeps its answers by: always the projections' present positions, and
on SQLite read again only after some other connection committed."""

from __future__ import annotations

import pytest

from adapters.read_model_state import ReadModelState
from domain import commands as c
from projections import queries
from tests.builders import SYSTEM, build_world, launch_campaign
from tests.conftest import postgres_database
from tests.integration.projections_support import open_container


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def container(request, tmp_path, clock):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'thidua.sqlite'}"
        built = open_container(url, tmp_path, clock)
        yield built
        built.close()
        return
    for url in postgres_database():
        built = open_container(url, tmp_path, clock)
        yield built
        built.close()


def positions(container) -> tuple:
    with container.read_engine.connect() as conn:
        return queries.read_models_state(conn)


def test_the_state_follows_every_catch_up(container, clock):
    clock.set(2025, 1, 2, 9)
    before, present_before = container.read_models_state(), positions(container)
    launch_campaign(build_world(container.app))
    after, present_after = container.read_models_state(), positions(container)

    assert before == present_before and after == present_after and after != before
    assert {name for name, _position in after} == {p.name for p in container.projector.projections}


def test_on_sqlite_the_positions_are_read_again_only_after_a_commit(tmp_path, clock, monkeypatch):
    container = open_container(f"sqlite:///{tmp_path / 'thidua.sqlite'}", tmp_path, clock)
    reads: list[int] = []
    original = ReadModelState._read
    monkeypatch.setattr(ReadModelState, "_read", lambda self: reads.append(1) or original(self))
    try:
        clock.set(2025, 1, 2, 9)
        world = build_world(container.app)
        first, again = container.read_models_state(), container.read_models_state()
        container.app.rename_unit(SYSTEM, c.RenameUnit(world.division, "Phòng Tổng hợp", "TH", "Sắp xếp lại"))
        moved, present = container.read_models_state(), positions(container)
    finally:
        container.close()

    assert first == again and moved != first and moved == present
    assert len(reads) == 2
