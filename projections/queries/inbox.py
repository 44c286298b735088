"""A person's inbox: the items waiting for a role they hold, for a unit they hold it for (or a
successor of it), with the age in days and the deadline."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from uuid import UUID

from sqlalchemy import Connection, Select, and_, bindparam, false, or_, select, true

from domain.clock import local_date, utc_now
from projections.audit import audit_trail
from projections.inbox import ISSUER_ROLES, inbox_items, scope_of
from projections.queries.base import kept_ids, named, records, unit_named
from projections.queries.directory import successor_chains
from projections.queries.reach import acting_units

Grant = tuple[str, UUID | None]


LISTED = kept_ids(unit_named(named(select(inbox_items), inbox_items.c.subject_id, "subject_name"), inbox_items.c.unit_id,
                             "unit_name").order_by(inbox_items.c.since_at, inbox_items.c.item_id))


def list_inbox(conn: Connection, person_id: UUID, grants: list[Grant], *, now: datetime | None = None) -> list[dict]:
    """Oldest first; `now` defaults to the current time. Ages count calendar days in Vietnam and,
    like the overdue flags, change only at midnight (a day's answers can be kept all day)."""
    today = local_date(now or utc_now())
    held, scopes = waiting_for(conn, grants)
    items = records(conn.execute(listing(held), {"person_id": person_id, **scopes}))
    for row in items:
        row["scope_id"] = scope_of(row)
        row["age_days"] = (today - local_date(row["since_at"])).days
        row["overdue"] = row["deadline"] is not None and row["deadline"] < today
    return items


def waiting_for(conn: Connection, grants: list[Grant]) -> tuple[tuple[tuple[str, bool], ...], dict[str, list[UUID]]]:
    """The roles of `grants`, each with whether it is held anywhere, and for the others the scopes to bind (the
    units, for unit roles, or the issuers, for issuer roles, it is held for, and the units merged into them)."""
    scopes: dict[str, set[UUID | None]] = {}
    for role, scope in grants:
        scopes.setdefault(role, set()).add(scope)
    chains = successor_chains(conn) if any(None not in held for held in scopes.values()) else {}
    held = tuple((role, None in within) for role, within in sorted(scopes.items()))
    bound = {f"scopes_{i}": sorted(acting_units(chains, within)) for i, (role, within) in enumerate(sorted(scopes.items()))
             if None not in within}
    return held, bound


@cache
def listing(held: tuple[tuple[str, bool], ...]) -> Select:
    """The items waiting for the roles `held` (each anywhere, or within its bound `scopes_<i>`) and for no one
    else than the bound `person_id`, built once."""
    conditions = []
    for i, (role, anywhere) in enumerate(held):
        scope = inbox_items.c.issuer_id if role in ISSUER_ROLES else inbox_items.c.unit_id
        conditions.append(and_(inbox_items.c.waiting_role == role,
                               true() if anywhere else scope.in_(bindparam(f"scopes_{i}", expanding=True))))
    mine = or_(inbox_items.c.person_id.is_(None), inbox_items.c.person_id == bindparam("person_id"))
    return LISTED.where(or_(false(), *conditions), mine)


def recent_changes(conn: Connection, limit: int = 5) -> list[dict]:
    """The latest steps people took (not the system's), newest first: what an auditor inspects first."""
    trail = audit_trail.c
    query = select(trail.position, trail.item_id, trail.aggregate_type, trail.event_type, trail.at, trail.role, trail.summary)
    query = named(query.where(trail.actor_id.is_not(None)), trail.actor_id, "actor_name")
    return records(conn.execute(query.order_by(trail.position.desc()).limit(limit)))
