"""A command's transaction on PostgreSQL runs in psycopg's pipeline mode (adapters/ledger/pipelined.py): an error
in a statement only answered at the commit still records nothing, a COPY beside the events leaves the pipeline and
commits with them, and the client waits a bounded number of times per command."""

from __future__ import annotations

import psycopg
import psycopg.waiting
import pytest
from psycopg.waiting import Wait
from sqlalchemy import select

from domain import commands as c
from projections.pipeline import nominations
from tests.builders import build_world, launch_campaign
from tests.conftest import postgres_database
from tests.integration.projections_support import open_container

pytestmark = pytest.mark.postgres


@pytest.fixture
def scene(tmp_path, clock):  # type: ignore[no-untyped-def]
    for url in postgres_database():
        container = open_container(url, tmp_path, clock, synchronous=False)
        try:
            clock.set(2025, 1, 2, 9)
            world = build_world(container.app, staff=3, members=1)
            launch_campaign(world)
            clock.set(2025, 12, 1, 9)
            dossiers = []
            for staff in range(3):
                n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[staff], "individual", "LDTT", "Thành tích"))
                world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
                dossiers.append(n)
            yield container, world, dossiers
        finally:
            container.close()


def stage(container, nomination) -> str:  # type: ignore[no-untyped-def]
    with container.read_engine.connect() as conn:
        return conn.execute(select(nominations.c.stage).where(nominations.c.nomination_id == nomination)).scalar_one()


def test_an_error_answered_only_at_the_commit_records_nothing(scene):
    container, world, (first, second, _third) = scene
    recorder = container.app.recorder
    before = recorder.max_notification_id()

    def refused(curs, _positions, _events):  # type: ignore[no-untyped-def]
        curs.execute(f"INSERT INTO {recorder.keys_table} (caller, idempotency_key, fingerprint, created_at) VALUES (NULL, 'k', 'f', 'now')")

    with pytest.raises(Exception) as raised, recorder.commits_with(refused):
        container.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved"))

    assert any("null value" in str(error) for error in chain(raised.value))  # the statement's own error, as a conflict
    assert recorder.max_notification_id() == before
    assert stage(container, first) == "submitted"
    position = container.app.approve_stage(world.as_head, c.ApproveStage(second, "unit_approved"))  # the connection is sound
    assert recorder.max_notification_id() == position and stage(container, second) == "unit_approved"


def chain(error: BaseException | None):  # type: ignore[no-untyped-def]
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def test_a_copy_beside_the_events_leaves_the_pipeline_and_commits_with_them(scene):
    container, world, (first, _second, _third) = scene
    recorder = container.app.recorder

    def copied(curs, positions, _events):  # type: ignore[no-untyped-def]
        with curs.copy(f"COPY {recorder.keys_table} (caller, idempotency_key, fingerprint, position, created_at) FROM STDIN") as copy:
            copy.write_row(("head", "copied", "fp", positions[-1], "2025-12-01"))

    with recorder.commits_with(copied):
        position = container.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved"))

    assert recorder._one(f"SELECT position FROM {recorder.keys_table} WHERE idempotency_key = 'copied'")["position"] == position
    assert stage(container, first) == "unit_approved"


def test_an_approval_with_its_read_models_waits_for_the_server_three_times(scene, monkeypatch):
    """BEGIN to the events' positions, the read models' positions, the commit: every other statement rides
    along, and the ledger's end after this process's own commit is its notification's payload, not a query
    (statement by statement, with the previous links read and the tracking rows advanced apart, it waited
    eleven times; with the end read after each commit, four)."""
    container, world, (first, second, _third) = scene
    container.app.approve_stage(world.as_head, c.ApproveStage(first, "unit_approved"))  # caches and prepared statements
    blocked: list[str] = []
    wait = psycopg.waiting.wait

    def counted(gen, *args, **kwargs):  # type: ignore[no-untyped-def]
        return wait(reading(gen, blocked), *args, **kwargs)

    monkeypatch.setattr(psycopg.waiting, "wait", counted)
    container.app.approve_stage(world.as_head, c.ApproveStage(second, "unit_approved"))
    monkeypatch.undo()

    assert stage(container, second) == "unit_approved"
    assert 0 < len(blocked) <= 3, blocked  # an answer already there when asked for is not counted


def reading(gen, blocked: list[str]):  # type: ignore[no-untyped-def]
    """psycopg's generator, noting once if it waits for the server's answer alone (a round trip)."""
    noted = False
    try:
        state = next(gen)
        while True:
            if state == Wait.R and not noted:
                blocked.append(str(state))
                noted = True
            state = gen.send((yield state))
    except StopIteration as stop:
        return stop.value
