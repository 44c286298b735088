"""The working calendar over the API: anyone reads a year's holidays; an administrator declares a year (a
government swap) with POST /api/v1/holiday-years/<year>, recorded in the ledger and counted from then on."""

from __future__ import annotations

from domain.values import Role
from tests.builders import grant, person

pytest_plugins = ("tests.e2e.api_support",)

SWAP = {
    "days_off": [{"on": "2027-02-04", "name": "29 Tết"}, {"on": "2027-02-05", "name": "Giao thừa Tết Nguyên Đán"},
                 {"on": "2027-02-11", "name": "Nghỉ hoán đổi"}],
    "working_days": [{"on": "2027-02-20", "name": "Làm bù cho ngày 11/02/2027"}],
    "basis": "Thông báo hoán đổi ngày làm việc dịp Tết 2027", "reason": "Chính phủ cho nghỉ thêm",
}


def admin_token(api_world) -> dict[str, str]:
    admin = person(api_world.world.app, "quantri", "Đinh Quản Trị", api_world.world.department)
    grant(api_world.world.app, admin, Role.ADMIN, None)
    return api_world.token(admin, Role.ADMIN)


def test_anyone_reads_the_shipped_year(api_world):
    answer = api_world.client.get("/api/v1/holiday-years/2027")

    body = api_world.openapi.check(answer)
    assert body["known"] and {"on": "2027-02-05", "name": "Giao thừa Tết Nguyên Đán"} in body["days_off"]
    assert api_world.client.get("/api/v1/holiday-years/2040").get_json()["known"] is False


def test_an_administrator_declares_a_year_and_it_is_read_back(api_world):
    answer = api_world.client.post("/api/v1/holiday-years/2027", json=SWAP, headers=admin_token(api_world))

    assert answer.status_code == 200, answer.get_json()
    body = api_world.client.get("/api/v1/holiday-years/2027").get_json()
    assert [d["on"] for d in body["days_off"]] == ["2027-02-04", "2027-02-05", "2027-02-11"]
    assert body["working_days"] == [{"on": "2027-02-20", "name": "Làm bù cho ngày 11/02/2027"}]


def test_a_secretariat_token_may_not_declare(api_world):
    answer = api_world.post("/holiday-years/2027", SWAP, api_world.world.secretary, Role.SECRETARIAT)

    assert answer.status_code == 403


def test_a_weekend_day_off_is_refused_with_a_vietnamese_reason(api_world):
    bad = {**SWAP, "days_off": [{"on": "2027-02-06", "name": "Mùng một Tết"}]}

    answer = api_world.client.post("/api/v1/holiday-years/2027", json=bad, headers=admin_token(api_world))

    assert answer.status_code == 422 and "thứ Bảy hoặc Chủ nhật" in answer.get_json()["message"]


def test_a_malformed_date_is_422(api_world):
    bad = {**SWAP, "days_off": [{"on": "11/02/2027", "name": "x"}]}

    assert api_world.client.post("/api/v1/holiday-years/2027", json=bad, headers=admin_token(api_world)).status_code == 422
