"""The event feed's representation of an event and its visibility per reader: one rule for the API's feed
(`/api/v1/events`) and the webhooks' payloads. Ballots come to nobody; personal data only to a reader the
read policy (domain.rules.read_access) lets see it, the reach of each event's item read from `conn`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection

from domain.rules.read_access import NOBODY, Kind, Reader, event_kind, may_read
from projections.audit import recorded_events
from projections.common import aggregate_type, event_type, plain
from projections.queries.reach import reach_of

ENVELOPE = ("originator_id", "originator_version", "originator_topic", "timestamp")


def readable_events(reader: Reader, conn: Connection, events: Sequence[Any]) -> Callable[[Any], bool]:
    """Whether `reader` may see each event's data (the reach of every personal event's item read at once)."""
    personal = [e.originator_id for e in events if event_kind(type(e)) not in (Kind.PUBLIC, Kind.BALLOTS)]
    reaches = {} if reader.sees_everything else reach_of(conn, personal)

    def readable(event: Any) -> bool:
        return may_read(reader, event_kind(type(event)), reaches.get(event.originator_id, NOBODY))

    return readable


def feed_item(event: Any, position: int, *, redacted: bool) -> dict:
    """An event as the feed shows it (no data when redacted)."""
    data = {} if redacted else plain({k: v for k, v in vars(event).items() if k not in ENVELOPE})
    return {
        "position": position, "aggregate_id": event.originator_id, "aggregate_type": aggregate_type(type(event)),
        "version": event.originator_version, "type": event_type(type(event)), "recorded_at": event.timestamp,
        "data": data, "redacted": redacted,
    }


@cache
def event_types() -> tuple[str, ...]:
    """The catalogue names of the events a reader may be shown (ballots never are), sorted."""
    return tuple(sorted({event_type(e) for e in recorded_events() if event_kind(e) is not Kind.BALLOTS}))
