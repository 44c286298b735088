"""Award decisions with their lists, money and totals; award history per person and per unit."""

from __future__ import annotations

from functools import cache
from uuid import UUID

from sqlalchemy import Connection, Select, Table, bindparam, func, or_, select

from projections.decisions import award_decision_items, award_decision_unit_totals, award_decisions
from projections.history import annual_ratings, award_history
from projections.organisation import people, units
from projections.queries.base import counted, counted_page, kept_ids, person_named, record, records


def decision_query(*, leaving: tuple[str, ...] = ()) -> Select:
    """Decisions with their issuer's and signer's names, without the columns `leaving` names."""
    return frozen_or_live(award_decisions, leaving, issuer_name=(award_decisions.c.issuer_id, units.c.unit_id, "name"),
                          signer_name=(award_decisions.c.signer_id, people.c.person_id, "full_name"))


def frozen_or_live(table: Table, leaving: tuple[str, ...] = (), **names: tuple) -> Select:
    """A table's rows with each name as its row froze it (a signed decision) or, where it froze none, as today;
    `names`: label -> (the row's id column, the id column of the live names' table, that table's name column)."""
    query = select(*(c for c in table.c if c.name not in names and c.name not in leaving))
    for label, (row_id, live_id, live_name) in names.items():
        live = live_id.table.alias(f"{label}_live")
        query = query.outerjoin(live, live.c[live_id.key] == row_id).add_columns(
            func.coalesce(table.c[label], live.c[live_name]).label(label)
        )
    return query


DETAIL_ONLY = ("authority_level", "legal_bases", "reason", "document", "pdf_sha256", "discard_reason", "drafted_by",
               "drafted_at", "position")  # one decision's, not a list's (the printed document's facts above all)
LISTED = kept_ids(decision_query(leaving=DETAIL_ONLY).order_by(
    award_decisions.c.decision_date.desc(), award_decisions.c.number, award_decisions.c.decision_id))


def list_award_decisions(
    conn: Connection, *, issuer_id: UUID | None = None, year: int | None = None, status: str | None = None,
    limit: int | None = 50, offset: int = 0,
) -> tuple[list[dict], int]:
    """Decisions, latest first, without their reasons, legal bases and printed documents."""
    values = {name: value for name, value in (("issuer_id", issuer_id), ("year", year), ("status", status)) if value is not None}
    page, total = listing(tuple(values), limit is not None)
    values.update(limit=limit, offset=offset)
    return counted_page(conn, page, total, values)


@cache
def listing(filters: tuple[str, ...], limited: bool) -> tuple[Select, Select]:
    """A page of decisions (bound `offset`, and `limit` if `limited`) and their count for these filters (bound by
    name), built once."""
    query = LISTED.where(*(award_decisions.c[name] == bindparam(name) for name in filters))
    page = query.offset(bindparam("offset"))
    return (page.limit(bindparam("limit")) if limited else page), counted(query)


def get_award_decision(conn: Connection, decision_id: UUID) -> dict | None:
    """A decision with its items (money per item) and the totals per unit."""
    found = record(conn.execute(decision_query().where(award_decisions.c.decision_id == decision_id)))
    if found is None:
        return None
    unit_name = (award_decision_items.c.unit_id, units.c.unit_id, "name")
    items = frozen_or_live(award_decision_items, unit_name=unit_name)
    found["items"] = records(conn.execute(
        items.where(award_decision_items.c.decision_id == decision_id).order_by(award_decision_items.c.seq)
    ))
    totals = frozen_or_live(award_decision_unit_totals, unit_name=(award_decision_unit_totals.c.unit_id, units.c.unit_id, "name"))
    found["unit_totals"] = records(conn.execute(
        totals.where(award_decision_unit_totals.c.decision_id == decision_id).order_by("unit_name")
    ))
    return found


def history_query():
    """Award history in a total order (year, date, title, then the keys), the same on every store."""
    history = award_history.c
    return select(award_history, award_decisions.c.number.label("decision_number")).outerjoin(
        award_decisions, award_decisions.c.decision_id == history.decision_id
    ).order_by(history.year, history.decided_on, history.code, history.subject_id, history.decision_id)


def award_history_of(conn: Connection, subject_id: UUID) -> list[dict]:
    """Every award of a person or a unit across years, revoked ones marked."""
    return records(conn.execute(history_query().where(award_history.c.subject_id == subject_id)))


def unit_award_history(conn: Connection, unit_id: UUID) -> list[dict]:
    """A unit's own awards and those of the people in it."""
    staff = select(people.c.person_id).where(people.c.unit_id == unit_id)
    query = person_named(history_query(), award_history.c.subject_id, "person_name").where(
        or_(award_history.c.subject_id == unit_id, award_history.c.subject_id.in_(staff))
    )
    return records(conn.execute(query))


def ratings_of(conn: Connection, subject_id: UUID) -> list[dict]:
    return records(conn.execute(
        select(annual_ratings).where(annual_ratings.c.subject_id == subject_id).order_by(annual_ratings.c.year)
    ))
