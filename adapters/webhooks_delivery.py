"""Webhook delivery (issue #21): each subscriber's events, in notification order, POSTed to its endpoint and
signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`).

A worker holds a subscriber's checkpoint under a lease (`lease_owner` fences a worker whose lease expired:
its writes then change nothing) and reads the notification log after it, up to the position the inline
read models reflect (the reaches the read policy needs are there). An event the subscriber did not ask for,
or may not see (the feed's own rule, `projections.queries.feed`), is passed over; one it may see is sent as
the feed shows it, and the checkpoint moves past it after a 2xx answer, in its own transaction. A worker
killed between the answer and that write sends it again after the lease expires, with the same
`webhook-id` (derived from subscriber and position): at least once on the wire, exactly once for a receiver
that keeps the ids it has seen. A failure blocks the subscriber (order is kept) until a retry after an
exponential back-off; after `max_attempts` the event becomes a dead letter and the checkpoint moves on.
Replayed dead letters are sent on their own, with the same back-off and attempts. Delivery runs on the wall
clock (`utc_now`), never the business clock: `webhook-timestamp` is checked by receivers against theirs.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from sqlalchemy import Connection, Engine, and_, insert, or_, select, update
from standardwebhooks.webhooks import Webhook

from adapters.webhooks import Webhooks, stamp, webhook_checkpoints, webhook_dead_letters
from domain.application import Thidua
from domain.clock import Clock, utc_now
from domain.rules.read_access import event_kind
from domain.webhooks import WebhookSubscription, webhook_id
from projections.common import event_type, plain
from projections.queries.feed import feed_item, readable_events

Post = Callable[[str, bytes, dict[str, str], float], "str | None"]  # (url, body, headers, timeout) -> error or None


@dataclass(frozen=True)
class Policy:
    max_attempts: int = 8  # failed attempts before an event becomes a dead letter
    backoff: float = 30.0  # seconds before the first retry, doubled after each failure
    backoff_cap: float = 6 * 3600.0
    lease: float = 60.0  # seconds a worker holds a subscriber (renewed with each delivery)
    timeout: float = 10.0  # seconds to wait for an endpoint's answer
    batch: int = 100

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure: backoff, 2×, 4×, ... up to the cap."""
        return timedelta(seconds=min(self.backoff * 2 ** (attempts - 1), self.backoff_cap))


@dataclass
class Counts:
    delivered: int = 0
    failed: int = 0
    dead: int = 0

    def add(self, other: Counts) -> None:
        self.delivered, self.failed, self.dead = self.delivered + other.delivered, self.failed + other.failed, self.dead + other.dead


def payload(event: Any, position: int) -> tuple[str, bytes]:
    """The event's type and the body sent: the feed's representation, in Standard Webhooks' envelope."""
    item = plain(feed_item(event, position, redacted=False))
    body = {"type": item["type"], "timestamp": item["recorded_at"], "data": item}
    return item["type"], json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def signed_headers(secrets: list[str], message_id: str, at: datetime, body: bytes) -> dict[str, str]:
    """Standard Webhooks' headers, one signature per secret in use, space-separated."""
    return {
        "content-type": "application/json; charset=utf-8", "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(Webhook(secret).sign(message_id, at, body) for secret in secrets),
    }


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> str | None:
    """POST without following redirects; None for a 2xx answer, else what went wrong."""
    parts = urlsplit(url)
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    conn = kind(parts.hostname or "", parts.port, timeout=timeout)
    try:
        conn.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body, headers)
        answer = conn.getresponse()
        answer.read(4096)
        return None if 200 <= answer.status < 300 else f"HTTP {answer.status} {answer.reason}"
    except (OSError, http.client.HTTPException) as error:
        return f"{type(error).__name__}: {error}"
    finally:
        conn.close()


class Deliverer:
    """One worker's deliveries: `tick()` sends what is due to every active subscriber, then replays."""

    def __init__(
        self, app: Thidua, read_engine: Engine, store: Webhooks, ceiling: Callable[[], int],
        policy: Policy = Policy(), post: Post = http_post, clock: Clock = utc_now,
    ) -> None:
        self.app, self.read_engine, self.store, self.ceiling = app, read_engine, store, ceiling
        self.policy, self.post, self.clock = policy, post, clock

    def tick(self) -> Counts:
        counts, ceiling = Counts(), self.ceiling()
        for subscription in self.app.webhook_subscriptions(self.store.ids()):
            if subscription.active:
                counts.add(self.follow(subscription, ceiling))
        counts.add(self.replays())
        return counts

    def follow(self, subscription: WebhookSubscription, ceiling: int) -> Counts:
        """Send a subscriber's events after its checkpoint, up to `ceiling`, until one fails (or its lease is lost)."""
        counts, owner, secrets = Counts(), str(uuid4()), self.store.signing_secrets(subscription.id, self.clock())
        held = self.claim(subscription.id, owner) if secrets else None  # no secret: registered elsewhere and not yet stored
        if held is None:
            return counts
        position, attempts = held.position, held.attempts
        reader = subscription.reader()
        with self.read_engine.connect() as conn:
            while position < ceiling:
                page = self.app.recorder.select_notifications(position, self.policy.batch, stop=ceiling, inclusive_of_start=False)
                if not page:
                    break
                events = [(self.app.mapper.to_domain_event(n), n.id) for n in page]
                readable = readable_events(reader, conn, [e for e, _p in events])
                for event, at in events:
                    if not (subscription.wants(event_type(type(event)), event_kind(type(event))) and readable(event)):
                        position = at
                        continue
                    error = self.send(subscription, secrets, event, at)
                    if error is not None and attempts + 1 < self.policy.max_attempts:
                        counts.failed += 1
                        self.save(subscription.id, owner, position, attempts + 1, error)
                        return counts
                    counts.delivered += error is None
                    counts.dead += error is not None
                    position, attempts = at, 0
                    if not self.save(subscription.id, owner, position, 0, None, dead=error and (event, self.policy.max_attempts, error)):
                        return counts  # the lease was lost: another worker goes on from the checkpoint
        self.save(subscription.id, owner, position, attempts, None, release=True)
        return counts

    def send(self, subscription: WebhookSubscription, secrets: list[str], event: Any, position: int) -> str | None:
        """Post one event signed with `secrets` (the subscription's in use when its run began)."""
        _type, body = payload(event, position)
        message_id = webhook_id(subscription.id, position)
        return self.post(subscription.endpoint, body, signed_headers(secrets, message_id, self.clock(), body), self.policy.timeout)

    def claim(self, subscription_id: UUID, owner: str) -> Any:
        """The checkpoint, held by `owner` until the lease ends; None when another worker holds it or a retry waits."""
        now, t = self.clock(), webhook_checkpoints.c
        free = and_(t.subscription_id == str(subscription_id), or_(t.lease_until.is_(None), t.lease_until < stamp(now)),
                    or_(t.retry_after.is_(None), t.retry_after <= stamp(now)))
        with self.store.engine.begin() as conn:
            done = conn.execute(update(webhook_checkpoints).where(free).values(
                lease_until=stamp(now + timedelta(seconds=self.policy.lease)), lease_owner=owner,
            ))
            return conn.execute(select(webhook_checkpoints).where(t.subscription_id == str(subscription_id))).first() if done.rowcount else None

    def save(
        self, subscription_id: UUID, owner: str, position: int, attempts: int, error: str | None, *,
        release: bool = False, dead: Any = None,
    ) -> bool:
        """Move the checkpoint (and renew or end the lease) if `owner` still holds it; a failure sets the retry.
        A `dead` event is made a dead letter in the same transaction."""
        now = self.clock()
        with self.store.engine.begin() as conn:
            held = fenced(conn, subscription_id, owner, position=position, attempts=attempts, last_error=error and error[:500],
                          retry_after=stamp(now + self.policy.delay(attempts)) if error else None,
                          lease_until=None if release or error else stamp(now + timedelta(seconds=self.policy.lease)),
                          lease_owner=None if release or error else owner)
            if held and dead is not None:
                event, attempts_made, last_error = dead
                conn.execute(insert(webhook_dead_letters).values(
                    subscription_id=str(subscription_id), position=position, webhook_id=webhook_id(subscription_id, position),
                    event_type=event_type(type(event)), attempts=attempts_made, last_error=last_error[:500], dead_at=stamp(now),
                    state="dead",
                ))
            return held

    def replays(self) -> Counts:
        """Send the dead letters an administrator replayed and whose retry is due."""
        counts, owner, now, d = Counts(), str(uuid4()), self.clock(), webhook_dead_letters.c
        due = and_(d.state == "replaying", d.retry_after <= stamp(now), or_(d.lease_until.is_(None), d.lease_until < stamp(now)))
        with self.store.engine.begin() as conn:
            conn.execute(update(webhook_dead_letters).where(due).values(lease_until=stamp(now + timedelta(seconds=self.policy.lease)), lease_owner=owner))
            held = conn.execute(select(webhook_dead_letters).where(d.lease_owner == owner, d.state == "replaying")).all()
        subscriptions = {s.id: s for s in self.app.webhook_subscriptions({UUID(r.subscription_id) for r in held})}
        for row in held:
            subscription = subscriptions.get(UUID(row.subscription_id))
            error = self.replay(subscription, row.position) if subscription is not None and not subscription.deleted else "webhook đã bị xoá"
            counts.delivered += error is None
            attempts = row.attempts + 1
            done = error is None or attempts >= self.policy.max_attempts or subscription is None or subscription.deleted
            counts.failed += not done
            counts.dead += error is not None and done
            with self.store.engine.begin() as conn:
                conn.execute(update(webhook_dead_letters).where(d.subscription_id == row.subscription_id, d.position == row.position, d.lease_owner == owner).values(
                    state="delivered" if error is None else ("dead" if done else "replaying"), attempts=attempts,
                    last_error=error and error[:500], retry_after=None if done else stamp(now + self.policy.delay(attempts)),
                    delivered_at=stamp(self.clock()) if error is None else None, lease_until=None, lease_owner=None,
                ))
        return counts

    def replay(self, subscription: WebhookSubscription, position: int) -> str | None:
        """Send one dead letter again, if the subscriber may still see it."""
        found = self.app.recorder.select_notifications(position, 1)
        event = self.app.mapper.to_domain_event(found[0])
        with self.read_engine.connect() as conn:
            if not readable_events(subscription.reader(), conn, [event])(event):
                return "sự kiện không còn trong phạm vi được xem của webhook"
        return self.send(subscription, self.store.signing_secrets(subscription.id, self.clock()), event, position)


def fenced(conn: Connection, subscription_id: UUID, owner: str, **values: Any) -> bool:
    """Update the checkpoint only while `owner` holds its lease."""
    t = webhook_checkpoints.c
    done = conn.execute(update(webhook_checkpoints).where(t.subscription_id == str(subscription_id), t.lease_owner == owner).values(**values))
    return done.rowcount == 1
