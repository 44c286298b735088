"""The search box on every page, the results page grouped by kind with links, and GET /api/v1/search."""

from __future__ import annotations

import pytest

from domain import commands as c
from domain.organisation import Person
from domain.values import Role
from tests.builders import grant, person
from tests.e2e.ui_support import page_text, post, signed_in_admin, ui_world_fixture

ui = ui_world_fixture("search")


@pytest.fixture(scope="module")
def nominated(ui):
    """«Nguyễn Văn A» of the division, with a dossier drafted by the division's clerk."""
    app, world = ui.container.app, ui.world
    nominee = person(app, "nva", "Nguyễn Văn A", world.division, {y: "HTTNV" for y in range(2022, 2026)})
    ui.clock.set(2025, 12, 1, 9)
    dossier = app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", "LDTT", "Thành tích"))
    ui.container.projector.catch_up()
    return nominee, dossier


def token(ui, person_id, role: Role) -> dict[str, str]:
    _token, secret = ui.app.extensions["thidua_tokens"].create(person_id, role)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("path", ["/", "/public", "/search"])
def test_every_page_has_the_search_box(ui, path):
    page = ui.client().get(path).get_data(as_text=True)

    assert 'role="search"' in page and 'name="q"' in page and 'action="/search"' in page


def test_results_are_grouped_by_kind_with_links_to_the_dossier(ui, nominated):
    nominee, dossier = nominated

    response = ui.signed_in("truongphong").get("/search?q=nguyen+van+a")
    text = page_text(response)

    assert response.status_code == 200
    assert "Cán bộ, công chức" in text and "Hồ sơ đề nghị" in text and "Nguyễn Văn A" in text
    assert f'href="/nominations/{dossier}"' in response.get_data(as_text=True)
    assert "Lao động tiên tiến 2025" in text and "LDTT" not in text


def test_a_clerk_of_another_unit_finds_the_person_not_the_dossier(ui, nominated):
    nominee, _dossier = nominated
    clerk = person(ui.container.app, "clerk-so", "Văn Thư Sở", ui.world.department)
    grant(ui.container.app, clerk, Role.UNIT_CLERK, ui.world.department)
    ui.container.projector.catch_up()

    answer = ui.client().get("/api/v1/search?q=nguyen van a", headers=token(ui, clerk, Role.UNIT_CLERK))

    assert [(i["kind"], i["item_id"]) for i in answer.get_json()["items"]] == [("person", str(nominee))]


def test_nothing_found_is_said_in_vietnamese(ui):
    assert "Không tìm thấy kết quả nào cho «không ai có tên này»" in page_text(ui.client().get("/search?q=không+ai+có+tên+này"))


def test_a_too_long_query_is_a_400_page_in_vietnamese(ui):
    response = ui.client().get("/search?q=" + "a" * 201)

    assert response.status_code == 400 and "dài quá 200 ký tự" in page_text(response)


def test_the_api_answers_with_the_readers_results(ui, nominated):
    nominee, dossier = nominated
    answer = ui.client().get("/api/v1/search?q=Nguyễn Văn A", headers=token(ui, ui.world.head, Role.UNIT_HEAD))

    assert answer.status_code == 200
    assert [(i["kind"], i["item_id"]) for i in answer.get_json()["items"]] == [("person", str(nominee)), ("nomination", str(dossier))]


@pytest.mark.parametrize("query", ["", "?q=", "?q=" + "x" * 201, "?q=a&limit=0"])
def test_the_api_refuses_a_missing_or_oversized_query_with_422(ui, query):
    answer = ui.client().get(f"/api/v1/search{query}", headers=token(ui, ui.world.head, Role.UNIT_HEAD))

    assert answer.status_code == 422


def test_the_api_asks_for_a_token(ui):
    assert ui.client().get("/api/v1/search?q=nguyen").status_code == 401


@pytest.fixture(scope="module")
def admin(ui):
    return signed_in_admin(ui)


def registered(admin, key: str, name: str, citizen_id: str = "", born_on: str = "", unit=None):
    return post(admin, "/admin/people", {
        "key": key, "full_name": name, "gender": "m", "unit": str(unit), "position": "Chuyên viên",
        "citizen_id": citizen_id, "born_on": born_on,
    })


def test_registering_a_possible_duplicate_is_done_and_the_page_warns(ui, admin):
    division = ui.world.division
    first = registered(admin, "trung-1", "Phạm Đức Trung", "001080000123", "1980-07-15", division)
    second = registered(admin, "trung-2", "PHAM DUC TRUNG", "", "1980-07-15", division)
    third = registered(admin, "trung-3", "Lê Thị Khác", "001080000123", "", division)

    assert (first.status_code, second.status_code, third.status_code) == (303, 303, 303)
    warning = page_text(admin.get(second.headers["Location"]))
    assert "Có thể trùng với cán bộ đã có" in warning and "Phạm Đức Trung (trùng họ tên (không dấu) và ngày sinh)" in warning
    assert "Phạm Đức Trung (trùng số căn cước công dân)" in page_text(admin.get(third.headers["Location"]))
    assert "Có thể trùng" not in page_text(admin.get(f"/admin/people/{Person.create_id('admin')}"))


def test_a_malformed_citizen_id_is_refused_on_the_form_in_vietnamese(ui, admin):
    answer = registered(admin, "sai-cccd", "Người Sai Số", "12345", "", ui.world.division)

    assert answer.status_code == 200 and "phải gồm đúng 12 chữ số" in page_text(answer)
    assert Person.create_id("sai-cccd") not in ui.container.app.repository
