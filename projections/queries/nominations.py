"""Nominations: filtered lists, one dossier with its objections, pipeline counts, public postings."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Select, bindparam, func, select

from domain.rules.read_access import Kind, Reader
from domain.values import PIPELINE, Stage
from projections.campaigns import campaigns
from projections.pipeline import nomination_objections, nominations
from projections.queries.base import counted_page, kept_ids, named, record, records, unit_named
from projections.queries.reach import READABLE, readable_dossiers

STAGE_ORDER = [s.value for s in PIPELINE] + [Stage.NOT_AWARDED.value, Stage.REJECTED.value, Stage.WITHDRAWN.value]


def nomination_query(*columns: Any) -> Select:
    """Nominations (all their columns, or `columns`) with the nominee's and the unit's names."""
    query = named(select(*(columns or (nominations,))), nominations.c.nominee_id, "nominee_name")
    return unit_named(query, nominations.c.unit_id, "unit_name")


DETAIL_ONLY = ("attempt", "achievements", "initiative_id", "evidence", "position")  # one dossier's, not a list's
SUMMARY = nomination_query(*(c for c in nominations.c if c.name not in DETAIL_ONLY))
LISTED = kept_ids(SUMMARY.order_by("unit_name", "nominee_name", nominations.c.nomination_id))
FILTERS = ("campaign_id", "stage", "title_code", "unit_id")


def list_nominations(
    conn: Connection, *, campaign_id: UUID | None = None, stage: str | None = None, title_code: str | None = None,
    unit_id: UUID | None = None, limit: int | None = 50, offset: int = 0, visible_to: Reader | None = None,
) -> tuple[list[dict], int]:
    """Nominations by unit, then nominee name, without their dossiers' texts and files; every filter is optional.

    `visible_to`: only the dossiers that reader may read (`domain.rules.read_access`), decided in SQL against
    the read models of `conn`."""
    values = {name: value for name, value in zip(FILTERS, (campaign_id, stage, title_code, unit_id)) if value is not None}
    readable = None if visible_to is None else readable_dossiers(conn, visible_to, Kind.DOSSIERS)
    rule, bound = readable or (None, {})
    page, total = listing(tuple(values), rule, limit is not None)
    values.update(bound, limit=limit, offset=offset)
    return counted_page(conn, page, total, values)


@cache
def listing(filters: tuple[str, ...], rule: str | None, limited: bool) -> tuple[Select, Select]:
    """A page of nominations and their count for these filters and read rule (`READABLE`), built once with the
    values bound by name (filters, `limit`, `offset`, the rule's)."""
    conditions = [nominations.c[name] == bindparam(name) for name in filters]
    if rule is not None:
        conditions.append(READABLE[rule])
    page = LISTED.where(*conditions).offset(bindparam("offset"))
    if limited:
        page = page.limit(bindparam("limit"))
    return page, select(func.count()).select_from(nominations).where(*conditions)


def get_nomination(conn: Connection, nomination_id: UUID) -> dict | None:
    """One dossier with its campaign's theme and every objection (the objector is never shown)."""
    query = nomination_query().add_columns(campaigns.c.theme.label("campaign_theme")).outerjoin(
        campaigns, campaigns.c.campaign_id == nominations.c.campaign_id
    )
    found = record(conn.execute(query.where(nominations.c.nomination_id == nomination_id)))
    if found is not None:
        found["objections"] = records(conn.execute(
            select(nomination_objections).where(nomination_objections.c.nomination_id == nomination_id)
            .order_by(nomination_objections.c.raised_at, nomination_objections.c.objection_id)
        ))
    return found


def pipeline_counts(conn: Connection, campaign_id: UUID) -> list[dict]:
    """How many dossiers stand at each stage, by title and unit, in pipeline order."""
    query = unit_named(
        select(nominations.c.stage, nominations.c.title_code, nominations.c.unit_id, func.count().label("count"))
        .where(nominations.c.campaign_id == campaign_id),
        nominations.c.unit_id, "unit_name",
    ).group_by(nominations.c.stage, nominations.c.title_code, nominations.c.unit_id, "unit_name")
    rows = records(conn.execute(query))
    return sorted(rows, key=lambda r: (STAGE_ORDER.index(r["stage"]), r["title_code"], r["unit_name"] or ""))


def list_public_postings(conn: Connection, *, on: date | None = None) -> list[dict]:
    """Dossiers posted publicly (công khai), with the last day for objections and how many are open.

    With `on`, only postings still open on that date.
    """
    query = nomination_query().where(
        nominations.c.posted_until.is_not(None), nominations.c.stage.in_(("posted", "voted"))
    ).order_by(nominations.c.posted_until, "unit_name", "nominee_name", nominations.c.nomination_id)
    if on is not None:
        query = query.where(nominations.c.posted_until >= on)
    return records(conn.execute(query))
