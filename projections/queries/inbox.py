"""A person's inbox: the items waiting for a role they hold, for a unit they hold it for (or a
successor of it), with the age in days and the deadline."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, or_, select

from domain.clock import local_date, utc_now
from projections.audit import audit_trail
from projections.inbox import inbox_items, scope_of
from projections.queries.base import named, records, unit_named
from projections.queries.directory import successor_chains

Grant = tuple[str, UUID | None]


def list_inbox(conn: Connection, person_id: UUID, grants: list[Grant], *, now: datetime | None = None) -> list[dict]:
    """Oldest first; `now` defaults to the current time. Ages count calendar days in Vietnam and,
    like the overdue flags, change only at midnight (a day's answers can be kept all day)."""
    today = local_date(now or utc_now())
    roles = {role for role, _scope in grants}
    query = named(select(inbox_items), inbox_items.c.subject_id, "subject_name").where(
        inbox_items.c.waiting_role.in_(roles),
        or_(inbox_items.c.person_id.is_(None), inbox_items.c.person_id == person_id),
    )
    query = unit_named(query, inbox_items.c.unit_id, "unit_name").order_by(inbox_items.c.since_at, inbox_items.c.item_id)
    chains = successor_chains(conn)
    items = []
    for row in records(conn.execute(query)):
        row["scope_id"] = scope_of(row)
        acting_for = {row["scope_id"], *chains.get(row["scope_id"], [])}
        if any(role == row["waiting_role"] and (scope is None or scope in acting_for) for role, scope in grants):
            row["age_days"] = (today - local_date(row["since_at"])).days
            row["overdue"] = row["deadline"] is not None and row["deadline"] < today
            items.append(row)
    return items


def recent_changes(conn: Connection, limit: int = 5) -> list[dict]:
    """The latest steps people took (not the system's), newest first: what an auditor inspects first."""
    trail = audit_trail.c
    query = select(trail.position, trail.item_id, trail.aggregate_type, trail.event_type, trail.at, trail.role, trail.summary)
    query = named(query.where(trail.actor_id.is_not(None)), trail.actor_id, "actor_name")
    return records(conn.execute(query.order_by(trail.position.desc()).limit(limit)))
