"""Yearly statistics for the annual summary report: awards by year, conferring level, title or form, unit
and kind; the shares of women, ethnic minorities and direct workers among the individuals awarded; money
by source; and each campaign of the year against its targets. Counts only items of decisions in force."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from uuid import UUID

from sqlalchemy import Connection, and_, func, select

from projections.campaigns import campaigns
from projections.organisation import units
from projections.queries.base import records
from projections.queries.targets import get_target_attainment
from projections.statistics import award_statistics, statistics_bonus_funds, statistics_people

IN_FORCE = "signed"
LEVEL_NAMES = {"unit_head": "Thủ trưởng đơn vị", "province": "Chủ tịch UBND tỉnh", "prime_minister": "Thủ tướng Chính phủ"}
KIND_NAMES = {"individual": "Cá nhân", "collective": "Tập thể"}
UNKNOWN = "Không rõ"
EMULATION_FUND = "Quỹ thi đua, khen thưởng"
BONUS_FUND = "Quỹ tiền thưởng (Nghị định 73/2024/NĐ-CP)"
BREAKDOWNS = {  # the keys of get_yearly_statistics that count awards, and their headings
    "by_level": "Theo cấp khen thưởng", "by_title": "Theo danh hiệu, hình thức", "by_unit": "Theo đơn vị",
    "by_kind": "Tập thể và cá nhân",
}
SHARES = {"gender": "Giới tính", "ethnicity": "Dân tộc", "direct_worker": "Người lao động trực tiếp"}  # of individuals


def award_rows(conn: Connection, year: int | None = None, issuer_id: UUID | None = None) -> list[dict]:
    """Items of decisions in force, with the unit's name and the person's gender, ethnicity and direct work."""
    s, p = award_statistics.c, statistics_people.c
    query = (
        select(award_statistics, units.c.name.label("unit_name"), p.gender, p.ethnicity, p.direct_worker)
        .outerjoin(units, units.c.unit_id == s.unit_id)
        .outerjoin(statistics_people, p.person_id == s.nominee_id)
        .where(s.status == IN_FORCE)
        .order_by(s.year, s.decision_date, s.decision_id, s.seq)
    )
    if year is not None:
        query = query.where(s.year == year)
    if issuer_id is not None:
        query = query.where(s.issuer_id == issuer_id)
    return records(conn.execute(query))


def list_statistics_years(conn: Connection, issuer_id: UUID | None = None) -> list[dict]:
    """Every year with awards in force: how many and the money paid from the emulation fund."""
    s = award_statistics.c
    query = select(s.year, func.count().label("count"), func.sum(s.paid_amount).label("amount")).where(s.status == IN_FORCE)
    if issuer_id is not None:
        query = query.where(s.issuer_id == issuer_id)
    return [{"year": r["year"], "count": r["count"], "amount": int(r["amount"] or 0)}
            for r in records(conn.execute(query.group_by(s.year).order_by(s.year)))]


def get_yearly_statistics(conn: Connection, year: int, issuer_id: UUID | None = None) -> dict:
    rows = award_rows(conn, year, issuer_id)
    people = [r for r in rows if r["nominee_kind"] == "individual"]
    return {
        "year": year, "issuer_id": issuer_id, "total": len(rows), "amount": sum(r["paid_amount"] for r in rows),
        "by_kind": tally(rows, lambda r: KIND_NAMES.get(r["nominee_kind"], r["nominee_kind"])),
        "by_level": tally(rows, lambda r: LEVEL_NAMES.get(r["level"], r["level"])),
        "by_title": tally(rows, lambda r: r["title_name"]),
        "by_unit": tally(rows, lambda r: r["unit_name"] or UNKNOWN),
        "gender": shares(people, lambda r: {"female": "Nữ", "male": "Nam"}.get(r["gender"], UNKNOWN)),
        "ethnicity": shares(people, ethnic_group),
        "direct_worker": shares(people, lambda r: UNKNOWN if r["direct_worker"] is None
                                else "Người lao động trực tiếp" if r["direct_worker"] else "Không trực tiếp"),
        "money": money_by_source(conn, year, issuer_id, rows),
        "targets": campaign_targets(conn, year, issuer_id),
        "years": list_statistics_years(conn, issuer_id),
    }


def ethnic_group(row: dict) -> str:
    if not row["ethnicity"]:
        return UNKNOWN
    return "Dân tộc Kinh" if row["ethnicity"] == "Kinh" else "Dân tộc thiểu số"


def tally(rows: Iterable[dict], key: Callable[[dict], str]) -> list[dict]:
    """Count and money per label, the largest count first (ties by label)."""
    counts: Counter[str] = Counter()
    amounts: Counter[str] = Counter()
    for row in rows:
        counts[key(row)] += 1
        amounts[key(row)] += row["paid_amount"]
    return [{"label": label, "count": n, "amount": amounts[label]}
            for label, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def shares(rows: list[dict], key: Callable[[dict], str]) -> list[dict]:
    """Count and percentage of the rows per label (percent of all rows, unknown included)."""
    return [{**line, "share": round(100 * line["count"] / len(rows), 2)} for line in tally(rows, key)]


def money_by_source(conn: Connection, year: int, issuer_id: UUID | None, rows: list[dict]) -> list[dict]:
    """The emulation fund pays the awards; the agency bonus funds of that year pay periodic and ad-hoc bonuses."""
    f = statistics_bonus_funds.c
    query = select(func.coalesce(func.sum(f.periodic_paid + f.ad_hoc_paid), 0)).where(f.year == year)
    if issuer_id is not None:
        query = query.where(f.unit_id == issuer_id)
    bonus = int(conn.execute(query).scalar_one())
    return [{"label": EMULATION_FUND, "amount": sum(r["paid_amount"] for r in rows)}, {"label": BONUS_FUND, "amount": bonus}]


def campaign_targets(conn: Connection, year: int, issuer_id: UUID | None) -> list[dict]:
    """The campaigns whose period ends in the year, each with its targets as measured."""
    c = campaigns.c
    query = select(c.campaign_id, c.theme, c.issuer_id).where(
        and_(func.extract("year", c.period_end) == year, c.status != "draft")
    ).order_by(c.period_end, c.theme, c.campaign_id)
    if issuer_id is not None:
        query = query.where(c.issuer_id == issuer_id)
    return [{**r, "targets": get_target_attainment(conn, r["campaign_id"])} for r in records(conn.execute(query))]


def list_statistics_issuers(conn: Connection) -> list[dict]:
    """The issuers of decisions in force, by name: whose yearly statistics there are."""
    s = award_statistics.c
    query = (select(s.issuer_id, units.c.name).join(units, units.c.unit_id == s.issuer_id).where(s.status == IN_FORCE)
             .group_by(s.issuer_id, units.c.name).order_by(units.c.name, s.issuer_id))
    return records(conn.execute(query))
