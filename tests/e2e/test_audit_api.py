"""The audit API: only an auditor or an admin reads it, only an admin seals, and answers name positions."""

from __future__ import annotations

import pytest
from eventsourcing.utils import get_topic

from domain.nomination import Nomination
from domain.values import Role
from tests.builders import grant, person

pytest_plugins = ("tests.e2e.api_support",)

AUDITOR, ADMIN, SECRETARY = ("p019", "auditor"), ("p046", "admin"), ("p005", "secretariat")
READ_ROUTES = ["/verify", "/diff?from=1&to=5", "/items/8d3b2f9e-3b1c-4c7e-9a55-2f1f0f0f0f0f?as_of=3"]


@pytest.fixture
def decided(demo_container):
    """The first nomination the demo decided, with the position of that decision."""
    return demo_container.app.recorder.select_notifications(0, 1, topics=[get_topic(Nomination.Decided)])[0]


@pytest.mark.parametrize("route", READ_ROUTES)
def test_audit_reads_need_a_token_of_an_auditor_or_an_admin(client, bearer, route):
    assert client.get(f"/api/v1/audit{route}").status_code == 401
    assert client.get(f"/api/v1/audit{route}", headers=bearer(*SECRETARY)).status_code == 403


def test_an_auditor_reads_why_an_award_was_granted_and_the_seal_over_it(client, bearer, openapi, decided):
    response = client.get(f"/api/v1/audit/nominations/{decided.originator_id}/explanation", headers=bearer(*AUDITOR))

    body = openapi.check(response)
    assert body["stages"][-1]["event"] == "Decided" and body["as_of"] == decided.id
    assert body["seal"]["intact"] is True and body["seal"]["position"] >= decided.id


def test_an_item_reads_as_of_a_position_or_a_timestamp(client, bearer, openapi, decided):
    route, headers = f"/api/v1/audit/items/{decided.originator_id}", bearer(*AUDITOR)

    before = openapi.check(client.get(f"{route}?as_of={decided.id - 1}", headers=headers))
    after = openapi.check(client.get(f"{route}?as_of={decided.id}", headers=headers))
    later = openapi.check(client.get(f"{route}?as_of=2100-01-01T00:00:00", headers=headers))

    assert (before["state"]["stage"], after["state"]["stage"], later["state"]["stage"]) == ("in_decision", "decided", "decided")


def test_diff_lists_the_steps_between_two_positions(client, bearer, openapi):
    body = openapi.check(client.get("/api/v1/audit/diff?from=100&to=110", headers=bearer(*AUDITOR)))

    assert [c["position"] for c in body["changes"]] == list(range(101, 111))


def test_verify_reports_the_whole_ledger_clean(client, bearer, openapi, demo_container):
    body = openapi.check(client.get("/api/v1/audit/verify", headers=bearer(*ADMIN)))

    assert body["ok"] is True and body["checked"] == demo_container.app.recorder.max_notification_id()


def test_only_an_admin_seals_the_ledger_and_an_auditor_token_writes_nothing(api_world):
    app = api_world.world.app
    officer = person(app, "officer", "Quản trị viên", api_world.world.department)
    grant(app, officer, Role.ADMIN, None)
    grant(app, officer, Role.AUDITOR, None)

    seals = "/api/v1/audit/seals"
    refused = api_world.client.post(seals, json={}, headers=api_world.token(officer, Role.AUDITOR))
    sealed = api_world.client.post(seals, json={"reason": "Cuối quý"}, headers=api_world.token(officer, Role.ADMIN))

    assert refused.status_code == 403
    assert sealed.status_code == 201 and sealed.get_json()["intact"] is True and sealed.get_json()["reason"] == "Cuối quý"
