"""Directory read model: units, people and their roles, for names and pickers."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Connection, String, Table, Text, Uuid, delete, update

from domain.organisation import Person, Unit
from projections.base import Projection, handles
from projections.tables import metadata

units = Table(
    "units",
    metadata,
    Column("unit_id", Uuid, primary_key=True),
    Column("key", String(100), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("short_name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("parent_id", Uuid),
    Column("province", String(60)),
    Column("abbreviation", String(20)),
    Column("authority_level", String(20), nullable=False),
    Column("successor_id", Uuid),
)

people = Table(
    "people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("key", String(100), nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("gender", String(10)),
    Column("unit_id", Uuid, nullable=False),
    Column("position", Text),
    Column("active", Boolean, nullable=False),
)

person_roles = Table(
    "person_roles",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("role", String(20), primary_key=True),
    Column("scope_key", String(40), primary_key=True),  # unit/council id as text, or "*" for global
)


class DirectoryProjection(Projection):
    name = "directory"
    tables = (units, people, person_roles)

    @handles(Unit.Registered)
    def unit_registered(self, conn: Connection, e: Unit.Registered, position: int) -> None:
        conn.execute(units.insert().values(
            unit_id=e.originator_id, key=e.key, name=e.name, short_name=e.short_name, kind=e.kind,
            parent_id=e.parent_id, province=e.province, abbreviation=e.abbreviation, authority_level=e.authority_level,
        ))

    @handles(Unit.Renamed)
    def unit_renamed(self, conn: Connection, e: Unit.Renamed, position: int) -> None:
        conn.execute(update(units).where(units.c.unit_id == e.originator_id).values(name=e.name, short_name=e.short_name))

    @handles(Unit.Merged)
    def unit_merged(self, conn: Connection, e: Unit.Merged, position: int) -> None:
        conn.execute(update(units).where(units.c.unit_id == e.originator_id).values(successor_id=e.successor_id))

    @handles(Person.Registered)
    def person_registered(self, conn: Connection, e: Person.Registered, position: int) -> None:
        conn.execute(people.insert().values(
            person_id=e.originator_id, key=e.key, full_name=e.full_name, gender=e.gender, unit_id=e.unit_id,
            position=e.position, active=True,
        ))

    @handles(Person.Transferred)
    def person_transferred(self, conn: Connection, e: Person.Transferred, position: int) -> None:
        conn.execute(update(people).where(people.c.person_id == e.originator_id).values(unit_id=e.unit_id, position=e.position))

    @handles(Person.Left)
    def person_left(self, conn: Connection, e: Person.Left, position: int) -> None:
        conn.execute(update(people).where(people.c.person_id == e.originator_id).values(active=False))

    @handles(Person.RoleGranted)
    def role_granted(self, conn: Connection, e: Person.RoleGranted, position: int) -> None:
        conn.execute(person_roles.insert().values(person_id=e.originator_id, role=e.role_code, scope_key=scope_key(e.scope_id)))

    @handles(Person.RoleRevoked)
    def role_revoked(self, conn: Connection, e: Person.RoleRevoked, position: int) -> None:
        conn.execute(delete(person_roles).where(
            person_roles.c.person_id == e.originator_id, person_roles.c.role == e.role_code,
            person_roles.c.scope_key == scope_key(e.scope_id),
        ))


def scope_key(scope_id: object) -> str:
    return "*" if scope_id is None else str(scope_id)
