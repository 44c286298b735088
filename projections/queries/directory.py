"""The directory: units, people, and the roles (grants) a person holds."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, bindparam, select

from projections.organisation import people, person_roles, units
from projections.queries.base import record, records, unit_named


def list_units(conn: Connection) -> list[dict]:
    return records(conn.execute(select(units).order_by(units.c.name, units.c.unit_id)))


def get_unit(conn: Connection, unit_id: UUID) -> dict | None:
    return record(conn.execute(select(units).where(units.c.unit_id == unit_id)))


def list_people(conn: Connection, unit_id: UUID | None = None) -> list[dict]:
    query = unit_named(select(people), people.c.unit_id, "unit_name").order_by(people.c.full_name, people.c.key)
    if unit_id is not None:
        query = query.where(people.c.unit_id == unit_id)
    return records(conn.execute(query))


def get_person(conn: Connection, person_id: UUID) -> dict | None:
    found = record(conn.execute(unit_named(select(people), people.c.unit_id, "unit_name").where(people.c.person_id == person_id)))
    if found is not None:
        found["roles"] = [{"role": role, "scope_id": scope} for role, scope in person_grants(conn, person_id)]
    return found


GRANTS = (  # built once: every signed-in page runs it
    select(person_roles.c.role, person_roles.c.scope_key).where(person_roles.c.person_id == bindparam("person_id"))
    .order_by(person_roles.c.role, person_roles.c.scope_key)
)


def person_grants(conn: Connection, person_id: UUID) -> list[tuple[str, UUID | None]]:
    """(role, scope) pairs; scope None means the role is held for every unit."""
    return [grant(role, scope) for role, scope in conn.execute(GRANTS, {"person_id": person_id})]


def grant(role: str, scope_key: str) -> tuple[str, UUID | None]:
    """A `person_roles` row as a (role, scope) pair."""
    return role, None if scope_key == "*" else UUID(scope_key)


SUCCESSORS = select(units.c.unit_id, units.c.successor_id).where(units.c.successor_id.is_not(None))  # built once


def successor_chains(conn: Connection) -> dict[UUID, list[UUID]]:
    """Each merged unit with the units that took it over, nearest first (a successor acts for it)."""
    successor = dict(conn.execute(SUCCESSORS).all())
    chains: dict[UUID, list[UUID]] = {}
    for unit_id in successor:
        chain, current = [], unit_id
        while current in successor and len(chain) < 10:
            current = successor[current]
            chain.append(current)
        chains[unit_id] = chain
    return chains
