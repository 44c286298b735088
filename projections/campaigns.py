"""Campaigns read model: each campaign with its theme, issuer, period, content areas and targets."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Column, Date, Float, String, Table, Text, Uuid

from domain.campaign import Campaign
from projections.base import Projection, Writes, handles
from projections.tables import metadata

campaigns = Table(
    "campaigns",
    metadata,
    Column("campaign_id", Uuid, primary_key=True),
    Column("key", String(100), nullable=False, unique=True),
    Column("issuer_id", Uuid, nullable=False),
    Column("scope", String(20), nullable=False),
    Column("cluster_id", Uuid),
    Column("form", String(20), nullable=False),
    Column("theme", Text, nullable=False),
    Column("mottos", JSON, nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("summary_arrangement", Text, nullable=False),
    Column("legal_bases", JSON, nullable=False),
    Column("preamble", JSON, nullable=False),
    Column("document", JSON, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("launched_on", Date),
    Column("closed_on", Date),
    Column("summary", Text),
    Column("invited_count", BigInteger, nullable=False),
    Column("covenant_count", BigInteger, nullable=False),
    Column("position", BigInteger, nullable=False),
)

campaign_content_items = Table(
    "campaign_content_items",
    metadata,
    Column("campaign_id", Uuid, primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("number", String(20)),
    Column("section", String(20)),
    Column("kind", String(20), nullable=False),
    Column("heading", Text),
    Column("text", Text, nullable=False),
    Column("details", JSON, nullable=False),
)

campaign_targets = Table(
    "campaign_targets",
    metadata,
    Column("campaign_id", Uuid, primary_key=True),
    Column("code", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("description", Text, nullable=False),
    Column("metric", String(20), nullable=False),
    Column("unit", String(20)),
    Column("value", Float, nullable=False),
    Column("direction", String(20), nullable=False),
    Column("applies_to", String(40)),
    Column("title_code", String(20)),
    Column("weight", Float),
    Column("details", JSON, nullable=False),
)


class CampaignsProjection(Projection):
    name = "campaigns"
    tables = (campaigns, campaign_content_items, campaign_targets)

    @handles(Campaign.Drafted)
    def drafted(self, conn: Writes, e: Campaign.Drafted, position: int) -> None:
        conn.insert(
            campaigns, campaign_id=e.originator_id, key=e.key, issuer_id=e.issuer_id, scope=e.scope, cluster_id=e.cluster_id,
            form=e.form, theme=e.theme, mottos=e.mottos, period_start=e.period_start, period_end=e.period_end,
            summary_arrangement=e.summary_arrangement, legal_bases=e.legal_bases, preamble=e.preamble,
            document=e.document, notes=e.notes, status="draft", invited_count=0, covenant_count=0, position=position,
        )

    @handles(Campaign.ContentItemAdded)
    def content_item_added(self, conn: Writes, e: Campaign.ContentItemAdded, position: int) -> None:
        item = e.item
        conn.insert(
            campaign_content_items, campaign_id=e.originator_id, seq=e.originator_version, number=item.get("number"),
            section=item.get("section"), kind=item.get("kind", "content"), heading=item.get("heading"),
            text=item.get("text", ""), details=item,
        )
        self._touch(conn, e, position)

    @handles(Campaign.TargetSet)
    def target_set(self, conn: Writes, e: Campaign.TargetSet, position: int) -> None:
        t = e.target
        conn.insert(
            campaign_targets, campaign_id=e.originator_id, code=t["code"], seq=e.originator_version, description=t["description"],
            metric=t["metric"], unit=t.get("unit"), value=float(t["value"]), direction=t["direction"],
            applies_to=t.get("applies_to"), title_code=t.get("title_code"), weight=t.get("weight"), details=t,
        )
        self._touch(conn, e, position)

    @handles(Campaign.TargetAmended)
    def target_amended(self, conn: Writes, e: Campaign.TargetAmended, position: int) -> None:
        conn.update(campaign_targets, {"campaign_id": e.originator_id, "code": e.code}, value=e.value)
        self._touch(conn, e, position)

    @handles(Campaign.ParticipantInvited)
    def invited(self, conn: Writes, e: Campaign.ParticipantInvited, position: int) -> None:
        self._touch(conn, e, position, invited_count=conn.get(campaigns, e.originator_id)["invited_count"] + 1)

    @handles(Campaign.CovenantSigned)
    def covenant_signed(self, conn: Writes, e: Campaign.CovenantSigned, position: int) -> None:
        self._touch(conn, e, position, covenant_count=conn.get(campaigns, e.originator_id)["covenant_count"] + 1)

    @handles(Campaign.Launched)
    def launched(self, conn: Writes, e: Campaign.Launched, position: int) -> None:
        self._touch(conn, e, position, status="launched", launched_on=e.launched_on)

    @handles(Campaign.Closed)
    def closed(self, conn: Writes, e: Campaign.Closed, position: int) -> None:
        self._touch(conn, e, position, status="closed", closed_on=e.closed_on, summary=e.summary)

    @staticmethod
    def _touch(conn: Writes, e: object, position: int, **values: object) -> None:
        conn.update(campaigns, e.originator_id, position=position, **values)
