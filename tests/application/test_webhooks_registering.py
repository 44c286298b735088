"""Registering and changing webhook subscriptions through the application service (issue #21): an
administrator's steps, each recorded with who, as what and when; others are refused."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.exceptions import InvalidCommandError, NotFoundError, PermissionDeniedError
from domain.values import Actor, Role
from domain.webhooks import ChangeWebhookScope, RegisterWebhook, WebhookStep
from tests.builders import build_world, grant, person


@pytest.fixture
def world(app):
    built = build_world(app, members=0, staff=0)
    admin = person(app, "admin", "Đinh Quản Trị", built.department)
    grant(app, admin, Role.ADMIN, None)
    return built, Actor(admin, Role.ADMIN)


def register(app, actor, units, endpoint="https://cong.so-a.gov.vn/hooks"):
    return app.register_webhook(actor, RegisterWebhook(uuid4(), "Cổng", endpoint, units, ["dossiers"], ["StageApproved"], "ab", 5))


def test_an_admin_registers_and_changes_a_subscription_on_the_record(app, world, clock):
    built, admin = world

    subscription_id = register(app, admin, [built.division])
    app.change_webhook_scope(admin, ChangeWebhookScope(
        subscription_id, "https://cong.so-a.gov.vn/v2", [built.department], ["ratings", "dossiers"], ["AnnualRatingRecorded"], "Mở rộng",
    ))

    found = app.subscription(subscription_id).summary()
    events = list(app.events.get(subscription_id))
    assert (found["endpoint"], found["units"], found["scopes"], found["starts_after"]) == (
        "https://cong.so-a.gov.vn/v2", [built.department], ["dossiers", "ratings"], 5,
    )
    assert [(type(e).__name__, e.by, e.role, e.at) for e in events] == [
        ("WebhookRegistered", admin.person_id, "admin", clock.now), ("WebhookScopeChanged", admin.person_id, "admin", clock.now),
    ]


def test_a_clerk_may_not_register_a_webhook(app, world):
    built, _admin = world

    with pytest.raises(PermissionDeniedError):
        register(app, built.as_clerk, [built.division])


@pytest.mark.parametrize(("units", "endpoint", "error"), [
    ("unknown", "https://h.vn/", NotFoundError), ("division", "ftp://h.vn/", InvalidCommandError),
])
def test_an_unknown_unit_or_a_bad_endpoint_is_refused_and_records_nothing(app, world, units, endpoint, error):
    built, admin = world
    before = app.recorder.max_notification_id()

    with pytest.raises(error):
        register(app, admin, [uuid4() if units == "unknown" else built.division], endpoint)

    assert app.recorder.max_notification_id() == before


def test_a_deleted_subscription_cannot_be_resumed(app, world):
    built, admin = world
    subscription_id = register(app, admin, [])
    app.delete_webhook(admin, WebhookStep(subscription_id, "Ngừng"))

    with pytest.raises(InvalidCommandError, match="đã bị xoá"):
        app.resume_webhook(admin, WebhookStep(subscription_id, ""))
