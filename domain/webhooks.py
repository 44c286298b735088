"""Webhook subscriptions of integrators (issue #21): an endpoint, a scope (what the subscriber may see, as
an integration token's scopes in `domain.rules.read_access`) and the event types it wants.

Registration, scope change, pause and resumption, secret rotation, deletion and the replay of dead letters
are ledger facts (WebhookRegistered, WebhookScopeChanged, WebhookPaused, WebhookResumed, WebhookSecretRotated,
WebhookDeleted, WebhookDeadLettersReplayed); event class names are a persisted schema. The signing secret is
never in the ledger: only its fingerprint (SHA-256, which does not reveal a 256-bit random secret) is, so an
auditor can tell which secret signed a delivery.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError
from domain.rules.read_access import SCOPES, Kind, Reader, token_kinds
from domain.values import Role, stable_id

URL_MAX = 500
EVENT_TYPE = re.compile(r"[A-Z][A-Za-z]{2,80}")


@dataclass(frozen=True)
class RegisterWebhook:
    subscription_id: UUID  # chosen by the caller, which keeps the secret under it outside the ledger
    label: str
    endpoint: str
    units: list[UUID]  # empty: every unit
    scopes: list[str]  # personal data kinds it may read (read_access.SCOPES); public data always
    event_types: list[str]  # catalogue names (e.g. NominationSubmitted)
    secret_fingerprint: str
    starts_after: int  # the ledger position it is delivered from (exclusive)


@dataclass(frozen=True)
class ChangeWebhookScope:
    subscription_id: UUID
    endpoint: str
    units: list[UUID]
    scopes: list[str]
    event_types: list[str]
    reason: str = ""


@dataclass(frozen=True)
class WebhookStep:
    """Pause, resume or delete a subscription (with a reason)."""

    subscription_id: UUID
    reason: str = ""


@dataclass(frozen=True)
class RotateWebhookSecret:
    subscription_id: UUID
    secret_fingerprint: str


@dataclass(frozen=True)
class ReplayDeadLetters:
    subscription_id: UUID
    positions: list[int]


def checked_endpoint(url: str) -> str:
    """An http(s) URL with a host, no user name or password in it."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > URL_MAX:
        raise InvalidCommandError(
            f"Địa chỉ nhận webhook phải là một URL http:// hoặc https:// có tên máy chủ, tối đa {URL_MAX} ký tự.",
        )
    if parts.username or parts.password:
        raise InvalidCommandError("Địa chỉ nhận webhook không được chứa tên đăng nhập hay mật khẩu.")
    return url


def checked_scope(scopes: Iterable[str], event_types: Iterable[str]) -> tuple[list[str], list[str]]:
    """Known data scopes and well-formed event type names (at least one)."""
    scopes, types = sorted(set(scopes)), sorted(set(event_types))
    if unknown := set(scopes) - set(SCOPES):
        raise InvalidCommandError(f"Phạm vi dữ liệu không hợp lệ: {', '.join(sorted(unknown))} (được dùng: {', '.join(SCOPES)}).")
    if not types:
        raise InvalidCommandError("Cần chọn ít nhất một loại sự kiện để nhận qua webhook.")
    if bad := [t for t in types if not EVENT_TYPE.fullmatch(t)]:
        raise InvalidCommandError(f"Tên loại sự kiện không hợp lệ: {', '.join(bad)} (ví dụ đúng: NominationSubmitted).")
    return scopes, types


def webhook_id(subscription_id: UUID, position: int) -> str:
    """The `webhook-id` of the event at `position` sent to a subscriber: the same on every retry and replay."""
    return f"msg_{stable_id('webhook', subscription_id, position).hex}"


class WebhookSubscription(Entity):
    """One integrator's endpoint; its id is chosen by the registering caller."""

    @staticmethod
    def create_id(subscription_id: UUID) -> UUID:
        return subscription_id

    @event("WebhookRegistered")
    def __init__(
        self, subscription_id: UUID, label: str, endpoint: str, units: list[UUID], scopes: list[str],
        event_types: list[str], secret_fingerprint: str, starts_after: int, by: UUID, role: str, at: datetime,
    ) -> None:
        self.label = label
        self.endpoint = endpoint
        self.units = units
        self.scopes = scopes
        self.event_types = event_types
        self.secret_fingerprint = secret_fingerprint
        self.starts_after = starts_after
        self.paused = False
        self.deleted = False

    def change_scope(
        self, endpoint: str, units: list[UUID], scopes: list[str], event_types: list[str], reason: str,
        by: UUID, role: str, at: datetime,
    ) -> None:
        self.ensure_not_deleted()
        self._scope_changed(endpoint, units, scopes, event_types, reason, by, role, at)

    @event("WebhookScopeChanged")
    def _scope_changed(
        self, endpoint: str, units: list[UUID], scopes: list[str], event_types: list[str], reason: str,
        by: UUID, role: str, at: datetime,
    ) -> None:
        self.endpoint, self.units, self.scopes, self.event_types = endpoint, units, scopes, event_types

    def pause(self, reason: str, by: UUID, role: str, at: datetime) -> None:
        """Stop deliveries (they wait at the checkpoint, nothing is lost) until resumed."""
        self.ensure_not_deleted()
        if self.paused:
            raise InvalidCommandError("Webhook này đang tạm dừng.")
        self._paused(reason, by, role, at)

    @event("WebhookPaused")
    def _paused(self, reason: str, by: UUID, role: str, at: datetime) -> None:
        self.paused = True

    def resume(self, reason: str, by: UUID, role: str, at: datetime) -> None:
        self.ensure_not_deleted()
        if not self.paused:
            raise InvalidCommandError("Webhook này đang hoạt động, không cần tiếp tục.")
        self._resumed(reason, by, role, at)

    @event("WebhookResumed")
    def _resumed(self, reason: str, by: UUID, role: str, at: datetime) -> None:
        self.paused = False

    def rotate_secret(self, secret_fingerprint: str, by: UUID, role: str, at: datetime) -> None:
        self.ensure_not_deleted()
        self._secret_rotated(secret_fingerprint, by, role, at)

    @event("WebhookSecretRotated")
    def _secret_rotated(self, secret_fingerprint: str, by: UUID, role: str, at: datetime) -> None:
        self.secret_fingerprint = secret_fingerprint

    def delete(self, reason: str, by: UUID, role: str, at: datetime) -> None:
        """End the subscription for good (its secret is erased outside the ledger)."""
        self.ensure_not_deleted()
        self._deleted(reason, by, role, at)

    @event("WebhookDeleted")
    def _deleted(self, reason: str, by: UUID, role: str, at: datetime) -> None:
        self.deleted = True

    def replay(self, positions: list[int], by: UUID, role: str, at: datetime) -> None:
        """Send dead letters again (their events' positions), each with its first webhook-id."""
        self.ensure_not_deleted()
        if not positions:
            raise InvalidCommandError("Không có thư hỏng (dead letter) nào để gửi lại.")
        self._dead_letters_replayed(sorted(set(positions)), by, role, at)

    @event("WebhookDeadLettersReplayed")
    def _dead_letters_replayed(self, positions: list[int], by: UUID, role: str, at: datetime) -> None:
        pass

    def ensure_not_deleted(self) -> None:
        if self.deleted:
            raise InvalidCommandError("Webhook này đã bị xoá; hãy đăng ký một webhook mới.")

    @property
    def active(self) -> bool:
        return not (self.paused or self.deleted)

    def reader(self) -> Reader:
        """The read policy's reader this subscriber is: an integration, for its units, with its scopes' kinds."""
        return Reader(None, Role.INTEGRATION, tuple(self.units) or (None,), token_kinds(tuple(self.scopes)))

    def wants(self, event_type: str, kind: Kind) -> bool:
        """Whether an event of this type is one it subscribed to (ballots never are)."""
        return kind is not Kind.BALLOTS and event_type in self.event_types

    def summary(self) -> dict:
        return {
            "subscription_id": self.id, "label": self.label, "endpoint": self.endpoint, "units": list(self.units),
            "scopes": list(self.scopes), "event_types": list(self.event_types), "paused": self.paused,
            "deleted": self.deleted, "secret_fingerprint": self.secret_fingerprint, "starts_after": self.starts_after,
            "registered_at": self.created_on, "version": self.version,
        }
