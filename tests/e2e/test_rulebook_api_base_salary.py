"""GET /api/v1/rulebook gives both halves of every amount: the coefficients and the base salary in force."""

import pytest

from domain.values import Role

pytest_plugins = ("tests.e2e.api_support",)


@pytest.mark.parametrize(("on", "amount", "text", "effective_from"), [
    pytest.param("2024-06-30", 1_800_000, "Nghị định 24/2023/NĐ-CP", "2023-07-01", id="2024-06-30 → 1,800,000"),
    pytest.param("2024-07-01", 2_340_000, "Điều 3 khoản 2 Nghị định 73/2024/NĐ-CP", "2024-07-01", id="2024-07-01 → 2,340,000"),
    pytest.param("2025-07-01", 2_340_000, "Điều 3 khoản 2 Nghị định 73/2024/NĐ-CP", "2024-07-01", id="ND 152 → 2,340,000"),
])
def test_rulebook_gives_the_base_salary_in_force_on_the_date(client, openapi, on, amount, text, effective_from):
    body = openapi.check(client.get(f"/api/v1/rulebook?as_of={on}"))

    assert body["base_salary"]["amount"] == amount
    assert body["base_salary"]["article"] == text
    assert body["base_salary"]["effective_from"] == effective_from


def test_the_base_salary_is_documented_in_the_openapi_schema(openapi):
    schemas = openapi.document["components"]["schemas"]
    rulebook = schemas["Rulebook"]["properties"]["base_salary"]
    reference = rulebook.get("$ref") or rulebook["allOf"][0]["$ref"]

    assert {"amount", "article", "effective_from"} <= set(schemas[reference.rsplit("/", 1)[1]]["properties"])
    assert "Art. 49(1)" in rulebook["description"]


def test_rulebook_lists_what_a_decision_of_the_date_cites(client, openapi):
    before = openapi.check(client.get("/api/v1/rulebook?as_of=2025-08-03"))["legal_bases"]
    after = openapi.check(client.get("/api/v1/rulebook?as_of=2025-08-04"))["legal_bases"]

    assert not any("15/2025/TT-BNV" in b for b in before)
    assert any("15/2025/TT-BNV" in b for b in after)


def test_sign_up_with_a_title_outside_the_catalogue_is_refused(api_world):
    w = api_world
    w.clock.set(2025, 3, 1, 9)
    body = {"participant_id": str(w.world.division), "participant_kind": "unit", "registered_titles": ["FOO_BAR"]}

    response = w.post(f"/campaigns/{w.world.campaign}/sign-ups", body, w.world.clerk, Role.UNIT_CLERK)

    assert 400 <= response.status_code < 500
    refusal = w.openapi.check(response)
    assert refusal["code"] == "unknown_title" and "FOO_BAR" in refusal["message"]


def test_withdrawal_without_a_reason_is_refused(api_world):
    w = api_world
    w.clock.set(2025, 3, 1, 9)
    body = {"participant_id": str(w.world.division), "participant_kind": "unit", "registered_titles": ["TLDTT"]}
    participation = w.post(f"/campaigns/{w.world.campaign}/sign-ups", body, w.world.clerk, Role.UNIT_CLERK).get_json()["id"]

    response = w.post(f"/participations/{participation}/withdrawal", {"reason": " "}, w.world.clerk, Role.UNIT_CLERK)

    assert response.status_code == 422
    assert "lý do" in w.openapi.check(response)["message"]
