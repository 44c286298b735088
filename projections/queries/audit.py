"""An item's audit trail, oldest first, with the actor's name and role in Vietnamese."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, select

from domain.values import Role, name_vi_of
from projections.audit import audit_trail
from projections.queries.base import person_named, records



def audit_trail_of(conn: Connection, item_id: UUID) -> list[dict]:
    query = person_named(select(audit_trail), audit_trail.c.actor_id, "actor_name").where(
        audit_trail.c.item_id == item_id
    ).order_by(audit_trail.c.version)
    return [row | {"role_label": name_vi_of(Role, row["role"])} for row in records(conn.execute(query))]


def trail_lines_at(conn: Connection, positions: list[int]) -> dict[int, dict]:
    """The trail's line (summary, actor's name, role in Vietnamese) of each event position found."""
    query = person_named(select(audit_trail), audit_trail.c.actor_id, "actor_name").where(
        audit_trail.c.position.in_(positions)
    )
    return {row["position"]: row | {"role_label": name_vi_of(Role, row["role"])} for row in records(conn.execute(query))}


def items_of_kind(conn: Connection, aggregate_type: str) -> list[UUID]:
    """The ids of every item of a kind (e.g. "Cluster"), in the order they were first recorded."""
    query = select(audit_trail.c.item_id).where(
        audit_trail.c.aggregate_type == aggregate_type, audit_trail.c.version == 1
    ).order_by(audit_trail.c.position)
    return list(conn.execute(query).scalars())
