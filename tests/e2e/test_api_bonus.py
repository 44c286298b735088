"""The agency bonus fund (Decree 73/2024 Art. 4) over the API: open, ad hoc, allocate by rating, pay, read."""

from domain.values import Role

pytest_plugins = ("tests.e2e.api_support",)
RULES = "Quy chế tiền thưởng ban hành kèm theo Quyết định 01/QĐ-CNTT"


def test_a_fund_is_opened_paid_by_rating_and_read_back_with_every_payment(api_world, clock):
    w, world = api_world, api_world.world

    def act(path, body, person, role, status=200):
        response = w.post(path, body, person, role)
        assert response.status_code == status, response.get_json()
        return w.openapi.check(response)

    clock.set(2025, 12, 15, 9)
    fund = act("/bonus-funds", {"unit_id": str(world.division), "year": 2025, "salary_fund": 1_000_000_000, "rules_reference": RULES}, world.clerk, Role.UNIT_CLERK, 201)["id"]
    act(f"/bonus-funds/{fund}/ad-hoc-payments", {"person_id": str(world.staff[0]), "amount": 11_700_000, "reason": "Thành tích đột xuất"}, world.head, Role.UNIT_HEAD)
    act(f"/bonus-funds/{fund}/periodic-allocation", {"amount": 60_000_000}, world.clerk, Role.UNIT_CLERK)
    paid = act(f"/bonus-funds/{fund}/periodic-payment", {}, world.head, Role.UNIT_HEAD)
    overspent = w.post(f"/bonus-funds/{fund}/ad-hoc-payments", {"person_id": str(world.staff[1]), "amount": 30_000_000, "reason": "Đột xuất"}, world.head, Role.UNIT_HEAD)
    headers = w.token(world.head, Role.UNIT_HEAD)

    listed = w.openapi.check(w.client.get("/api/v1/bonus-funds?year=2025&status=paid", headers=headers))
    body = w.openapi.check(w.client.get(f"/api/v1/bonus-funds/{fund}", headers=headers))

    assert overspent.status_code == 409 and w.openapi.check(overspent)["code"] == "rule_violation"
    assert "Nghị định 73/2024/NĐ-CP" in overspent.get_json()["message"]
    assert listed["total"] == 1 and listed["items"][0]["balance"] == 100_000_000 - 11_700_000 - 60_000_000
    assert body["as_of"] >= paid["position"] and body["status"] == "paid" and body["ruleset_version"] == "ND152-2025/v1"
    assert sum(p["amount"] for p in body["payments"]) == body["paid_total"] == 71_700_000
    assert {p["level"] for p in body["payments"] if p["kind"] == "periodic"} == {"2.4"}


def test_bonus_funds_name_people_and_money_so_reading_them_needs_a_token(api_world):
    response = api_world.client.get("/api/v1/bonus-funds")

    assert response.status_code == 401


def test_a_fund_that_does_not_exist_is_404(api_world):
    headers = api_world.token(api_world.world.head, Role.UNIT_HEAD)

    response = api_world.client.get("/api/v1/bonus-funds/00000000-0000-0000-0000-000000000000", headers=headers)

    assert response.status_code == 404 and api_world.openapi.check(response)["code"] == "not_found"


def test_levels_name_known_ratings_only(api_world, clock):
    world = api_world.world
    clock.set(2025, 12, 15, 9)
    body = {"unit_id": str(world.division), "year": 2025, "salary_fund": 1_000_000_000, "rules_reference": RULES, "levels": {"XUAT_SAC": 3}}

    response = api_world.post("/bonus-funds", body, world.clerk, Role.UNIT_CLERK)

    assert response.status_code == 422 and "levels" in response.get_json()["errors"]["json"]


def test_the_demo_shows_the_centres_2025_fund_paid_by_rating_and_lapsed(client, bearer):
    response = client.get("/api/v1/bonus-funds?year=2025", headers=bearer("p062", "unit_head"))

    fund = client.get(f"/api/v1/bonus-funds/{response.get_json()['items'][0]['fund_id']}", headers=bearer("p062", "unit_head")).get_json()
    assert response.get_json()["total"] == 1 and fund["status"] == "lapsed"
    assert fund["amount"] == 505_440_000 and fund["lapsed_amount"] == fund["amount"] - fund["paid_total"] > 0
    assert len([p for p in fund["payments"] if p["kind"] == "periodic"]) == 60
