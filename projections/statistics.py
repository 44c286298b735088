"""Yearly statistics read model, for the annual summary report (báo cáo tổng kết): every item of a signed
award decision with the attributes it is counted by (year, conferring level, issuer, unit, title or form,
individual or collective), the people's gender, ethnicity and direct-worker flag, and the money paid from
the agency bonus funds (Decree 73/2024), the second source of money beside the emulation fund.

Only items of decisions in force count: a draft, a discarded draft and a decision amended or revoked by a
later one are kept with their status and left out by the queries (the later decision's items count).
People's details come from PersonalDetailsRecorded where the ledger has it; without it, ethnicity and
direct work are unknown («không rõ»), never guessed.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, String, Table, Text, Uuid, update

from domain.bonus_fund import BonusFund
from domain.decision import AwardDecision
from domain.organisation import Person
from projections.base import Projection, Writes, handles
from projections.tables import metadata

award_statistics = Table(
    "award_statistics",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("year", BigInteger, nullable=False, index=True),  # the year the title or form is for
    Column("decision_date", Date, nullable=False),
    Column("issuer_id", Uuid, nullable=False),
    Column("level", String(20), nullable=False),  # the conferring authority: unit_head | province | prime_minister
    Column("unit_id", Uuid, nullable=False),
    Column("nominee_id", Uuid, nullable=False),
    Column("nominee_kind", String(12), nullable=False),
    Column("title_code", String(20), nullable=False),
    Column("title_name", Text, nullable=False),
    Column("award_type", String(20), nullable=False),
    Column("paid_amount", BigInteger, nullable=False),
    Column("status", String(20), nullable=False),  # drafted | discarded | signed | amended | revoked
)

statistics_people = Table(
    "statistics_people",
    metadata,
    Column("person_id", Uuid, primary_key=True),
    Column("gender", String(10)),  # female | male | NULL (not recorded)
    Column("ethnicity", Text),
    Column("direct_worker", Boolean),
)

statistics_bonus_funds = Table(
    "statistics_bonus_funds",
    metadata,
    Column("fund_id", Uuid, primary_key=True),
    Column("unit_id", Uuid, nullable=False),
    Column("year", BigInteger, nullable=False),
    Column("periodic_paid", BigInteger, nullable=False),
    Column("ad_hoc_paid", BigInteger, nullable=False),
)

GENDERS = {"f": "female", "female": "female", "nữ": "female", "m": "male", "male": "male", "nam": "male"}


class StatisticsProjection(Projection):
    name = "statistics"
    tables = (award_statistics, statistics_people, statistics_bonus_funds)

    @handles(AwardDecision.Drafted)
    def drafted(self, conn: Writes, e: AwardDecision.Drafted, position: int) -> None:
        for seq, item in enumerate(e.items, start=1):
            conn.insert(
                award_statistics, decision_id=e.originator_id, seq=seq, year=item["year"], decision_date=e.decision_date,
                issuer_id=e.issuer_id, level=e.authority_level, unit_id=item["unit_id"], nominee_id=item["nominee_id"],
                nominee_kind=item["nominee_kind"], title_code=item["title_code"], title_name=item["title_name"],
                award_type=item["award_type"], paid_amount=item["paid_amount"], status="drafted",
            )

    @handles(AwardDecision.Signed)
    def signed(self, conn: Writes, e: AwardDecision.Signed, position: int) -> None:
        self._status(conn, e, "signed")

    @handles(AwardDecision.Discarded)
    def discarded(self, conn: Writes, e: AwardDecision.Discarded, position: int) -> None:
        self._status(conn, e, "discarded")

    @handles(AwardDecision.Amended)
    def amended(self, conn: Writes, e: AwardDecision.Amended, position: int) -> None:
        self._status(conn, e, "amended")

    @handles(AwardDecision.Revoked)
    def revoked(self, conn: Writes, e: AwardDecision.Revoked, position: int) -> None:
        self._status(conn, e, "revoked")

    @staticmethod
    def _status(conn: Writes, e: object, status: str) -> None:
        conn.execute(update(award_statistics).where(award_statistics.c.decision_id == e.originator_id).values(status=status))

    @handles(Person.Registered)
    def person_registered(self, conn: Writes, e: Person.Registered, position: int) -> None:
        gender = GENDERS.get((e.gender or "").strip().lower())
        conn.insert(statistics_people, person_id=e.originator_id, gender=gender, ethnicity=None, direct_worker=None)

    @handles(Person.PersonalDetailsRecorded)
    def details_recorded(self, conn: Writes, e: Person.PersonalDetailsRecorded, position: int) -> None:
        """A later record replaces the earlier one (the importer's, or the registration's)."""
        conn.update(statistics_people, e.originator_id, ethnicity=e.ethnicity, direct_worker=e.direct_worker)

    @handles(BonusFund.Opened)
    def fund_opened(self, conn: Writes, e: BonusFund.Opened, position: int) -> None:
        conn.insert(statistics_bonus_funds, fund_id=e.originator_id, unit_id=e.unit_id, year=e.year, periodic_paid=0, ad_hoc_paid=0)

    @handles(BonusFund.PeriodicBonusPaid)
    def periodic_paid(self, conn: Writes, e: BonusFund.PeriodicBonusPaid, position: int) -> None:
        conn.update(statistics_bonus_funds, e.originator_id, periodic_paid=e.total)

    @handles(BonusFund.AdHocBonusPaid)
    def ad_hoc_paid(self, conn: Writes, e: BonusFund.AdHocBonusPaid, position: int) -> None:
        fund = conn.get(statistics_bonus_funds, e.originator_id)
        conn.update(statistics_bonus_funds, e.originator_id, ad_hoc_paid=fund["ad_hoc_paid"] + e.payment["amount"])
