"""Award decisions read model: each decision with its awardees, titles, money per item and totals
(per decision and per unit), and its status (drafted, discarded, signed, amended, revoked).

A signed decision keeps the names recorded with its signature (issuer, signer, awardees, units) and the
facts its documents are printed from: later renames change nothing in it."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, DateTime, String, Table, Text, Uuid

from domain.decision import AwardDecision
from domain.rules.money import totals_by
from projections.base import Projection, Writes, handles
from projections.common import plain, utc
from projections.tables import metadata

award_decisions = Table(
    "award_decisions",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("issuer_id", Uuid, nullable=False, index=True),
    Column("year", BigInteger, nullable=False),
    Column("number", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("target_decision_id", Uuid),
    Column("subject", Text, nullable=False),
    Column("decision_date", Date, nullable=False),
    Column("signer_id", Uuid, nullable=False),
    Column("signer_title", Text, nullable=False),
    Column("authority_level", String(20), nullable=False),
    Column("legal_bases", JSON, nullable=False),
    Column("ruleset_version", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(20), nullable=False),  # drafted | discarded | signed | amended | revoked
    Column("signed_on", Date),
    Column("issuer_name", Text),  # as recorded with the signature; NULL: a draft, named as of today
    Column("signer_name", Text),
    Column("pdf_sha256", String(64)),
    Column("discard_reason", Text),
    Column("superseded_by", Uuid),
    Column("item_count", BigInteger, nullable=False),
    Column("total_amount", BigInteger, nullable=False),
    Column("drafted_by", Uuid, nullable=False),
    Column("drafted_at", DateTime, nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("document", JSON),  # the facts the signed documents are printed from; last: SQLite reads a row's columns
    # in order, and ~60 KB of document before the listed ones cost ~15 overflow pages per decision in a list
)

award_decision_items = Table(
    "award_decision_items",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("nomination_id", Uuid, nullable=False),
    Column("nominee_id", Uuid, nullable=False),
    Column("nominee_kind", String(12), nullable=False),
    Column("nominee_name", Text, nullable=False),
    Column("unit_id", Uuid, nullable=False),
    Column("title_code", String(20), nullable=False),
    Column("title_name", Text, nullable=False),
    Column("year", BigInteger, nullable=False),
    Column("award_type", String(20), nullable=False),
    Column("coefficient", String(20), nullable=False),
    Column("base_salary", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("paid", Boolean, nullable=False),
    Column("paid_amount", BigInteger, nullable=False),
    Column("article", Text, nullable=False),
    Column("unit_name", Text),  # as recorded with the signature
)

award_decision_unit_totals = Table(
    "award_decision_unit_totals",
    metadata,
    Column("decision_id", Uuid, primary_key=True),
    Column("unit_id", Uuid, primary_key=True),
    Column("item_count", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("unit_name", Text),  # as recorded with the signature
)

ITEM_FIELDS = (
    "nomination_id", "nominee_id", "nominee_kind", "nominee_name", "unit_id", "title_code", "title_name", "year",
    "award_type", "coefficient", "base_salary", "amount", "paid", "paid_amount", "article",
)


class AwardDecisionsProjection(Projection):
    name = "decisions"
    tables = (award_decisions, award_decision_items, award_decision_unit_totals)

    @handles(AwardDecision.Drafted)
    def drafted(self, conn: Writes, e: AwardDecision.Drafted, position: int) -> None:
        conn.insert(
            award_decisions, decision_id=e.originator_id, issuer_id=e.issuer_id, year=e.year, number=e.number, kind=e.kind,
            target_decision_id=e.target_decision_id, subject=e.subject, decision_date=e.decision_date,
            signer_id=e.signer_id, signer_title=e.signer_title, authority_level=e.authority_level,
            legal_bases=plain(e.legal_bases), ruleset_version=e.ruleset_version, reason=e.reason, status="drafted",
            item_count=e.totals["count"], total_amount=e.totals["amount"], drafted_by=e.by, drafted_at=utc(e.at),
            position=position,
        )
        for seq, item in enumerate(e.items, start=1):
            conn.insert(award_decision_items, decision_id=e.originator_id, seq=seq, **{k: item[k] for k in ITEM_FIELDS})
        for totals in unit_totals(e.originator_id, e.items):
            conn.insert(award_decision_unit_totals, **totals)

    @handles(AwardDecision.Signed)
    def signed(self, conn: Writes, e: AwardDecision.Signed, position: int) -> None:
        """The names as signed, where the signature recorded them (decisions signed before it did keep none)."""
        facts = e.document
        frozen = {"issuer_name": facts["issuer"]["name"], "signer_name": facts["signer"]["full_name"]} if facts else {}
        self._set(conn, e, position, status="signed", signed_on=e.signed_on, document=facts or None,
                  pdf_sha256=e.pdf_sha256 or None, **frozen)
        for item in facts.get("items", []):
            conn.update(award_decision_items, {"decision_id": e.originator_id, "seq": item["seq"]},
                        nominee_name=item["nominee_name"], unit_name=item["unit_name"])
        for unit_id, name in {i["unit_id"]: i["unit_name"] for i in facts.get("items", [])}.items():
            conn.update(award_decision_unit_totals, {"decision_id": e.originator_id, "unit_id": UUID(unit_id)}, unit_name=name)

    @handles(AwardDecision.Discarded)
    def discarded(self, conn: Writes, e: AwardDecision.Discarded, position: int) -> None:
        self._set(conn, e, position, status="discarded", discard_reason=e.reason)

    @handles(AwardDecision.Amended)
    def amended(self, conn: Writes, e: AwardDecision.Amended, position: int) -> None:
        self._set(conn, e, position, status="amended", superseded_by=e.by_decision_id)

    @handles(AwardDecision.Revoked)
    def revoked(self, conn: Writes, e: AwardDecision.Revoked, position: int) -> None:
        self._set(conn, e, position, status="revoked", superseded_by=e.by_decision_id)

    @staticmethod
    def _set(conn: Writes, e: object, position: int, **values: object) -> None:
        conn.update(award_decisions, e.originator_id, position=position, **values)


def unit_totals(decision_id: object, items: list[dict]) -> list[dict]:
    """Count and paid amount per unit."""
    counts = totals_by((i["unit_id"], 1) for i in items)
    amounts = totals_by((i["unit_id"], i["paid_amount"]) for i in items)
    return [{"decision_id": decision_id, "unit_id": u, "item_count": n, "amount": amounts[u]} for u, n in counts.items()]
