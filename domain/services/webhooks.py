"""Webhook subscriptions (issue #21): registered, changed, paused, resumed, re-keyed, deleted and their dead
letters replayed by an administrator; each step a ledger fact (`domain.webhooks`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from domain import webhooks as w
from domain.exceptions import InvalidCommandError, PermissionDeniedError
from domain.organisation import Unit
from domain.services.base import ServiceBase
from domain.values import Actor, Role

ADMINS = (Role.ADMIN,)


class WebhookService(ServiceBase):
    def register_webhook(self, actor: Actor, cmd: w.RegisterWebhook) -> UUID:
        """Register an integrator's endpoint, its scope and the event types it wants."""
        self.authorise(actor, ADMINS)
        self.ensure_units(cmd.units)
        scopes, types = w.checked_scope(cmd.scopes, cmd.event_types)
        if not cmd.label.strip():
            raise InvalidCommandError("Cần đặt tên cho webhook (hệ thống nhận).")
        subscription = w.WebhookSubscription(
            subscription_id=cmd.subscription_id, label=cmd.label, endpoint=w.checked_endpoint(cmd.endpoint),
            units=sorted(set(cmd.units), key=str), scopes=scopes, event_types=types,
            secret_fingerprint=cmd.secret_fingerprint, starts_after=max(cmd.starts_after, 0), **self.who(actor),
        )
        self.commit(subscription, duplicate="Webhook này đã được đăng ký.")
        return subscription.id

    def change_webhook_scope(self, actor: Actor, cmd: w.ChangeWebhookScope) -> int:
        """Change where a subscription is delivered, what it may see and which events it wants."""
        self.authorise(actor, ADMINS)
        self.ensure_units(cmd.units)
        scopes, types = w.checked_scope(cmd.scopes, cmd.event_types)
        subscription = self.subscription(cmd.subscription_id)
        subscription.change_scope(
            w.checked_endpoint(cmd.endpoint), sorted(set(cmd.units), key=str), scopes, types, cmd.reason, **self.who(actor),
        )
        return self.commit(subscription)

    def pause_webhook(self, actor: Actor, cmd: w.WebhookStep) -> int:
        return self._step(actor, cmd.subscription_id, lambda sub, who: sub.pause(cmd.reason, **who))

    def resume_webhook(self, actor: Actor, cmd: w.WebhookStep) -> int:
        return self._step(actor, cmd.subscription_id, lambda sub, who: sub.resume(cmd.reason, **who))

    def delete_webhook(self, actor: Actor, cmd: w.WebhookStep) -> int:
        return self._step(actor, cmd.subscription_id, lambda sub, who: sub.delete(cmd.reason, **who))

    def rotate_webhook_secret(self, actor: Actor, cmd: w.RotateWebhookSecret) -> int:
        return self._step(actor, cmd.subscription_id, lambda sub, who: sub.rotate_secret(cmd.secret_fingerprint, **who))

    def replay_dead_letters(self, actor: Actor, cmd: w.ReplayDeadLetters) -> int:
        """Record who asked to send a subscription's dead letters again, and which."""
        return self._step(actor, cmd.subscription_id, lambda sub, who: sub.replay(cmd.positions, **who))

    def _step(self, actor: Actor, subscription_id: UUID, act: Callable[[w.WebhookSubscription, dict], None]) -> int:
        """An administrator's step on one subscription, recorded with who took it."""
        self.authorise(actor, ADMINS)
        subscription = self.subscription(subscription_id)
        act(subscription, self.who(actor))
        return self.commit(subscription)

    def ensure_webhook_reader(self, actor: Actor | None) -> None:
        """Subscriptions and their deliveries are read by the administrator and the auditor only."""
        if actor is None:
            raise PermissionDeniedError("Chỉ quản trị hệ thống và kiểm toán được xem webhook.")
        self.authorise(actor, (Role.ADMIN, Role.AUDITOR))

    def subscription(self, subscription_id: UUID) -> w.WebhookSubscription:
        return self.load(subscription_id, w.WebhookSubscription, "webhook")

    def webhook_subscriptions(self, ids: Iterable[UUID]) -> list[w.WebhookSubscription]:
        """The subscriptions with these ids (those that exist), read-only."""
        found = (self.find(i, w.WebhookSubscription, read_only=True) for i in ids)
        return [s for s in found if s is not None]

    def ensure_units(self, unit_ids: Iterable[UUID]) -> None:
        for unit_id in unit_ids:
            self.load(unit_id, Unit, "đơn vị", read_only=True)
