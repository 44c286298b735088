"""Campaigns, their participants and standings (score = weighted attainment of the reported targets, rank)."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy import Connection, bindparam, func, select

from projections.campaigns import campaign_content_items, campaign_targets, campaigns
from projections.organisation import units
from projections.queries.base import count, kept_ids, named, records
from projections.standings import participations, progress_reports, standing_values
from projections.tables import projection_tracking


AS_OF = select(func.coalesce(func.min(projection_tracking.c.notification_id), 0))


def as_of(conn: Connection) -> int:
    """The event position every read model reflects ("as of event #N")."""
    return conn.execute(AS_OF).scalar_one()


STATE = select(projection_tracking.c.projection_name, projection_tracking.c.notification_id).order_by(
    projection_tracking.c.projection_name)


def read_models_state(conn: Connection) -> tuple[tuple[str, int], ...]:
    """Every projection's position: equal states mean equal read models (one may lag behind `as_of`)."""
    return tuple(tuple(row) for row in conn.execute(STATE))


def list_campaigns(conn: Connection, *, limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    issuer = units.alias("issuer")
    query = (
        select(campaigns, issuer.c.name.label("issuer_name"))
        .join(issuer, issuer.c.unit_id == campaigns.c.issuer_id)
        .order_by(campaigns.c.period_start.desc(), campaigns.c.key)
    )
    return records(conn.execute(query.limit(limit).offset(offset))), count(conn, query)


CAMPAIGN_ID = bindparam("campaign_id")
TARGETS = select(campaign_targets).where(campaign_targets.c.campaign_id == CAMPAIGN_ID).order_by(campaign_targets.c.seq)
PARTICIPANTS = named(select(participations), participations.c.participant_id, "name").where(
    participations.c.campaign_id == CAMPAIGN_ID)
ISSUER = units.alias("issuer")
CAMPAIGN = select(campaigns, ISSUER.c.name.label("issuer_name")).join(ISSUER, ISSUER.c.unit_id == campaigns.c.issuer_id).where(
    campaigns.c.campaign_id == CAMPAIGN_ID)
CONTENT_ITEMS = select(campaign_content_items).where(campaign_content_items.c.campaign_id == CAMPAIGN_ID).order_by(
    campaign_content_items.c.seq)
COMPETING = kept_ids(named(select(*(participations.c[k] for k in (
    "participation_id", "participant_id", "participant_kind", "unit_id", "status"))), participations.c.participant_id, "name",
).where(participations.c.campaign_id == CAMPAIGN_ID, participations.c.status != "withdrawn"))
CLUSTER = select(campaigns.c.cluster_id).where(campaigns.c.campaign_id == CAMPAIGN_ID)
LATEST_VALUES = kept_ids(
    select(standing_values.c.participation_id, standing_values.c.code, standing_values.c.value)
    .join(participations, participations.c.participation_id == standing_values.c.participation_id)
    .where(participations.c.campaign_id == CAMPAIGN_ID)
)


EXISTS = select(campaigns.c.campaign_id).where(campaigns.c.campaign_id == CAMPAIGN_ID)


def campaign_exists(conn: Connection, campaign_id: UUID) -> bool:
    return conn.execute(EXISTS, {"campaign_id": campaign_id}).first() is not None


def get_campaign(conn: Connection, campaign_id: UUID) -> dict | None:
    """A campaign with its content areas and targets, in the document's order."""
    row = conn.execute(CAMPAIGN, {"campaign_id": campaign_id}).mappings().first()
    if row is None:
        return None
    items = conn.execute(CONTENT_ITEMS, {"campaign_id": campaign_id}).mappings()
    return {**dict(row), "content_items": [dict(i) for i in items], "targets": campaign_target_rows(conn, campaign_id)}


def campaign_target_rows(conn: Connection, campaign_id: UUID) -> list[dict]:
    return [dict(t) for t in conn.execute(TARGETS, {"campaign_id": campaign_id}).mappings()]


def list_participants(conn: Connection, campaign_id: UUID) -> list[dict]:
    """Who signed up (units or people), with the status of their sign-up, by name."""
    rows = records(conn.execute(PARTICIPANTS, {"campaign_id": campaign_id}))
    return sorted(rows, key=lambda r: (r["name"] or "", str(r["participation_id"])))


def list_reports(conn: Connection, participation_id: UUID) -> list[dict]:
    """A participation's progress reports, by period end, with values, evidence and whether approved."""
    query = select(progress_reports).where(progress_reports.c.participation_id == participation_id)
    return records(conn.execute(query.order_by(progress_reports.c.period_end, progress_reports.c.report_id)))


def target_measure(target: Mapping) -> str:
    """`ledger` when the ledger itself measures it (titles, ratings, awards), else `report`."""
    if target.get("measure"):
        return target["measure"]
    return "ledger" if target.get("title_code") or target.get("rating_code") or target.get("form_codes") else "report"


def attainment(target: Mapping, value: float | None) -> float:
    """How far a reported value goes towards a target, from 0 to 1 (a met target is 1)."""
    if value is None:
        return 0.0
    goal, direction = float(target["value"]), target["direction"]
    if target["metric"] == "boolean" or direction == "equals":
        return 1.0 if value == goal else 0.0
    if direction == "at_most":
        return 1.0 if value <= goal else goal / value
    return min(value / goal, 1.0) if goal > 0 else 1.0


def latest_values(conn: Connection, campaign_id: UUID) -> dict[UUID, dict[str, float]]:
    values: dict[UUID, dict[str, float]] = {}
    for participation_id, code, value in conn.execute(LATEST_VALUES, {"campaign_id": campaign_id}):
        values.setdefault(participation_id, {})[code] = value
    return values


def get_standings(conn: Connection, campaign_id: UUID) -> list[dict]:
    """Each active participant's latest values against the reported targets, a weighted score and a rank.

    Score = 100 × Σ(weight × attainment) / Σ weight over the report-measured targets anyone reported on;
    ranks are shared on equal scores, within the campaign's cluster for cluster campaigns.
    """
    campaign = conn.execute(CLUSTER, {"campaign_id": campaign_id}).first()
    if campaign is None:
        return []
    values = latest_values(conn, campaign_id)
    reported = {code for by_code in values.values() for code in by_code}
    targets = [t for t in campaign_target_rows(conn, campaign_id) if target_measure(t["details"]) == "report" and t["code"] in reported]
    competing = sorted(conn.execute(COMPETING, {"campaign_id": campaign_id}).mappings(),
                       key=lambda r: (r["name"] or "", str(r["participation_id"])))
    return ranked([standing(p, targets, values.get(p["participation_id"], {}), campaign.cluster_id) for p in competing])


def standing(participant: dict, targets: list[dict], values: dict[str, float], cluster_id: UUID | None) -> dict:
    progress = [
        {"code": t["code"], "description": t["description"], "value": values.get(t["code"]), "target": t["value"],
         "attainment": round(attainment(t, values.get(t["code"])), 4), "weight": t["weight"] or 1.0}
        for t in targets
    ]
    weights = sum(p["weight"] for p in progress)
    score = 100 * sum(p["weight"] * p["attainment"] for p in progress) / weights if weights else 0.0
    return {
        "participation_id": participant["participation_id"], "participant_id": participant["participant_id"],
        "name": participant["name"], "kind": participant["participant_kind"], "unit_id": participant["unit_id"],
        "status": participant["status"], "cluster_id": cluster_id, "score": round(score, 2), "progress": progress,
    }


def ranked(standings: list[dict]) -> list[dict]:
    """Competition ranking (1, 2, 2, 4) by score within each cluster, best first."""
    standings.sort(key=lambda s: (-s["score"], s["name"] or ""))
    seen: dict[UUID | None, tuple[int, float | None, int]] = {}  # cluster -> (rows so far, last score, its rank)
    for row in standings:
        so_far, last, rank = seen.get(row["cluster_id"], (0, None, 0))
        row["rank"] = rank if row["score"] == last else so_far + 1  # 1 + how many score strictly better
        seen[row["cluster_id"]] = (so_far + 1, row["score"], row["rank"])
    return standings
