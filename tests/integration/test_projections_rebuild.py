"""Rebuilding every read model from zero gives the same rows as keeping them up to date, on SQLite and PostgreSQL."""

import gc

import pytest
from sqlalchemy import inspect, select

from adapters.database import create_read_model_schema
from domain.rules.read_access import Reader
from domain.values import Role
from projections import queries, runner
from projections.organisation import people
from projections.queries.search import search
from projections.registry import all_projections
from projections.runner import collector_paused
from projections.tables import metadata
from tests.integration.projections_support import drive_lifecycle, open_container, table_rows

ADMIN = Reader(role=Role.ADMIN, units=(None,))


@pytest.fixture
def container(database_url, tmp_path, clock):
    built = open_container(database_url, tmp_path, clock)
    yield built
    built.close()


def test_rebuild_gives_the_same_rows_as_incremental_catch_up_for_every_read_model(container, clock):
    drive_lifecycle(container.app, clock)
    incremental = table_rows(container.read_engine)

    position = container.projector.rebuild()

    assert table_rows(container.read_engine) == incremental
    assert position == container.app.recorder.max_notification_id()
    owned = {t.name for p in all_projections() for t in p.tables}
    assert all(incremental[name] for name in owned - {"nomination_objections"} - {"inbox_participations"})


def test_a_rebuild_builds_every_index_after_its_rows_and_a_cut_short_one_leaves_them_to_the_next_start(
    container, clock, monkeypatch,
):
    drive_lifecycle(container.app, clock)
    created_while_empty = {}

    def cut_short(*_args, **_kwargs):
        created_while_empty.update(indexes(container.projector.engine))
        raise RuntimeError("stopped")

    container.projector.rebuild()
    rebuilt = indexes(container.projector.engine)
    monkeypatch.setattr(container.projector, "catch_up", cut_short)
    with pytest.raises(RuntimeError):
        container.projector.rebuild()
    left = indexes(container.projector.engine)
    create_read_model_schema(container.projector.engine)

    assert rebuilt == declared_indexes() and "ix_audit_trail_item" in rebuilt
    assert created_while_empty == {} and left == {}
    assert indexes(container.projector.engine) == declared_indexes()


def test_the_full_text_index_is_built_after_a_rebuild_s_rows_and_by_the_next_start_when_cut_short(container, clock, monkeypatch):
    drive_lifecycle(container.app, clock)
    engine = container.projector.engine
    with engine.connect() as conn:
        name = conn.execute(select(people.c.full_name).order_by(people.c.full_name)).scalars().first()

    container.projector.rebuild()
    found_after_rebuild = searched(engine, name)
    monkeypatch.setattr(runner, "create_indexes", lambda *_args: (_ for _ in ()).throw(RuntimeError("stopped")))
    with pytest.raises(RuntimeError):
        container.projector.rebuild()
    monkeypatch.undo()
    create_read_model_schema(engine)
    found_after_start = searched(engine, name)
    create_read_model_schema(engine)

    assert name in found_after_rebuild and found_after_start == found_after_rebuild
    assert searched(engine, name) == found_after_rebuild  # a second start indexes nothing twice


def searched(engine, name: str) -> list[str]:
    with engine.connect() as conn:
        return [hit["title"] for hit in search(conn, name, ADMIN)]


def declared_indexes() -> dict[str, list[str]]:
    return {i.name: [c.name for c in i.columns] for t in metadata.sorted_tables for i in t.indexes}


def indexes(engine) -> dict[str, list[str]]:
    """The declared secondary indexes the read-model tables have in the database (PostgreSQL also lists the
    indexes behind unique constraints, which come with their tables)."""
    found, declared = inspect(engine), declared_indexes()
    return {i["name"]: i["column_names"] for t in metadata.sorted_tables for i in found.get_indexes(t.name) if i["name"] in declared}


def test_every_query_answers_on_this_store(container, clock):
    world = drive_lifecycle(container.app, clock)

    with container.read_engine.connect() as conn:
        decisions, total = queries.list_award_decisions(conn)
        decision = queries.get_award_decision(conn, decisions[-1]["decision_id"])
        sessions, _ = queries.list_council_sessions(conn)
        answers = [
            queries.get_standings(conn, world.campaign), queries.get_target_attainment(conn, world.campaign),
            queries.pipeline_counts(conn, world.campaign), queries.list_nominations(conn, campaign_id=world.campaign)[0],
            queries.list_public_postings(conn), queries.get_council_session(conn, sessions[0]["session_id"]),
            queries.award_history(conn, world.staff[0]), queries.unit_award_history(conn, world.division),
            queries.audit_trail(conn, world.staff[0]), queries.list_inbox(conn, world.head, queries.person_grants(conn, world.head)),
            queries.list_people(conn, world.division), queries.list_units(conn), queries.list_participants(conn, world.campaign),
        ]

    assert total == 2 and {d["status"] for d in decisions} == {"revoked", "signed"}
    assert decision["items"][0]["amount"] == 710_000 and all(a is not None for a in answers)
    assert [a["revoked"] for a in queries_history(container, world)] == [True]


def queries_history(container, world):
    with container.read_engine.connect() as conn:
        return [a for a in queries.award_history(conn, world.staff[0]) if a["code"] == "LDTT" and a["year"] == 2025]


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_garbage_collector_is_off_only_while_a_batch_is_applied(enabled_before):
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("a projection failed")
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # SQLite's secure_delete
def test_a_rebuild_drops_the_read_models_without_zeroing_their_pages_and_leaves_the_setting_as_it_was(
    container, clock, monkeypatch,
):
    drive_lifecycle(container.app, clock)
    engine = container.projector.engine
    with engine.connect() as conn:
        setting = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
    seen = []
    original = metadata.drop_all

    def drop_all(conn, **kwargs):
        seen.append(conn.exec_driver_sql("PRAGMA secure_delete").scalar())
        original(conn, **kwargs)

    monkeypatch.setattr(metadata, "drop_all", drop_all)
    container.projector.rebuild()
    with engine.connect() as conn:
        assert (seen, conn.exec_driver_sql("PRAGMA secure_delete").scalar()) == ([0], setting)
