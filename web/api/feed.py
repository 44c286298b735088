"""The event feed: every ledger event in notification order, a page at a time, with a `next` cursor.

Secret ballot: BallotCast (who voted) and BallotDeposited or EnvelopeDeposited (the sealed choice beside
it) are all shown redacted, with no data; the box's Unsealed event lists the ballots in a random order, and
results come with Tallied, so the feed never links a voter to a choice.

Personal data (Decree 13/2023): an event carrying a dossier, an annual rating, a discipline or
proceeding, or a bonus payment is shown whole only to a reader the read policy lets see that data
(domain.rules.read_access); to anyone else it comes redacted: kept in its place, with no data.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from projections.queries.feed import feed_item, readable_events
from web.api.base import api_blueprint
from web.context import live_conn, services
from web.read_access import current_reader
from web.api.schemas.common import MAX_POSITION
from web.api.schemas.reads import EventPageSchema

blp = api_blueprint("api_feed", "Dòng sự kiện của sổ cái, theo thứ tự ghi nhận")


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
    readable = readable_events(current_reader(), live_conn(), [event for event, _position in events])
    items = [feed_item(event, position, redacted=not readable(event)) for event, position in events]
    return {"items": items, "next": items[-1]["position"] if items else args["after"], "head": app.recorder.max_notification_id() or 0}
