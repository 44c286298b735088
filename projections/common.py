"""Helpers shared by the read models: UTC instants for storage and JSON-ready values for JSON columns."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date, datetime, timezone
from decimal import Decimal
from functools import cache
from typing import Any
from uuid import UUID


def utc(at: datetime | None) -> datetime | None:
    """An instant as naive UTC, so SQLite and PostgreSQL store (and compare) the same value."""
    if at is None or at.tzinfo is None:
        return at
    if at.tzinfo is not timezone.utc:
        at = at.astimezone(timezone.utc)
    return datetime.combine(at.date(), at.time())  # naive: `time()` drops the zone, faster than replace(tzinfo=None)


def aware(at: datetime | None) -> datetime | None:
    """A stored instant back as an aware UTC datetime."""
    if at is None:
        return None
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def plain(value: Any) -> Any:
    """A value made of JSON types only (ids and dates as strings), for JSON columns and the event feed."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, datetime):
        return aware(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    return value


NAME_OVERRIDES = {"Cluster.HeadAssigned": "ClusterHeadAssigned", "Cluster.MembershipChanged": "ClusterMembershipChanged"}
AGGREGATE_PREFIXES = {"CouncilSession": "Session", "AwardDecision": "Decision", "RulebookOverlay": "Overlay", "Record": ""}


@cache
def event_type(event_class: type) -> str:
    """The catalogue name of an event (README): `Nomination.Submitted` -> `NominationSubmitted`.

    One-word names get their aggregate's name in front; longer ones (`StageApproved`) stand alone.
    """
    qualname = event_class.__qualname__
    if qualname in NAME_OVERRIDES:
        return NAME_OVERRIDES[qualname]
    aggregate, _, name = qualname.rpartition(".")
    if sum(ch.isupper() for ch in name) > 1:
        return name
    return AGGREGATE_PREFIXES.get(aggregate, aggregate) + name


@cache
def aggregate_type(event_class: type) -> str:
    """The aggregate an event belongs to (`Record` for ratings and awards of people and units)."""
    return event_class.__qualname__.rpartition(".")[0]
