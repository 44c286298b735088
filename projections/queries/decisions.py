"""Award decisions with their lists, money and totals; award history per person and per unit."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Connection, or_, select

from projections.decisions import award_decision_items, award_decision_unit_totals, award_decisions
from projections.history import annual_ratings, award_history
from projections.organisation import people
from projections.queries.base import count, person_named, record, records, unit_named


def decision_query():
    return person_named(unit_named(select(award_decisions), award_decisions.c.issuer_id, "issuer_name"),
                        award_decisions.c.signer_id, "signer_name")


def list_award_decisions(
    conn: Connection, *, issuer_id: UUID | None = None, year: int | None = None, status: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[list[dict], int]:
    """Decisions, latest first."""
    query = decision_query().order_by(award_decisions.c.decision_date.desc(), award_decisions.c.number)
    for column, value in ((award_decisions.c.issuer_id, issuer_id), (award_decisions.c.year, year),
                          (award_decisions.c.status, status)):
        if value is not None:
            query = query.where(column == value)
    return records(conn.execute(query.limit(limit).offset(offset))), count(conn, query)


def get_award_decision(conn: Connection, decision_id: UUID) -> dict | None:
    """A decision with its items (money per item) and the totals per unit."""
    found = record(conn.execute(decision_query().where(award_decisions.c.decision_id == decision_id)))
    if found is None:
        return None
    items = unit_named(select(award_decision_items), award_decision_items.c.unit_id, "unit_name")
    found["items"] = records(conn.execute(
        items.where(award_decision_items.c.decision_id == decision_id).order_by(award_decision_items.c.seq)
    ))
    totals = unit_named(select(award_decision_unit_totals), award_decision_unit_totals.c.unit_id, "unit_name")
    found["unit_totals"] = records(conn.execute(
        totals.where(award_decision_unit_totals.c.decision_id == decision_id).order_by("unit_name")
    ))
    return found


def history_query():
    return select(award_history, award_decisions.c.number.label("decision_number")).outerjoin(
        award_decisions, award_decisions.c.decision_id == award_history.c.decision_id
    ).order_by(award_history.c.year, award_history.c.decided_on, award_history.c.code)


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
