"""Webhook subscriptions' rules (issue #21) and the Standard Webhooks signature, against the specification's
published test vector (standard-webhooks/standard-webhooks, libraries/python/tests/test_webhooks.py)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timezone
from uuid import uuid4

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from adapters.webhooks import fingerprint, new_secret
from adapters.webhooks_delivery import Policy, signed_headers
from domain.exceptions import InvalidCommandError
from domain.rules.read_access import ANYONE, NOBODY, SCOPES, Kind, Reader, event_kind, may_read, trail_kind
from domain.values import Role
from domain.webhooks import WebhookSubscription, checked_endpoint, checked_scope, webhook_id

VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_AT = datetime.fromtimestamp(1614265330, tz=timezone.utc)
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
WHO = {"by": uuid4(), "role": "admin", "at": datetime(2025, 12, 1, tzinfo=timezone.utc)}


def test_the_signature_headers_match_the_published_vector():
    headers = signed_headers([VECTOR_SECRET], VECTOR_ID, VECTOR_AT, VECTOR_BODY)

    assert headers["webhook-signature"] == VECTOR_SIGNATURE
    assert (headers["webhook-id"], headers["webhook-timestamp"]) == (VECTOR_ID, "1614265330")


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body_under_the_decoded_secret():
    secret, at = new_secret(), datetime(2025, 12, 1, 2, 3, 4, tzinfo=timezone.utc)
    key = base64.b64decode(secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{VECTOR_ID}.{int(at.timestamp())}.".encode() + VECTOR_BODY, hashlib.sha256).digest())

    assert signed_headers([secret], VECTOR_ID, at, VECTOR_BODY)["webhook-signature"] == "v1," + expected.decode()
    assert len(key) == 32 and fingerprint(secret) == hashlib.sha256(secret.encode()).hexdigest()


def test_a_changed_body_or_another_secret_does_not_verify():
    secret, now = new_secret(), datetime.now(timezone.utc)
    headers = signed_headers([secret], VECTOR_ID, now, VECTOR_BODY)

    assert Webhook(secret).verify(VECTOR_BODY, headers) == {"test": 2432232314}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(b'{"test": 2432232315}', headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(VECTOR_BODY, headers)


@pytest.mark.parametrize("url", ["ftp://so-a.gov.vn/h", "javascript:alert(1)", "https://", "so-a.gov.vn/h",
                                 "https://user:pass@so-a.gov.vn/h", "https://so-a.gov.vn/" + "a" * 500, ""])
def test_an_endpoint_must_be_an_http_url_with_a_host(url):
    with pytest.raises(InvalidCommandError, match="webhook"):
        checked_endpoint(url)


def test_an_http_or_https_endpoint_is_taken():
    assert checked_endpoint(" https://cong.so-a.gov.vn:8443/hooks?x=1 ") == "https://cong.so-a.gov.vn:8443/hooks?x=1"
    assert checked_endpoint("http://127.0.0.1/h") == "http://127.0.0.1/h"


@pytest.mark.parametrize(("scopes", "types", "message"), [
    (["ballots"], ["NominationSubmitted"], "Phạm vi dữ liệu không hợp lệ: ballots"),
    (["dossiers"], [], "ít nhất một loại sự kiện"),
    ([], ["nomination submitted"], "Tên loại sự kiện không hợp lệ"),
])
def test_a_scope_names_known_data_kinds_and_event_types(scopes, types, message):
    with pytest.raises(InvalidCommandError, match=message):
        checked_scope(scopes, types)


def test_the_webhook_id_is_stable_per_subscriber_and_position():
    subscriber = uuid4()

    assert webhook_id(subscriber, 7) == webhook_id(subscriber, 7)
    assert len({webhook_id(subscriber, 7), webhook_id(subscriber, 8), webhook_id(uuid4(), 7)}) == 3


def subscription(units=(), scopes=("dossiers",)) -> WebhookSubscription:
    return WebhookSubscription(uuid4(), "Cổng", "https://h.vn/", list(units), list(scopes), ["BallotCast", "StageApproved"], "f", 0, **WHO)


def test_a_subscriber_reads_as_an_integration_for_its_units_and_never_wants_ballots():
    unit = uuid4()

    assert subscription([unit]).reader() == Reader(None, Role.INTEGRATION, (unit,), frozenset({Kind.DOSSIERS}))
    assert subscription().reader().units == (None,)
    assert subscription().wants("StageApproved", Kind.DOSSIERS)
    assert not subscription().wants("BallotCast", Kind.BALLOTS)
    assert not subscription().wants("NominationSubmitted", Kind.DOSSIERS)


def test_paused_deleted_and_empty_replays_are_refused():
    hook = subscription()
    hook.pause("", **WHO)
    with pytest.raises(InvalidCommandError, match="đang tạm dừng"):
        hook.pause("", **WHO)
    hook.resume("", **WHO)
    with pytest.raises(InvalidCommandError, match="đang hoạt động"):
        hook.resume("", **WHO)
    with pytest.raises(InvalidCommandError, match="Không có thư hỏng"):
        hook.replay([], **WHO)
    hook.delete("", **WHO)
    with pytest.raises(InvalidCommandError, match="đã bị xoá"):
        hook.rotate_secret("g", **WHO)
    assert not hook.active


def test_the_back_off_doubles_up_to_its_cap():
    policy = Policy(backoff=30, backoff_cap=100)

    assert [policy.delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_subscriptions_are_read_in_the_feed_and_trails_by_admin_and_auditor_only():
    registered = type(subscription().pending_events[0])
    everywhere = (None,)

    assert event_kind(registered) is Kind.INTEGRATIONS and trail_kind("WebhookSubscription") is Kind.INTEGRATIONS
    assert all(may_read(Reader(uuid4(), role, everywhere), Kind.INTEGRATIONS, NOBODY) for role in (Role.ADMIN, Role.AUDITOR))
    others = [Reader(uuid4(), role, everywhere, frozenset(Kind)) for role in Role if role not in (Role.ADMIN, Role.AUDITOR)]
    assert not any(may_read(reader, Kind.INTEGRATIONS, ANYONE) for reader in others)
    assert "integrations" not in SCOPES
