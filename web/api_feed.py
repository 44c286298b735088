"""The event feed: every ledger event in notification order, a page at a time, with a `next` cursor.

Secret ballot: BallotCast (who voted) and EnvelopeDeposited (the sealed choice beside it) are both
shown redacted, with no data; the box's Unsealed event lists the ballots in a random order, and
results come with Tallied, so the feed never links a voter to a choice.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from domain.council import BallotBox, CouncilSession
from projections.common import aggregate_type, event_type, plain
from web.api_base import api_blueprint
from web.context import services
from web.schemas import MAX_POSITION
from web.schemas_reads import EventPageSchema

blp = api_blueprint("api_feed", "Dòng sự kiện của sổ cái, theo thứ tự ghi nhận")
REDACTED = frozenset({CouncilSession.BallotCast, BallotBox.EnvelopeDeposited})
ENVELOPE = ("originator_id", "originator_version", "originator_topic", "timestamp")


class FeedArgsSchema(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_POSITION), metadata={"description": "last position read"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


@blp.route("/events")
@blp.etag
@blp.arguments(FeedArgsSchema, location="query")
@blp.response(200, EventPageSchema)
def list_events(args: dict) -> dict:
    """Events after position `after`, oldest first; read on from `next` until a page comes back empty."""
    app = services()
    notifications = app.recorder.select_notifications(args["after"], args["limit"], inclusive_of_start=False)
    items = [serialise(app.mapper.to_domain_event(n), n.id) for n in notifications]
    return {"items": items, "next": items[-1]["position"] if items else args["after"], "head": app.recorder.max_notification_id() or 0}


def serialise(event: Any, position: int) -> dict:
    redacted = type(event) in REDACTED
    data = {} if redacted else plain({k: v for k, v in vars(event).items() if k not in ENVELOPE})
    return {
        "position": position, "aggregate_id": event.originator_id, "aggregate_type": aggregate_type(type(event)),
        "version": event.originator_version, "type": event_type(type(event)), "recorded_at": event.timestamp,
        "data": data, "redacted": redacted,
    }
