"""Writers racing on one unit, with and without Idempotency-Keys: every refusal is a true one (a
version conflict is a conflict, never "already exists"), and no conflict is remembered under its key."""

from __future__ import annotations

import threading
import uuid

import pytest

from domain import commands as c
from domain.exceptions import ConflictError
from domain.values import Role
from tests.builders import SYSTEM, build_world
from tests.integration.test_stores import container  # noqa: F401 - the store fixture, on SQLite and PostgreSQL

WRITERS = 8


def person(key: str, unit: uuid.UUID) -> c.RegisterPerson:
    return c.RegisterPerson(key, f"Cán bộ {key}", "f", unit, "Chuyên viên")


def test_a_version_conflict_on_the_unit_of_a_new_person_is_a_conflict_and_the_retry_registers_them(container):  # noqa: F811
    app = container.app
    unit = build_world(app, staff=1, members=1).division
    save = app.save

    def another_write_first(*aggregates, **kwargs):  # type: ignore[no-untyped-def]
        app.save = save
        app.register_person(SYSTEM, person("nguoi-khac", unit))  # the unit changes between load and save
        return save(*aggregates, **kwargs)

    app.save = another_write_first
    with pytest.raises(ConflictError) as refused:
        app.register_person(SYSTEM, person("nguoi-moi", unit))
    registered = app.register_person(SYSTEM, person("nguoi-moi", unit))

    assert refused.value.code == "conflict" and "đã tồn tại" not in str(refused.value)
    members = app.repository.get(unit).member_ids
    assert registered in members and len(members) == len(set(members))


@pytest.fixture
def web(container):  # type: ignore[no-untyped-def]  # noqa: F811
    """The API on the store (SQLite, PostgreSQL), with a world whose clerk registers people in their division."""
    from web import create_app

    world = build_world(container.app, staff=1, members=1)
    return create_app({"TESTING": True}, container=container), world


def test_eight_keyed_writers_on_one_unit_are_refused_only_for_true_conflicts_that_are_not_remembered(container, web):  # noqa: F811
    flask_app, world = web
    tokens = flask_app.extensions["thidua_tokens"]
    headers = [{"Authorization": f"Bearer {tokens.create(world.clerk, Role.UNIT_CLERK)[1]}", "Idempotency-Key": str(uuid.uuid4())}
               for _ in range(WRITERS)]
    bodies = [{"key": f"dua-{i}", "full_name": f"Cán bộ đua {i}", "gender": "f", "unit_id": str(world.division),
               "position": "Chuyên viên"} for i in range(WRITERS)]
    start, first = threading.Barrier(WRITERS), [None] * WRITERS

    def write(i: int) -> None:
        client = flask_app.test_client()
        start.wait(10)
        first[i] = client.post("/api/v1/people", json=bodies[i], headers=headers[i])

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    retried = [flask_app.test_client().post("/api/v1/people", json=bodies[i], headers=headers[i]) for i in range(WRITERS)]

    refusals = [r.get_json()["code"] for r in first if r.status_code != 201]
    assert set(refusals) <= {"conflict", "busy"}, refusals
    assert [r.status_code for r in retried] == [201] * WRITERS
    assert all(r.get_json() == f.get_json() for r, f in zip(retried, first, strict=True) if f.status_code == 201)
    members = container.app.repository.get(world.division).member_ids
    ids = {uuid.UUID(r.get_json()["id"]) for r in retried}
    assert ids <= set(members) and len(members) == len(set(members))
