"""Signing a decision through the API (issue #21 item 3): a token whose person must use a second factor signs only
with a current code in X-Thidua-TOTP (401 without it or with a wrong or used one, 403 when the person never
enrolled), answers the OpenAPI document names; a role that needs no second factor signs nothing here."""

from __future__ import annotations

import pytest

from domain import commands as c
from domain.values import Role
from tests.application.test_lifecycle import to_voted
from tests.second_factor import code_header, enrol_account

pytest_plugins = ("tests.e2e.api_support",)


@pytest.fixture
def drafted(api_world, clock):
    world = api_world.world
    voted = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = world.app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "01/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến", clock().date(), world.signer,
        "Giám đốc Sở", [voted]))
    api_world.container.projector.catch_up()
    return f"/api/v1/decisions/{decision}/signature"


def sign(api_world, path: str, **headers: str):
    token = api_world.token(api_world.world.signer, Role.SIGNER)
    return api_world.client.post(path, json={}, headers={**token, **headers})


def test_a_signer_who_never_enrolled_is_told_to_enrol_first(api_world, drafted):
    answer = sign(api_world, drafted)

    assert answer.status_code == 403 and "bật xác thực hai lớp" in api_world.openapi.check(answer)["message"]


def test_a_signer_signs_only_with_a_current_unused_code(api_world, drafted):
    app = api_world.client.application
    phone = enrol_account(app, "lanhdao", api_world.world.signer)
    missing = sign(api_world, drafted)
    wrong = sign(api_world, drafted, **{"X-Thidua-TOTP": "000000" if phone.code() != "000000" else "111111"})
    good = code_header(app, "lanhdao")
    signed = sign(api_world, drafted, **good)
    replayed = sign(api_world, drafted, **good)

    assert missing.status_code == 401 and "X-Thidua-TOTP" in api_world.openapi.check(missing)["message"]
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert wrong.status_code == 401 and "không đúng" in api_world.openapi.check(wrong)["message"]
    assert api_world.openapi.check(signed)["position"] > 0
    assert replayed.status_code == 401


def test_the_openapi_document_names_the_header_on_the_signing_path_only(api_world):
    paths = api_world.client.get("/api/v1/openapi.json").get_json()["paths"]
    named = {path for path, operations in paths.items() for operation in operations.values() if isinstance(operation, dict)
             for parameter in operation.get("parameters", []) if parameter.get("name") == "X-Thidua-TOTP"}
    signing = paths["/api/v1/decisions/{decision_id}/signature"]["post"]

    assert named == {"/api/v1/decisions/{decision_id}/signature"}
    assert {"401", "403"} <= set(signing["responses"])
