"""Issue #21 webhooks on both stores: signed deliveries to a real HTTP receiver, the subscriber's scope as the
event feed decides it, retries with back-off under freezegun, dead letters and their recorded replay."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from adapters.rulebook import ensure_shipped_rules
from adapters.webhooks import Webhooks, fingerprint, webhook_checkpoints
from adapters.webhooks_delivery import Deliverer, Policy
from domain import commands as c
from domain.clock import utc_now
from domain.values import Actor, Role
from domain.webhooks import WebhookStep, webhook_id
from tests.builders import build_world, grant, launch_campaign, person
from tests.reliability.paths import voted
from tests.integration.ledger_store import open_store
from tests.webhook_receiver import receiving, types

START = datetime(2025, 12, 1, 2, tzinfo=timezone.utc)
DOSSIER_TYPES = ["NominationDrafted", "NominationSubmitted", "StageApproved"]


@pytest.fixture
def office(database_url, tmp_path):
    """A department and its division, a launched campaign, an administrator; webhooks on the same store."""
    container = open_store(database_url, tmp_path, utc_now, synchronous=True)
    with freeze_time(START):
        ensure_shipped_rules(container.app)
        world = build_world(container.app, members=0, staff=2)
        launch_campaign(world)
        admin = person(container.app, "admin", "Đinh Quản Trị", world.department)
        grant(container.app, admin, Role.ADMIN, None)
    with receiving() as receiver:
        yield container, world, Actor(admin, Role.ADMIN), Webhooks(container.app, container.projector.engine), receiver
    container.close()


def deliverer(container, hooks, **policy) -> Deliverer:
    return Deliverer(container.app, container.read_engine, hooks, container.inline.position, Policy(**policy))


def nominate(world) -> None:
    app = world.app
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Hoàn thành tốt."))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))


def subscribe(hooks, admin, receiver, unit, scopes=("dossiers",), event_types=DOSSIER_TYPES):
    subscription_id, secret = hooks.register(admin, "Cổng dữ liệu tỉnh", receiver.url, [unit], list(scopes), list(event_types))
    receiver.secrets.append(secret)
    return subscription_id


@freeze_time(START + timedelta(hours=1))
def test_each_event_in_scope_arrives_signed_once_with_a_stable_id(office):
    container, world, admin, hooks, receiver = office
    subscription_id = subscribe(hooks, admin, receiver, world.division)
    nominate(world)

    counts = deliverer(container, hooks).tick()
    again = deliverer(container, hooks).tick()

    assert (counts.delivered, counts.failed, again.delivered) == (3, 0, 0)
    assert types(receiver) == DOSSIER_TYPES and receiver.refused == []
    positions = [body["data"]["position"] for body in receiver.unique().values()]
    assert list(receiver.unique()) == [webhook_id(subscription_id, p) for p in positions]
    assert receiver.unique()[webhook_id(subscription_id, positions[0])]["data"]["data"]["nominee_id"] == str(world.staff[0])
    with container.projector.engine.connect() as conn:
        assert conn.scalar(select(webhook_checkpoints.c.position)) == container.app.recorder.max_notification_id()
    registered = container.app.subscription(subscription_id)
    assert registered.secret_fingerprint == fingerprint(receiver.secrets[0]) and receiver.secrets[0] not in str(registered.summary())


@freeze_time(START + timedelta(hours=1))
@pytest.mark.parametrize("scoped", ["other unit", "no dossiers scope"])
def test_a_subscriber_sees_nothing_outside_its_scope(office, scoped):
    container, world, admin, hooks, receiver = office
    unit, scopes = (world.department, ["dossiers"]) if scoped == "other unit" else (world.division, ["ratings"])
    subscribe(hooks, admin, receiver, unit, scopes)
    nominate(world)

    counts = deliverer(container, hooks).tick()

    assert counts.delivered == 0 and receiver.received == []


def test_failures_are_retried_with_back_off_then_dead_lettered_and_replayed_by_an_admin(office):
    container, world, admin, hooks, receiver = office
    with freeze_time(START + timedelta(hours=1)) as clock:
        subscription_id = subscribe(hooks, admin, receiver, world.division, event_types=["NominationDrafted", "NominationSubmitted"])
        nominate(world)
        receiver.answer = 503
        send = deliverer(container, hooks, max_attempts=3, backoff=30).tick
        failures = []
        for wait in (0, 29, 1, 59, 1):
            clock.tick(wait)
            failures.append(send())
        receiver.answer = 204
        clock.tick(29)
        too_soon = send().delivered
        clock.tick(1)
        next_one = send().delivered
        dead = hooks.dead_letters(subscription_id)
        hooks.replay(admin, subscription_id, None, utc_now())
        replayed = send().delivered

    assert [(f.failed, f.dead) for f in failures] == [(1, 0), (0, 0), (1, 0), (0, 0), (1, 1)]  # the 3rd failure buries it
    assert (too_soon, next_one, replayed) == (0, 1, 1)
    assert [(d["state"], d["attempts"]) for d in dead] == [("dead", 3)]
    positions = sorted(body["data"]["position"] for body in receiver.unique().values())
    assert set(receiver.unique()) == {webhook_id(subscription_id, p) for p in positions} and len(positions) == 2
    assert dead[0]["webhook_id"] == webhook_id(subscription_id, positions[0])
    assert [d["state"] for d in hooks.dead_letters(subscription_id)] == ["delivered"]
    replay = container.app.events.get(subscription_id)
    last = list(replay)[-1]
    assert (type(last).__name__, last.positions, last.by, last.role) == ("WebhookDeadLettersReplayed", [positions[0]], admin.person_id, "admin")


def test_after_a_rotation_both_secrets_sign_until_the_overlap_ends(office):
    """Standard Webhooks' rotation: each delivery carries one signature per secret in use, so a receiver that has
    not yet taken the new secret still verifies until the overlap ends; then only the new one signs."""
    container, world, admin, hooks, receiver = office
    with freeze_time(START + timedelta(hours=1)) as frozen:
        subscription_id = subscribe(hooks, admin, receiver, world.division)
        old = receiver.secrets[0]
        new = hooks.rotate(admin, subscription_id)
        nominate(world)
        frozen.move_to(START + timedelta(hours=2))
        receiver.secrets[:] = [old]
        assert deliverer(container, hooks, batch=1).tick().delivered == 3 and receiver.refused == []
        signatures = receiver.arrivals[-1][0]["webhook-signature"].split(" ")
        assert len(signatures) == 2 and all(s.startswith("v1,") for s in signatures)

        receiver.secrets[:] = [new]
        app = world.app
        later = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Tốt."))
        frozen.move_to(START + timedelta(hours=1) + hooks.overlap + timedelta(seconds=1))
        app.submit_nomination(world.as_clerk, c.SubmitNomination(later))
        assert deliverer(container, hooks).tick().delivered == 2 and receiver.refused == []
        headers, body = receiver.arrivals[-1]
        assert len(headers["webhook-signature"].split(" ")) == 1
        with pytest.raises(WebhookVerificationError):
            Webhook(old).verify(body, headers)
    hooks.delete(admin, WebhookStep(subscription_id, "thôi nhận"))
    assert hooks.signing_secrets(subscription_id, START + timedelta(hours=2)) == []


@freeze_time(START + timedelta(hours=1))
def test_a_paused_subscription_waits_and_a_deleted_one_loses_its_secret(office):
    container, world, admin, hooks, receiver = office
    subscription_id = subscribe(hooks, admin, receiver, world.division)
    container.app.pause_webhook(admin, WebhookStep(subscription_id, "Bảo trì"))
    nominate(world)

    paused = deliverer(container, hooks).tick().delivered
    container.app.resume_webhook(admin, WebhookStep(subscription_id, ""))
    resumed = deliverer(container, hooks).tick().delivered
    hooks.delete(admin, WebhookStep(subscription_id, "Ngừng tích hợp"))

    assert (paused, resumed) == (0, 3)
    assert hooks.secret(subscription_id) is None and container.app.subscription(subscription_id).deleted


def test_no_ballot_reaches_a_subscriber_even_with_every_data_scope(database_url, tmp_path, clock):
    container = open_store(database_url, tmp_path, clock, synchronous=True)
    ensure_shipped_rules(container.app)
    world = build_world(container.app, members=3, staff=1)
    launch_campaign(world)
    hooks = Webhooks(container.app, container.projector.engine)
    with receiving() as receiver:
        subscribe(hooks, Actor.system(), receiver, world.division, ["dossiers", "ratings", "discipline"],
                  ["BallotCast", "SessionConvened", "NominationSubmitted"])
        voted(world, clock, world.staff)
        deliverer(container, hooks).tick()
    cast = [n for n in container.app.recorder.select_notifications(1, 10_000) if n.topic.endswith("BallotCast")]
    container.close()

    assert sorted(types(receiver)) == ["NominationSubmitted", "SessionConvened"] and len(cast) == 3
