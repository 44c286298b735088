"""Each error mapping of the API once: tokens (401/403), domain errors (403/404/409/422), shapes (422)."""

import time
from uuid import UUID, uuid4

import pytest

from adapters.tokens import TokenStore
from domain import commands as c
from domain.exceptions import ConflictError
from domain.values import Actor, Role
from web import create_app
from web.api.base import public

pytest_plugins = ("tests.e2e.api_support",)
SYSTEM = Actor.system()


@pytest.fixture
def w(shared_world):
    shared_world.clock.set(2025, 12, 1, 9)
    return shared_world


def drafted(w, staff: int) -> UUID:
    """A nomination of one staff member (each test its own), drafted by the world's clerk."""
    world = w.world
    return w.container.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[staff], "individual", "LDTT", "Thành tích"))


def submitted(w, staff: int) -> UUID:
    n = drafted(w, staff)
    w.container.app.submit_nomination(w.world.as_clerk, c.SubmitNomination(n))
    return n


def refused(w, response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_json()
    body = w.openapi.check(response)
    assert body["code"] == code and body["status"] == status and body["message"]
    return body


def test_write_without_a_token_is_401(w):
    refused(w, w.client.post("/api/v1/nominations", json={}), 401, "unauthorized")


def test_unknown_or_revoked_token_is_401(w):
    headers = w.token(w.world.clerk, Role.UNIT_CLERK)
    w.store.revoke(w.store.list()[-1].token_id)

    refused(w, w.client.get("/api/v1/nominations", headers=headers), 401, "unauthorized")
    refused(w, w.client.get("/api/v1/nominations", headers={"Authorization": "Bearer thd_nope"}), 401, "unauthorized")


def test_token_for_a_role_the_person_does_not_hold_is_401(w):
    refused(w, w.client.get("/api/v1/nominations", headers=w.token(w.world.clerk, Role.SIGNER)), 401, "unauthorized")


def test_read_only_token_cannot_write(w):
    headers = w.token(w.world.clerk, Role.UNIT_CLERK, read_only=True)

    refused(w, w.client.post(f"/api/v1/nominations/{drafted(w, 0)}/submissions", json={}, headers=headers), 403, "forbidden")


def test_integration_tokens_are_always_read_only(w):
    token, _secret = w.store.create(w.world.clerk, Role.INTEGRATION, read_only=False)

    assert token.read_only is True


def test_each_use_of_a_token_is_recorded(w):
    w.client.get("/api/v1/units?page_size=1", headers=w.token(w.world.head, Role.UNIT_HEAD))

    token = w.store.list()[-1]
    assert [(u["method"], u["path"], u["status"]) for u in w.store.uses(token.token_id)] == [("GET", "/api/v1/units?page_size=1", 200)]
    assert w.store.get(token.token_id).last_used_at is not None


def test_uses_reach_the_database_by_themselves_within_a_second(w):
    """Another process (here: another store on the same database) sees a use without anyone flushing."""
    w.client.get("/api/v1/units?page_size=2", headers=w.token(w.world.head, Role.UNIT_HEAD))
    token_id = max(t.token_id for t in TokenStore(w.container.projector.engine).list())
    elsewhere = TokenStore(w.container.projector.engine)

    deadline = time.monotonic() + 5
    while not elsewhere.uses(token_id) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [u["path"] for u in elsewhere.uses(token_id)] == ["/api/v1/units?page_size=2"]


def test_role_the_command_does_not_accept_is_403(w):
    response = w.post(f"/nominations/{submitted(w, 1)}/approvals", {"stage": "unit_approved"}, w.world.clerk, Role.UNIT_CLERK)

    refused(w, response, 403, "permission_denied")


def test_unknown_item_is_404(w):
    refused(w, w.post(f"/nominations/{uuid4()}/submissions", {}, w.world.clerk, Role.UNIT_CLERK), 404, "not_found")


def test_inconsistent_command_is_422(w):
    response = w.post(f"/nominations/{submitted(w, 2)}/returns", {"to_stage": "drafted", "reason": "   "}, w.world.head, Role.UNIT_HEAD)

    refused(w, response, 422, "invalid")


def test_badly_shaped_body_is_422_naming_the_fields(w):
    response = w.post("/nominations", {"campaign_id": "not-a-uuid", "surprise": 1}, w.world.clerk, Role.UNIT_CLERK)

    errors = refused(w, response, 422, "unprocessable_entity")["errors"]["json"]
    assert {"campaign_id", "surprise", "nominee_id"} <= set(errors)


def test_second_sign_up_is_a_409_duplicate(w):
    body = {"participant_id": str(w.world.division), "participant_kind": "unit"}
    w.clock.set(2025, 3, 1, 9)
    w.post(f"/campaigns/{w.world.campaign}/sign-ups", body, w.world.clerk, Role.UNIT_CLERK)

    refused(w, w.post(f"/campaigns/{w.world.campaign}/sign-ups", body, w.world.clerk, Role.UNIT_CLERK), 409, "duplicate")


def test_step_out_of_order_is_a_409(w):
    response = w.post(f"/nominations/{submitted(w, 3)}/approvals", {"stage": "checked"}, w.world.secretary, Role.SECRETARIAT)

    refused(w, response, 409, "stage_order")


def test_proposer_approving_their_own_dossier_is_a_409(w):
    w.container.app.grant_role(SYSTEM, c.GrantRole(w.world.clerk, "unit_head", w.world.division))

    response = w.post(f"/nominations/{submitted(w, 4)}/approvals", {"stage": "unit_approved"}, w.world.clerk, Role.UNIT_HEAD)

    refused(w, response, 409, "separation_of_duties")


def test_ineligible_nominee_is_a_409_with_every_unmet_criterion(w):
    w.container.app.record_rating(SYSTEM, c.RecordRating(w.world.staff[5], 2025, "HTNV", "Kết quả đánh giá cuối năm"))

    body = refused(w, w.post(f"/nominations/{drafted(w, 5)}/submissions", {}, w.world.clerk, Role.UNIT_CLERK), 409, "rule_violation")

    assert body["details"] and all(d["article"] for d in body["details"])


def test_acting_after_the_campaign_closed_its_period_is_a_409(w):
    w.clock.set(2026, 1, 5, 9)
    body = {"participant_id": str(w.world.staff[6]), "participant_kind": "person"}

    refused(w, w.post(f"/campaigns/{w.world.campaign}/sign-ups", body, w.world.clerk, Role.UNIT_CLERK), 409, "campaign_not_open")


def test_concurrent_change_is_a_409_conflict(w):
    app = create_app({"TESTING": True}, container=w.container)

    def boom():
        raise ConflictError("Dữ liệu vừa được người khác thay đổi.")

    app.add_url_rule("/api/v1/boom", view_func=public(boom))

    response = app.test_client().get("/api/v1/boom")

    assert response.status_code == 409 and w.openapi.error(response)["code"] == "conflict"
