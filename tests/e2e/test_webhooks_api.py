"""Webhook subscriptions over the API (issue #21): an administrator's token registers (the secret answered
once), changes, pauses and re-keys, each a ledger fact; answers match the OpenAPI document; bad input is 422
in Vietnamese, other roles 403, an unknown subscription 404."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.values import Role
from tests.builders import grant, person

pytest_plugins = ("tests.e2e.api_support",)
BODY = {"label": "Cổng dữ liệu tỉnh", "endpoint": "https://cong.so-a.gov.vn/hooks", "scopes": ["dossiers"], "event_types": ["StageApproved"]}


@pytest.fixture(scope="module")
def admin(shared_world) -> dict[str, str]:
    someone = person(shared_world.world.app, "quantri", "Đinh Quản Trị", shared_world.world.department)
    grant(shared_world.world.app, someone, Role.ADMIN, None)
    return shared_world.token(someone, Role.ADMIN)


def register(api, admin) -> dict:
    answer = api.client.post("/api/v1/webhooks", json={**BODY, "units": [str(api.world.division)]}, headers=admin)
    assert answer.status_code == 201, answer.get_json()
    return api.openapi.check(answer)


def test_an_admin_registers_reads_changes_pauses_and_rekeys(shared_world, admin):
    api = shared_world
    created = register(api, admin)
    hook = f"/api/v1/webhooks/{created['id']}"

    scope = {k: v for k, v in BODY.items() if k != "label"}
    changed = api.client.post(f"{hook}/scope", json={**scope, "endpoint": "https://cong.so-a.gov.vn/v2", "reason": "Đổi"}, headers=admin)
    paused = api.client.post(f"{hook}/pause", json={"reason": "Bảo trì"}, headers=admin)
    rotated = api.client.post(f"{hook}/secret-rotations", headers=admin)
    listing = api.client.get("/api/v1/webhooks", headers=admin)
    dead = api.client.get(f"{hook}/dead-letters", headers=admin)

    assert [a.status_code for a in (changed, paused, rotated, listing, dead)] == [200, 200, 200, 200, 200]
    found = next(s for s in api.openapi.check(listing)["items"] if s["subscription_id"] == created["id"])
    assert (found["endpoint"], found["paused"], found["units"]) == ("https://cong.so-a.gov.vn/v2", True, [])
    assert created["secret"].startswith("whsec_") and api.openapi.check(rotated)["secret"] != created["secret"]
    assert created["secret"] not in listing.get_data(as_text=True) and api.openapi.check(dead)["items"] == []
    events = [type(e).__name__ for e in api.container.app.events.get(UUID(created["id"]))]
    assert events == ["WebhookRegistered", "WebhookScopeChanged", "WebhookPaused", "WebhookSecretRotated"]


@pytest.mark.parametrize(("change", "field"), [
    ({"endpoint": "gopher://x.vn/"}, None), ({"event_types": ["KhongCo"]}, "event_types"),
    ({"scopes": ["ballots"]}, "scopes"), ({"event_types": []}, "event_types"), ({"units": ["không-phải-uuid"]}, "units"),
])
def test_bad_input_is_422_and_records_nothing(shared_world, admin, change, field):
    before = shared_world.container.app.recorder.max_notification_id()

    answer = shared_world.client.post("/api/v1/webhooks", json={**BODY, **change}, headers=admin)

    assert answer.status_code == 422, answer.get_json()
    assert field is None or field in answer.get_json()["errors"]["json"]
    assert shared_world.container.app.recorder.max_notification_id() == before


def test_an_unknown_url_scheme_is_said_in_vietnamese(shared_world, admin):
    answer = shared_world.client.post("/api/v1/webhooks", json={**BODY, "endpoint": "ftp://x.vn/"}, headers=admin)

    assert "http:// hoặc https://" in answer.get_json()["message"]


def test_other_roles_may_neither_register_nor_read(shared_world):
    api = shared_world
    clerk = api.token(api.world.clerk, Role.UNIT_CLERK)

    assert api.client.post("/api/v1/webhooks", json=BODY, headers=clerk).status_code == 403
    assert api.client.get("/api/v1/webhooks", headers=clerk).status_code == 403
    assert api.client.get("/api/v1/webhooks").status_code == 401


def test_an_unknown_subscription_is_404(shared_world, admin):
    hook = f"/api/v1/webhooks/{uuid4()}"

    assert shared_world.client.post(f"{hook}/pause", json={}, headers=admin).status_code == 404
    assert shared_world.client.get(f"{hook}/dead-letters", headers=admin).status_code == 404
    assert shared_world.client.post(f"{hook}/dead-letters/replay", json={}, headers=admin).status_code == 404
