"""Directory read model: units, people and their roles, for names and pickers."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, String, Table, Text, Uuid

from domain.organisation import Person, Unit
from projections.base import Projection, Writes, handles
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
    def unit_registered(self, conn: Writes, e: Unit.Registered, position: int) -> None:
        conn.insert(
            units, unit_id=e.originator_id, key=e.key, name=e.name, short_name=e.short_name, kind=e.kind,
            parent_id=e.parent_id, province=e.province, abbreviation=e.abbreviation, authority_level=e.authority_level,
            successor_id=None,
        )

    @handles(Unit.Renamed)
    def unit_renamed(self, conn: Writes, e: Unit.Renamed, position: int) -> None:
        conn.update(units, e.originator_id, name=e.name, short_name=e.short_name)

    @handles(Unit.Merged)
    def unit_merged(self, conn: Writes, e: Unit.Merged, position: int) -> None:
        conn.update(units, e.originator_id, successor_id=e.successor_id)

    @handles(Person.Registered)
    def person_registered(self, conn: Writes, e: Person.Registered, position: int) -> None:
        conn.insert(
            people, person_id=e.originator_id, key=e.key, full_name=e.full_name, gender=e.gender, unit_id=e.unit_id,
            position=e.position, active=True,
        )

    @handles(Person.Transferred)
    def person_transferred(self, conn: Writes, e: Person.Transferred, position: int) -> None:
        conn.update(people, e.originator_id, unit_id=e.unit_id, position=e.position)

    @handles(Person.Left)
    def person_left(self, conn: Writes, e: Person.Left, position: int) -> None:
        conn.update(people, e.originator_id, active=False)

    @handles(Person.RoleGranted)
    def role_granted(self, conn: Writes, e: Person.RoleGranted, position: int) -> None:
        conn.upsert(person_roles, person_id=e.originator_id, role=e.role_code, scope_key=scope_key(e.scope_id))

    @handles(Person.RoleRevoked)
    def role_revoked(self, conn: Writes, e: Person.RoleRevoked, position: int) -> None:
        conn.delete(person_roles, {"person_id": e.originator_id, "role": e.role_code, "scope_key": scope_key(e.scope_id)})


def scope_key(scope_id: object) -> str:
    return "*" if scope_id is None else str(scope_id)
