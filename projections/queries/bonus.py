"""Agency bonus funds (Decree 73/2024 Art. 4): per-fund totals and balance, and each person's payments."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import BigInteger, Connection, cast, func, select

from projections.bonus import bonus_funds, bonus_payments
from projections.queries.base import count, record, records, unit_named


def fund_query():
    return unit_named(select(bonus_funds), bonus_funds.c.unit_id, "unit_name")


def list_bonus_funds(
    conn: Connection, *, unit_id: UUID | None = None, year: int | None = None, status: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[list[dict], int]:
    """Funds, latest year first, with their totals and balance."""
    query = fund_query().order_by(bonus_funds.c.year.desc(), "unit_name", bonus_funds.c.fund_id)
    for column, value in ((bonus_funds.c.unit_id, unit_id), (bonus_funds.c.year, year), (bonus_funds.c.status, status)):
        if value is not None:
            query = query.where(column == value)
    return records(conn.execute(query.limit(limit).offset(offset))), count(conn, query)


def get_bonus_fund(conn: Connection, fund_id: UUID) -> dict | None:
    """A fund with every payment line (periodic by rating, ad hoc) and each person's total."""
    found = record(conn.execute(fund_query().where(bonus_funds.c.fund_id == fund_id)))
    if found is None:
        return None
    mine = bonus_payments.c.fund_id == fund_id
    lines = unit_named(select(bonus_payments), bonus_payments.c.unit_id, "unit_name").where(mine)
    order = (bonus_payments.c.kind.desc(), bonus_payments.c.person_name, bonus_payments.c.line)  # periodic first
    found["payments"] = records(conn.execute(lines.order_by(*order)))
    paid = cast(func.sum(bonus_payments.c.amount), BigInteger)  # PostgreSQL sums a BIGINT as NUMERIC
    per_person = (
        select(bonus_payments.c.person_id, bonus_payments.c.person_name, paid.label("amount"))
        .where(mine, bonus_payments.c.status != "lapsed")
        .group_by(bonus_payments.c.person_id, bonus_payments.c.person_name)
        .order_by(bonus_payments.c.person_name, bonus_payments.c.person_id)
    )
    found["people"] = records(conn.execute(per_person))
    return found
