"""A person's inbox: the items waiting for a role they hold, for a unit they hold it for (or a
successor of it), with the age in days and the deadline."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, and_, false, or_, select, true

from domain.clock import local_date, utc_now
from projections.audit import audit_trail
from projections.inbox import ISSUER_ROLES, inbox_items, scope_of
from projections.queries.base import named, records, unit_named
from projections.queries.directory import successor_chains
from projections.queries.reach import acting_units

Grant = tuple[str, UUID | None]


LISTED = unit_named(named(select(inbox_items), inbox_items.c.subject_id, "subject_name"), inbox_items.c.unit_id,
                    "unit_name").order_by(inbox_items.c.since_at, inbox_items.c.item_id)


def list_inbox(conn: Connection, person_id: UUID, grants: list[Grant], *, now: datetime | None = None) -> list[dict]:
    """Oldest first; `now` defaults to the current time. Ages count calendar days in Vietnam and,
    like the overdue flags, change only at midnight (a day's answers can be kept all day)."""
    today = local_date(now or utc_now())
    query = LISTED.where(waiting_for(conn, grants), or_(inbox_items.c.person_id.is_(None), inbox_items.c.person_id == person_id))
    items = records(conn.execute(query))
    for row in items:
        row["scope_id"] = scope_of(row)
        row["age_days"] = (today - local_date(row["since_at"])).days
        row["overdue"] = row["deadline"] is not None and row["deadline"] < today
    return items


def waiting_for(conn: Connection, grants: list[Grant]) -> ColumnElement[bool]:
    """The items waiting for one of `grants`' roles, within its scope: the unit (for unit roles) or the issuer
    (for issuer roles) it is held for, or a unit merged into it; anywhere for a role held everywhere."""
    scopes: dict[str, set[UUID | None]] = {}
    for role, scope in grants:
        scopes.setdefault(role, set()).add(scope)
    chains = successor_chains(conn) if any(None not in held for held in scopes.values()) else {}
    conditions = []
    for role, held in sorted(scopes.items()):
        scope = inbox_items.c.issuer_id if role in ISSUER_ROLES else inbox_items.c.unit_id
        anywhere = None in held
        conditions.append(and_(inbox_items.c.waiting_role == role,
                               true() if anywhere else scope.in_(acting_units(chains, held))))
    return or_(false(), *conditions)


def recent_changes(conn: Connection, limit: int = 5) -> list[dict]:
    """The latest steps people took (not the system's), newest first: what an auditor inspects first."""
    trail = audit_trail.c
    query = select(trail.position, trail.item_id, trail.aggregate_type, trail.event_type, trail.at, trail.role, trail.summary)
    query = named(query.where(trail.actor_id.is_not(None)), trail.actor_id, "actor_name")
    return records(conn.execute(query.order_by(trail.position.desc()).limit(limit)))
