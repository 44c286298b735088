"""Agency bonus funds read model (Decree 73/2024 Art. 4): each fund with its totals and balance, and every
payment to a person (the periodic bonus by rating, ad-hoc bonuses), kept apart from award decisions."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Date, DateTime, String, Table, Text, Uuid, delete, update

from domain.bonus_fund import BonusFund
from projections.base import Projection, Writes, handles
from projections.common import plain, utc
from projections.tables import metadata

bonus_funds = Table(
    "bonus_funds",
    metadata,
    Column("fund_id", Uuid, primary_key=True),
    Column("unit_id", Uuid, nullable=False, index=True),
    Column("year", BigInteger, nullable=False),
    Column("covered_unit_ids", JSON, nullable=False),
    Column("salary_fund", BigInteger, nullable=False),
    Column("fund_share", String(20), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("rules_reference", Text, nullable=False),
    Column("levels", JSON, nullable=False),
    Column("levels_basis", Text, nullable=False),
    Column("pay_from", Date, nullable=False),
    Column("pay_until", Date, nullable=False),
    Column("ruleset_version", String(40), nullable=False),
    Column("article", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),  # open | allocated | paid | lapsed
    Column("periodic_pool", BigInteger, nullable=False),
    Column("periodic_total", BigInteger, nullable=False),
    Column("ad_hoc_total", BigInteger, nullable=False),
    Column("paid_total", BigInteger, nullable=False),
    Column("balance", BigInteger, nullable=False),  # neither paid nor reserved by the periodic allocation
    Column("lapsed_on", Date),
    Column("lapsed_amount", BigInteger),
    Column("opened_by", Uuid, nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("position", BigInteger, nullable=False),
)

bonus_payments = Table(
    "bonus_payments",
    metadata,
    Column("fund_id", Uuid, primary_key=True),
    Column("line", String(60), primary_key=True),  # periodic/<person id> | ad-hoc/<event version>
    Column("kind", String(20), nullable=False),  # periodic | ad_hoc
    Column("person_id", Uuid, nullable=False, index=True),
    Column("person_name", Text, nullable=False),
    Column("unit_id", Uuid, nullable=False),
    Column("rating", String(10)),
    Column("level", String(20)),
    Column("amount", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),  # allocated | paid | lapsed
    Column("paid_on", Date),
    Column("ruleset_version", String(40), nullable=False),
    Column("position", BigInteger, nullable=False),
)

PERIODIC = "periodic"


class BonusFundsProjection(Projection):
    name = "bonus"
    tables = (bonus_funds, bonus_payments)

    @handles(BonusFund.Opened)
    def opened(self, conn: Writes, e: BonusFund.Opened, position: int) -> None:
        conn.insert(
            bonus_funds, fund_id=e.originator_id, unit_id=e.unit_id, year=e.year,
            covered_unit_ids=plain(e.covered_unit_ids), salary_fund=e.salary_fund, fund_share=e.fund_share, amount=e.amount, rules_reference=e.rules_reference,
            levels=plain(e.levels), levels_basis=e.levels_basis, pay_from=e.pay_from, pay_until=e.pay_until,
            ruleset_version=e.ruleset_version, article=e.article, reason=e.reason, status="open", periodic_pool=0,
            periodic_total=0, ad_hoc_total=0, paid_total=0, balance=e.amount, opened_by=e.by, opened_at=utc(e.at),
            position=position,
        )

    @handles(BonusFund.PeriodicBonusAllocated)
    def allocated(self, conn: Writes, e: BonusFund.PeriodicBonusAllocated, position: int) -> None:
        """A new allocation replaces the unpaid one before it."""
        periodic = (bonus_payments.c.fund_id == e.originator_id) & (bonus_payments.c.kind == PERIODIC)
        conn.execute(delete(bonus_payments).where(periodic))
        for p in e.payments:
            conn.insert(
                bonus_payments, fund_id=e.originator_id, line=f"{PERIODIC}/{p['person_id']}", kind=PERIODIC,
                person_id=p["person_id"], person_name=p["person_name"], unit_id=p["unit_id"], rating=p["rating"],
                level=p["level"], amount=p["amount"], reason=p["reason"], status="allocated",
                ruleset_version=e.ruleset_version, position=position,
            )
        fund = conn.get(bonus_funds, e.originator_id)
        conn.update(
            bonus_funds, e.originator_id, status="allocated", periodic_pool=e.pool, periodic_total=e.total,
            balance=fund["amount"] - fund["ad_hoc_total"] - e.total, position=position,
        )

    @handles(BonusFund.PeriodicBonusPaid)
    def periodic_paid(self, conn: Writes, e: BonusFund.PeriodicBonusPaid, position: int) -> None:
        periodic = (bonus_payments.c.fund_id == e.originator_id) & (bonus_payments.c.kind == PERIODIC)
        conn.execute(update(bonus_payments).where(periodic).values(status="paid", paid_on=e.paid_on))
        fund = conn.get(bonus_funds, e.originator_id)
        conn.update(
            bonus_funds, e.originator_id, status="paid", paid_total=fund["paid_total"] + e.total, position=position,
        )

    @handles(BonusFund.AdHocBonusPaid)
    def ad_hoc_paid(self, conn: Writes, e: BonusFund.AdHocBonusPaid, position: int) -> None:
        p = e.payment
        conn.insert(
            bonus_payments, fund_id=e.originator_id, line=f"ad-hoc/{e.originator_version}", kind="ad_hoc",
            person_id=p["person_id"], person_name=p["person_name"], unit_id=p["unit_id"], rating=None, level=None,
            amount=p["amount"], reason=e.reason, status="paid", paid_on=e.paid_on, ruleset_version=e.ruleset_version,
            position=position,
        )
        fund = conn.get(bonus_funds, e.originator_id)
        conn.update(
            bonus_funds, e.originator_id, ad_hoc_total=fund["ad_hoc_total"] + p["amount"],
            paid_total=fund["paid_total"] + p["amount"], balance=fund["balance"] - p["amount"], position=position,
        )

    @handles(BonusFund.Lapsed)
    def lapsed(self, conn: Writes, e: BonusFund.Lapsed, position: int) -> None:
        """An allocation still unpaid on the lapse date is never paid."""
        unpaid = (bonus_payments.c.fund_id == e.originator_id) & (bonus_payments.c.status == "allocated")
        conn.execute(update(bonus_payments).where(unpaid).values(status="lapsed"))
        conn.update(
            bonus_funds, e.originator_id, status="lapsed", lapsed_on=e.lapsed_on, lapsed_amount=e.remaining,
            position=position,
        )
