"""Webhook subscriptions through the API (issue #21): an administrator's token registers an endpoint with its
scope and event types (the secret is answered once), changes, pauses, resumes, re-keys or deletes it, and
replays its dead letters; each step is a ledger fact. The administrator and the auditor read them.
Deliveries are signed per Standard Webhooks (docs/webhooks.md)."""

from __future__ import annotations

from functools import partial
from uuid import UUID

from flask import current_app
from marshmallow import Schema, fields, validate

from domain.clock import utc_now
from domain.rules.read_access import SCOPES
from domain.webhooks import URL_MAX, ChangeWebhookScope, WebhookStep
from projections.queries.feed import event_types
from web.api.base import actor, api_blueprint
from web.api.idempotency import idempotent
from web.api.schemas.common import CreatedSchema
from web.context import services

blp = api_blueprint("api_webhooks", "Webhook cho hệ thống tích hợp: đăng ký, phạm vi, thư hỏng (chữ ký Standard Webhooks)")
W = "/webhooks/<uuid:subscription_id>"


def hooks():  # -> adapters.webhooks.Webhooks, reached through the app (web imports no adapters)
    return current_app.extensions["webhooks"]


class ScopeSchema(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=URL_MAX), metadata={"description": "http:// or https:// URL"})
    units = fields.List(fields.UUID(), load_default=list, metadata={"description": "units it may see; empty: every unit"})
    scopes = fields.List(fields.String(validate=validate.OneOf(SCOPES)), load_default=list,
                         metadata={"description": "personal data it may see (public data always)"})
    event_types = fields.List(fields.String(validate=validate.OneOf(event_types())), required=True, validate=validate.Length(min=1))


class RegisterSchema(ScopeSchema):
    label = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ChangeSchema(ScopeSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class StepSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=2000))


class ReplaySchema(Schema):
    positions = fields.List(fields.Integer(validate=validate.Range(min=1)), load_default=None,
                            metadata={"description": "the dead letters' event positions; left out: all of them"})


class RegisteredSchema(CreatedSchema):
    secret = fields.String(required=True, metadata={"description": "whsec_…: shown this once, keep it"})


class SecretSchema(Schema):
    secret = fields.String(required=True)
    position = fields.Integer(required=True)


class WrittenSchema(Schema):
    position = fields.Integer(required=True, metadata={"description": "ledger position of the write"})


class SubscriptionSchema(Schema):
    subscription_id = fields.UUID()
    label, endpoint = fields.String(), fields.String()
    units = fields.List(fields.UUID())
    scopes, event_types = fields.List(fields.String()), fields.List(fields.String())
    paused, deleted = fields.Boolean(), fields.Boolean()
    secret_fingerprint = fields.String(metadata={"description": "SHA-256 of the signing secret"})
    position = fields.Integer(metadata={"description": "the last event done (delivered, not for it, or dead-lettered)"})
    attempts = fields.Integer(metadata={"description": "failed attempts at the next event"})
    last_error = fields.String(allow_none=True)
    dead_letters = fields.Integer()


class DeadLetterSchema(Schema):
    position, attempts = fields.Integer(), fields.Integer()
    webhook_id, event_type, state = fields.String(), fields.String(), fields.String(metadata={"description": "dead | replaying | delivered"})
    last_error = fields.String(allow_none=True)
    dead_at, replayed_at, delivered_at = fields.String(), fields.String(allow_none=True), fields.String(allow_none=True)


class ListingSchema(Schema):
    items = fields.List(fields.Nested(SubscriptionSchema))


class DeadLettersSchema(Schema):
    items = fields.List(fields.Nested(DeadLetterSchema))


@blp.route("/webhooks")
@blp.response(200, ListingSchema)
def list_webhooks() -> dict:
    """Every subscription with its checkpoint and its dead letters' count (administrator, auditor)."""
    services().ensure_webhook_reader(actor())
    return {"items": hooks().listing()}


@blp.route("/webhooks", methods=["POST"])
@partial(idempotent, creates=True)
@blp.arguments(RegisterSchema)
@blp.response(201, RegisteredSchema)
def register_webhook(body: dict) -> dict:
    """Register an endpoint (administrator); deliveries start from the ledger's present end."""
    subscription_id, secret = hooks().register(actor(), body["label"], body["endpoint"], body["units"], body["scopes"], body["event_types"])
    return {"id": str(subscription_id), "secret": secret, "position": services().recorder.max_notification_id() or 0}


@blp.route(f"{W}/dead-letters")
@blp.response(200, DeadLettersSchema)
def list_dead_letters(subscription_id: UUID) -> dict:
    """A subscription's dead letters: events given up after the policy's attempts, and their replays."""
    services().ensure_webhook_reader(actor())
    services().subscription(subscription_id)
    return {"items": hooks().dead_letters(subscription_id)}


@blp.route(f"{W}/scope", methods=["POST"])
@idempotent
@blp.arguments(ChangeSchema)
@blp.response(200, WrittenSchema)
def change_webhook_scope(body: dict, subscription_id: UUID) -> dict:
    """Change the endpoint, the units and data it may see, and the event types."""
    cmd = ChangeWebhookScope(subscription_id, body["endpoint"], body["units"], body["scopes"], body["event_types"], body["reason"])
    return {"position": services().change_webhook_scope(actor(), cmd)}


@blp.route(f"{W}/pause", methods=["POST"])
@idempotent
@blp.arguments(StepSchema)
@blp.response(200, WrittenSchema)
def pause_webhook(body: dict, subscription_id: UUID) -> dict:
    """Stop deliveries; events wait at the checkpoint until resumed."""
    return {"position": services().pause_webhook(actor(), WebhookStep(subscription_id, body["reason"]))}


@blp.route(f"{W}/resumption", methods=["POST"])
@idempotent
@blp.arguments(StepSchema)
@blp.response(200, WrittenSchema)
def resume_webhook(body: dict, subscription_id: UUID) -> dict:
    return {"position": services().resume_webhook(actor(), WebhookStep(subscription_id, body["reason"]))}


@blp.route(f"{W}/deletion", methods=["POST"])
@idempotent
@blp.arguments(StepSchema)
@blp.response(200, WrittenSchema)
def delete_webhook(body: dict, subscription_id: UUID) -> dict:
    """End a subscription for good; its secret is erased, its dead letters stay listed."""
    return {"position": hooks().delete(actor(), WebhookStep(subscription_id, body["reason"]))}


@blp.route(f"{W}/secret-rotations", methods=["POST"])
@idempotent
@blp.response(200, SecretSchema)
def rotate_webhook_secret(subscription_id: UUID) -> dict:
    """A new signing secret, used from the next delivery on; answered this once."""
    secret = hooks().rotate(actor(), subscription_id)
    return {"secret": secret, "position": services().recorder.max_notification_id() or 0}


@blp.route(f"{W}/dead-letters/replay", methods=["POST"])
@idempotent
@blp.arguments(ReplaySchema)
@blp.response(200, WrittenSchema)
def replay_dead_letters(body: dict, subscription_id: UUID) -> dict:
    """Send dead letters again, each with its first webhook-id; the replay is recorded (who, when)."""
    return {"position": hooks().replay(actor(), subscription_id, body["positions"], utc_now())}
