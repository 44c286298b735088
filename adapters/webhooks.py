"""Webhook subscriptions' operational state (issue #21), beside the ledger that records them.

`webhook_secrets` holds each subscription's signing secret (`whsec_` + base64 of 32 random bytes, Standard
Webhooks). Unlike an API token, which is only verified and so kept hashed, a signing secret must be read to
sign: it is kept in clear here, outside the ledger (which records only its SHA-256 fingerprint), and erased
when the subscription is deleted. `webhook_checkpoints` is each subscriber's position in the notification
log (the last event done: delivered, not for it, or dead-lettered), with the failed attempts at the next
event, when to try again, and the lease of the worker sending it. `webhook_dead_letters` keeps the events
given up after the policy's attempts, and their replay (asked by whom, when; sent when).

`Webhooks` is what the pages, the API and the CLI call: each step runs the domain's command (the ledger
fact) and keeps the secret and the checkpoint in step with it.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from uuid import UUID, uuid4

from sqlalchemy import BigInteger, Column, Engine, Integer, MetaData, String, Table, Text, delete, func, insert, select, update

from adapters.database import schema_lock
from domain import webhooks as w
from domain.application import Thidua
from domain.clock import Clock, utc_now
from domain.values import Actor

metadata = MetaData()

webhook_secrets = Table(
    "webhook_secrets", metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("secret", Text, nullable=False),
)

webhook_retired_secrets = Table(  # a rotated-out secret still signs, beside the new one, until `until`
    "webhook_retired_secrets", metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("secret", Text, primary_key=True),
    Column("until", String(32), nullable=False),
)

webhook_checkpoints = Table(
    "webhook_checkpoints", metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("position", BigInteger, nullable=False),  # the last event done
    Column("attempts", Integer, nullable=False),  # failed attempts at the event after it
    Column("retry_after", String(32)),  # instants as UTC ISO text (`stamp`), compared as text
    Column("lease_until", String(32)),
    Column("lease_owner", String(36)),
    Column("last_error", Text),
)

webhook_dead_letters = Table(
    "webhook_dead_letters", metadata,
    Column("subscription_id", String(36), primary_key=True),
    Column("position", BigInteger, primary_key=True),
    Column("webhook_id", String(40), nullable=False),
    Column("event_type", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text),
    Column("dead_at", String(32), nullable=False),
    Column("state", String(10), nullable=False),  # dead | replaying | delivered
    Column("retry_after", String(32)),
    Column("lease_until", String(32)),
    Column("lease_owner", String(36)),
    Column("replayed_by", String(36)),
    Column("replayed_at", String(32)),
    Column("delivered_at", String(32)),
)


def stamp(at: datetime) -> str:
    """An instant as UTC ISO text to the millisecond (fixed width, so it sorts as time does): a lease of a
    second must not last up to two."""
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Webhooks:
    """Subscriptions' commands with their secrets and checkpoints, and what the admin page lists."""

    def __init__(self, app: Thidua, engine: Engine, overlap: timedelta = timedelta(hours=24), clock: Clock = utc_now) -> None:
        self.app, self.engine = app, engine
        self.overlap, self.clock = overlap, clock  # how long a rotated-out secret still signs
        with schema_lock(engine):  # web workers start together
            metadata.create_all(engine)

    def register(
        self, actor: Actor, label: str, endpoint: str, units: list[UUID], scopes: list[str], event_types: list[str],
    ) -> tuple[UUID, str]:
        """A new subscription, delivered from the ledger's present end on; its secret is returned once."""
        subscription_id, secret = uuid4(), new_secret()
        head = self.app.recorder.max_notification_id() or 0
        with self.engine.begin() as conn:
            conn.execute(insert(webhook_secrets).values(subscription_id=str(subscription_id), secret=secret))
            conn.execute(insert(webhook_checkpoints).values(subscription_id=str(subscription_id), position=head, attempts=0))
        try:
            self.app.register_webhook(actor, w.RegisterWebhook(
                subscription_id, label, endpoint, units, scopes, event_types, fingerprint(secret), head,
            ))
        except Exception:
            self._forget(subscription_id, checkpoint=True)
            raise
        return subscription_id, secret

    def rotate(self, actor: Actor, subscription_id: UUID) -> str:
        """A new secret, used from the next delivery on; returned once. The old one signs beside it for `overlap`
        (Standard Webhooks: one signature per secret), so receivers can switch without refusing a delivery."""
        old, secret = self.secret(subscription_id), new_secret()
        self._set_secret(subscription_id, secret)
        try:
            self.app.rotate_webhook_secret(actor, w.RotateWebhookSecret(subscription_id, fingerprint(secret)))
        except Exception:
            self._set_secret(subscription_id, old)
            raise
        if old and self.overlap:
            with self.engine.begin() as conn:
                conn.execute(insert(webhook_retired_secrets).values(
                    subscription_id=str(subscription_id), secret=old, until=stamp(self.clock() + self.overlap)))
        return secret

    def delete(self, actor: Actor, cmd: w.WebhookStep) -> int:
        """Delete the subscription (a ledger fact) and erase its secret; its dead letters stay listed."""
        position = self.app.delete_webhook(actor, cmd)
        self._forget(cmd.subscription_id, checkpoint=False)
        return position

    def replay(self, actor: Actor, subscription_id: UUID, positions: Sequence[int] | None, now: datetime) -> int:
        """Send dead letters again (those at `positions`, or all): the replay is recorded in the ledger first."""
        dead = {r["position"] for r in self.dead_letters(subscription_id) if r["state"] == "dead"}
        chosen = sorted(dead if positions is None else dead & set(positions))
        done = self.app.replay_dead_letters(actor, w.ReplayDeadLetters(subscription_id, chosen))
        t = webhook_dead_letters.c
        with self.engine.begin() as conn:
            conn.execute(update(webhook_dead_letters).where(
                t.subscription_id == str(subscription_id), t.position.in_(chosen), t.state == "dead",
            ).values(state="replaying", attempts=0, retry_after=stamp(now), replayed_by=str(actor.person_id), replayed_at=stamp(now)))
        return done

    def ids(self) -> list[UUID]:
        """Every subscription registered here (deleted ones too)."""
        with self.engine.connect() as conn:
            return [UUID(r) for r in conn.scalars(select(webhook_checkpoints.c.subscription_id).order_by(webhook_checkpoints.c.subscription_id))]

    def secret(self, subscription_id: UUID) -> str | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(webhook_secrets.c.secret).where(webhook_secrets.c.subscription_id == str(subscription_id)))

    def signing_secrets(self, subscription_id: UUID, at: datetime) -> list[str]:
        """The secrets that sign a delivery at `at`: the current one, then those rotated out less than `overlap`
        before, newest first; none once the subscription is deleted."""
        r = webhook_retired_secrets.c
        with self.engine.connect() as conn:
            current = conn.scalar(select(webhook_secrets.c.secret).where(webhook_secrets.c.subscription_id == str(subscription_id)))
            retired = conn.scalars(select(r.secret).where(r.subscription_id == str(subscription_id), r.until > stamp(at))
                                   .order_by(r.until.desc())).all()
        return [current, *retired] if current else []

    def listing(self) -> list[dict]:
        """Each subscription with its checkpoint, its waiting attempts and its dead letters' count."""
        d = webhook_dead_letters.c
        with self.engine.connect() as conn:
            points = {r.subscription_id: r._mapping for r in conn.execute(select(webhook_checkpoints))}
            dead = dict(conn.execute(select(d.subscription_id, func.count()).where(d.state != "delivered").group_by(d.subscription_id)).all())
        found = self.app.webhook_subscriptions(UUID(i) for i in sorted(points))
        return [{
            **s.summary(), "position": points[str(s.id)]["position"], "attempts": points[str(s.id)]["attempts"],
            "retry_after": points[str(s.id)]["retry_after"], "last_error": points[str(s.id)]["last_error"],
            "dead_letters": dead.get(str(s.id), 0),
        } for s in sorted(found, key=lambda s: (s.deleted, s.label))]

    def dead_letters(self, subscription_id: UUID) -> list[dict]:
        d = webhook_dead_letters.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(webhook_dead_letters).where(d.subscription_id == str(subscription_id)).order_by(d.position))
            return [dict(r._mapping) for r in rows]

    def _set_secret(self, subscription_id: UUID, secret: str | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(webhook_secrets).where(webhook_secrets.c.subscription_id == str(subscription_id)).values(secret=secret))

    def _forget(self, subscription_id: UUID, *, checkpoint: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(webhook_secrets).where(webhook_secrets.c.subscription_id == str(subscription_id)))
            conn.execute(delete(webhook_retired_secrets).where(webhook_retired_secrets.c.subscription_id == str(subscription_id)))
            if checkpoint:
                conn.execute(delete(webhook_checkpoints).where(webhook_checkpoints.c.subscription_id == str(subscription_id)))
