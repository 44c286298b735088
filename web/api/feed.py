"""The event feed: every ledger event in notification order, a page at a time, with a `next` cursor.

Secret ballot: BallotCast (who voted) and BallotDeposited or EnvelopeDeposited (the sealed choice beside
it) are all shown redacted, with no data; the box's Unsealed event lists the ballots in a random order, and
results come with Tallied, so the feed never links a voter to a choice.

Personal data (Decree 13/2023): an event carrying a dossier, an annual rating, a discipline or
proceeding, or a bonus payment is shown whole only to a reader the read policy lets see that data
(domain.rules.read_access); to anyone else it comes redacted: kept in its place, with no data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields, validate

from domain.rules.read_access import NOBODY, Kind, event_kind, may_read
from projections.common import aggregate_type, event_type, plain
from projections.queries.reach import reach_of
from web.api.base import api_blueprint
from web.context import live_conn, services
from web.read_access import current_reader
from web.api.schemas.common import MAX_POSITION
from web.api.schemas.reads import EventPageSchema

blp = api_blueprint("api_feed", "Dòng sự kiện của sổ cái, theo thứ tự ghi nhận")
ENVELOPE = ("originator_id", "originator_version", "originator_topic", "timestamp")


class FeedArgsSchema(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_POSITION), metadata={"description": "last position read"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


@blp.route("/events")
@blp.etag
@blp.arguments(FeedArgsSchema, location="query")
@blp.response(200, EventPageSchema)
def list_events(args: dict) -> dict:
    """Events after position `after`, oldest first; read on from `next` until a page comes back empty.

    Personal data and ballots come redacted (`redacted: true`, empty `data`): ballots (BallotCast,
    BallotDeposited, EnvelopeDeposited) for everyone, and the events the token may not read of dossiers (Nomination events),
    annual ratings, discipline and proceedings, and bonus funds. Admin and auditor read them all; unit
    head and clerk those of their unit (and of units merged into it); secretariat and council the
    dossiers before their issuer and those nominees' ratings and discipline; a signer those of the
    decisions they sign; an integration token those its scopes (`dossiers`, `ratings`, `discipline`,
    `payments`) grant, for its units."""
    app = services()
    notifications = app.recorder.select_notifications(args["after"], args["limit"], inclusive_of_start=False)
    events = [(app.mapper.to_domain_event(n), n.id) for n in notifications]
    readable = readable_events([event for event, _position in events])
    items = [serialise(event, position, redacted=not readable(event)) for event, position in events]
    return {"items": items, "next": items[-1]["position"] if items else args["after"], "head": app.recorder.max_notification_id() or 0}


def readable_events(events: list[Any]) -> Callable[[Any], bool]:
    """Whether the reader may see each event's data (the reach of every personal event's item read at once)."""
    reader = current_reader()
    personal = [e.originator_id for e in events if event_kind(type(e)) not in (Kind.PUBLIC, Kind.BALLOTS)]
    reaches = {} if reader.sees_everything else reach_of(live_conn(), personal)

    def readable(event: Any) -> bool:
        return may_read(reader, event_kind(type(event)), reaches.get(event.originator_id, NOBODY))

    return readable


def serialise(event: Any, position: int, *, redacted: bool) -> dict:
    data = {} if redacted else plain({k: v for k, v in vars(event).items() if k not in ENVELOPE})
    return {
        "position": position, "aggregate_id": event.originator_id, "aggregate_type": aggregate_type(type(event)),
        "version": event.originator_version, "type": event_type(type(event)), "recorded_at": event.timestamp,
        "data": data, "redacted": redacted,
    }
