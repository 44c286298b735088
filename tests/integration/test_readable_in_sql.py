"""Lists that apply the read policy in SQL (projections.queries.reach.readable_dossiers, the inbox's scopes)
keep exactly what the policy in Python keeps (domain.rules.read_access.may_read over reach_of), for every
role any person of the demo holds, every unit it is held for, and integration tokens, on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from uuid import UUID

import pytest
from sqlalchemy import Connection, func, select

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.demo.loader import load_demo
from domain import commands as c
from domain.rules.read_access import NOBODY, SCOPES, Kind, Reader, may_read
from domain.values import Role
from projections import queries
from projections.inbox import inbox_items, scope_of
from projections.organisation import person_roles, units
from projections.pipeline import nominations
from projections.queries.directory import successor_chains
from projections.queries.reach import reach_of
from tests.builders import SYSTEM

NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[Connection]:
    from tests.conftest import postgres_database

    folder = tmp_path_factory.mktemp("readable")
    databases = postgres_database() if request.param == "postgres" else None
    url = next(databases) if databases else f"sqlite:///{folder / 'demo.sqlite'}"
    container = bootstrap(load_settings({}, database_url=url, instance_path=folder, environment="test"))
    try:
        load_demo(container.app)
        container.projector.catch_up()
        merge_a_busy_unit(container)
        with container.read_engine.connect() as conn:
            yield conn
    finally:
        container.close()
        if databases:
            databases.close()


def merge_a_busy_unit(container) -> None:  # type: ignore[no-untyped-def]
    """The unit with the most dossiers is merged into another: its successor's holders act for it."""
    with container.read_engine.connect() as conn:
        busiest = conn.execute(select(nominations.c.unit_id).group_by(nominations.c.unit_id).order_by(
            func.count().desc(), nominations.c.unit_id).limit(1)).scalar_one()
        successor = conn.execute(select(units.c.unit_id).where(units.c.unit_id != busiest, units.c.successor_id.is_(None))
                                 .order_by(units.c.unit_id).limit(1)).scalar_one()
    container.app.merge_unit(SYSTEM, c.MergeUnit(busiest, successor, "Sáp nhập"))
    container.projector.catch_up()


def readers(conn: Connection) -> list[Reader]:
    """Everyone's role as held in the demo, each unit (merged ones too) for each role, and integration tokens."""
    held = [Reader(person, Role(role), (None if scope == "*" else UUID(scope),))
            for person, role, scope in conn.execute(select(person_roles))]
    every_unit = list(conn.execute(select(units.c.unit_id)).scalars())
    anyone = held[0].person_id
    held += [Reader(anyone, role, (unit,)) for role in (Role.UNIT_HEAD, Role.SECRETARIAT) for unit in every_unit]
    held += [Reader(anyone, Role.INTEGRATION, (unit,), kinds) for unit in every_unit[:4]
             for kinds in (frozenset(Kind(s) for s in SCOPES), frozenset({Kind.RATINGS}))]
    return held + [Reader(anyone, Role.UNIT_CLERK, (None,)), Reader(), Reader(anyone, Role.AUDITOR, (None,))]


def test_the_nominations_a_reader_may_read_are_chosen_in_sql_as_the_policy_chooses_them(demo: Connection) -> None:
    every = list(demo.execute(select(nominations.c.nomination_id)).scalars())
    reaches = reach_of(demo, every)
    checked = 0

    for reader in readers(demo):
        rows, total = queries.list_nominations(demo, limit=None, visible_to=reader)

        expected = {n for n in every if may_read(reader, Kind.DOSSIERS, reaches.get(n, NOBODY))}
        assert {r["nomination_id"] for r in rows} == expected and total == len(expected), reader
        checked += bool(expected) and len(expected) < len(every)
    assert checked  # some readers see some dossiers and not others
    assert successor_chains(demo)  # and a merged unit's dossiers are read through its successor


def test_the_inbox_keeps_in_sql_what_a_persons_grants_reach(demo: Connection) -> None:
    chains = successor_chains(demo)
    everything = [dict(r) for r in demo.execute(select(inbox_items)).mappings()]
    people = list(demo.execute(select(person_roles.c.person_id).distinct()).scalars())

    for person in people:
        grants = queries.person_grants(demo, person)
        expected = {
            item["item_id"] for item in everything
            if item["person_id"] in (None, person) and any(
                role == item["waiting_role"] and (scope is None or scope in {scope_of(item), *chains.get(scope_of(item), [])})
                for role, scope in grants)
        }
        assert {i["item_id"] for i in queries.list_inbox(demo, person, grants, now=NOW)} == expected, person
