"""The administration pages (issue #18, scope 5): every page renders for the admin, every form posts a command
of the application service (or a change of the account and token stores), others are refused, CSRF holds."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

import pytest
from argon2 import PasswordHasher

from adapters.accounts import AccountStore
from domain.organisation import Cluster, Person, Unit
from domain.values import Role
from projections import queries
from tests.builders import SYSTEM, grant, person
from tests.e2e.ui_support import PASSWORD, make_ui_world, page_text, post

FAST = PasswordHasher(time_cost=1, memory_cost=8 * 1024)


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    world = make_ui_world(tmp_path_factory.mktemp("admin"))
    admin = person(world.container.app, "admin", "Đinh Quản Trị", world.world.department, position="Quản trị hệ thống")
    grant(world.container.app, admin, Role.ADMIN, None)
    world.container.projector.catch_up()
    AccountStore(world.container.projector.engine, hasher=FAST).create_account("quantri", PASSWORD, admin)
    world.accounts["quantri"] = admin
    yield world
    world.close()


@pytest.fixture(scope="module")
def admin(ui):
    return ui.signed_in("quantri")


def ledger(ui) -> int:
    return ui.container.app.recorder.max_notification_id() or 0


def test_every_admin_page_renders_in_vietnamese_and_english(ui, admin):
    w = ui.world
    pages = ["/admin", "/admin/units", f"/admin/units/{w.division}", "/admin/people", f"/admin/people?unit={w.division}",
             f"/admin/people/{w.clerk}", "/admin/clusters", "/admin/overlays", "/admin/accounts",
             "/admin/accounts/canbo/password", "/admin/tokens"]
    for path in pages:
        answer = admin.get(path)
        assert answer.status_code == 200, path
        assert "csrf_token" in answer.get_data(as_text=True) or path in ("/admin",), path
    assert "Đơn vị" in page_text(admin.get("/admin/units"))
    english = page_text(admin.get("/admin/units?lang=en"))
    assert "Register a unit" in english and "Đăng ký đơn vị" not in english
    admin.get("/admin?lang=vi")


@pytest.mark.parametrize("username", ["canbo", "truongphong", "thuky", "lanhdao", "hoidong1"])
def test_other_roles_are_refused_and_strangers_sent_to_sign_in(ui, username):
    client = ui.signed_in(username)
    before = ledger(ui)

    assert client.get("/admin/units").status_code == 403
    assert post(client, "/admin/units", {"key": "x", "name": "X", "short_name": "X", "kind": "department",
                                          "province": "A", "abbreviation": "X", "authority_level": "unit_head"}).status_code == 403
    assert post(client, "/admin/tokens", {"person": str(ui.world.clerk), "role": "unit_clerk"}).status_code == 403
    assert ledger(ui) == before
    stranger = ui.client().get("/admin/accounts")
    assert stranger.status_code in (302, 303) and "/login" in stranger.headers["Location"]


def test_a_post_without_the_csrf_token_is_refused(ui, admin):
    before = ledger(ui)

    answer = admin.post("/admin/clusters", data={"key": "cum-x", "name": "Cụm X"})

    assert answer.status_code == 400 and ledger(ui) == before


def test_a_unit_is_registered_renamed_from_a_date_and_merged(ui, admin):
    registered = post(admin, "/admin/units", {
        "key": "so-b", "name": "Sở Thông tin và Truyền thông", "short_name": "Sở TT&TT", "kind": "department",
        "parent": "", "province": "A", "abbreviation": "STTTT", "authority_level": "unit_head",
    })
    unit_id = Unit.create_id("so-b")
    assert registered.status_code == 303 and registered.headers["Location"].endswith(f"/admin/units/{unit_id}")

    renamed = post(admin, f"/admin/units/{unit_id}/rename", {
        "rename-name": "Sở Truyền thông", "rename-short_name": "Sở TT", "rename-effective_on": "2025-03-01",
        "rename-reason": "Quyết định 01/QĐ-UBND",
    })
    assert renamed.status_code == 303
    unit = ui.container.app.repository.get(unit_id)
    assert unit.name == "Sở Truyền thông"
    assert [e.effective_on for e in ui.container.app.repository.event_store.get(unit_id) if isinstance(e, Unit.Renamed)] == [date(2025, 3, 1)]
    assert "Đổi tên đơn vị thành «Sở Truyền thông» từ ngày 01/03/2025" in page_text(admin.get(f"/history/{unit_id}"))

    merged = post(admin, f"/admin/units/{unit_id}/merge", {"merge-successor": str(ui.world.department), "merge-reason": "Sáp nhập 2025"})
    assert merged.status_code == 303
    assert queries.get_unit(ui.container.read_engine.connect(), unit_id)["successor_id"] == ui.world.department


def test_a_refused_command_shows_the_domains_reason_and_leaves_the_ledger_unchanged(ui, admin):
    before = ledger(ui)

    again = post(admin, "/admin/units", {
        "key": "so-a", "name": "Trùng", "short_name": "T", "kind": "department", "parent": "", "province": "A",
        "abbreviation": "T", "authority_level": "unit_head",
    })

    assert again.status_code == 200 and "Đơn vị «so-a» đã tồn tại." in page_text(again) and ledger(ui) == before


def test_a_form_with_a_missing_field_comes_back_with_the_message_next_to_it(ui, admin):
    answer = post(admin, f"/admin/units/{ui.world.division}/rename", {"rename-name": "", "rename-short_name": "x", "rename-reason": ""})

    assert answer.status_code == 200 and 'id="rename-name-error"' in answer.get_data(as_text=True)


def test_a_person_is_registered_given_a_role_for_a_unit_transferred_and_leaves(ui, admin):
    w = ui.world
    registered = post(admin, "/admin/people", {
        "key": "moi-01", "full_name": "Hà Thị Mới", "gender": "f", "unit": str(w.division), "position": "Chuyên viên",
    })
    person_id = Person.create_id("moi-01")
    assert registered.status_code == 303

    granted = post(admin, f"/admin/people/{person_id}/roles", {"grant-role": "unit_clerk", "grant-scope": str(w.division), "grant-reason": "Phân công"})
    assert granted.status_code == 303
    assert ("unit_clerk", w.division) in queries.person_grants(ui.container.read_engine.connect(), person_id)
    assert "Cán bộ thi đua" in page_text(admin.get(f"/admin/people/{person_id}"))

    revoked = post(admin, f"/admin/people/{person_id}/roles/revoke", {"revoke-role": "unit_clerk", "revoke-scope": str(w.division)})
    assert revoked.status_code == 303
    assert queries.person_grants(ui.container.read_engine.connect(), person_id) == []

    moved = post(admin, f"/admin/people/{person_id}/transfer", {"transfer-unit": str(w.department), "transfer-position": "Chuyên viên chính", "transfer-reason": "Điều động"})
    assert moved.status_code == 303 and ui.container.app.repository.get(person_id).unit_id == w.department

    left = post(admin, f"/admin/people/{person_id}/left", {"left-reason": "Nghỉ hưu"})
    assert left.status_code == 303 and not queries.get_person(ui.container.read_engine.connect(), person_id)["active"]


def test_a_cluster_is_formed_with_members_and_a_head_and_deputy_for_a_year(ui, admin):
    w = ui.world
    formed = post(admin, "/admin/clusters", {"key": "cum-1", "name": "Cụm thi đua số 1"})
    cluster_id = Cluster.create_id("cum-1")
    assert formed.status_code == 303
    for unit in (w.department, w.division):
        joined = post(admin, f"/admin/clusters/{cluster_id}/members", {"membership-unit": str(unit), "membership-change": "join", "membership-on": "2025-01-01"})
        assert joined.status_code == 303

    head = post(admin, f"/admin/clusters/{cluster_id}/heads", {"head-year": "2025", "head-head": str(w.department), "head-deputy": str(w.division)})

    assert head.status_code == 303
    assert ui.container.app.repository.get(cluster_id).heads[2025] == (w.department, w.division)
    assert "Cụm thi đua số 1 cum-1 · 2 đơn vị thành viên hiện nay" in page_text(admin.get("/admin/clusters"))
    assert "Sở Khoa học và Công nghệ tỉnh A" in page_text(admin.get(f"/admin/clusters/{cluster_id}"))


def test_an_overlay_is_previewed_without_recording_then_published(ui, admin):
    overlay = json.dumps({"basis": "Quyết định 12/QĐ-UBND", "posting_days": 12})
    form = {"scope": "issuer", "target": str(ui.world.department), "overlay": overlay, "reason": "Quy chế riêng"}
    before = ledger(ui)

    preview = post(admin, "/admin/overlays", {**form, "preview": "1"})

    assert preview.status_code == 200 and ledger(ui) == before
    text = page_text(preview)
    assert "posting_days" in text and "12" in text

    published = post(admin, "/admin/overlays", {**form, "publish": "1"})
    assert published.status_code == 303 and ledger(ui) > before
    listed = admin.get(f"/admin/overlays?scope=issuer&target={ui.world.department}")
    assert "Quy chế riêng" in page_text(listed) and "&#34;posting_days&#34;: 12" in listed.get_data(as_text=True)


def test_an_overlay_the_rule_set_refuses_is_explained(ui, admin):
    before = ledger(ui)

    answer = post(admin, "/admin/overlays", {"scope": "issuer", "target": str(ui.world.department),
                                             "overlay": '{"basis": "x", "no_such_key": 1}', "reason": "r", "preview": "1"})

    assert answer.status_code == 200 and "no_such_key" in page_text(answer) and ledger(ui) == before


def test_an_account_is_created_its_password_reset_and_disabled(ui, admin):
    created = post(admin, "/admin/accounts", {"username": "hoa.moi", "person": str(ui.world.clerk), "password": "mat-khau-dai-1"})
    assert created.status_code == 303
    assert signs_in(ui, "hoa.moi", "mat-khau-dai-1")

    assert post(admin, "/admin/accounts/hoa.moi/password", {"password": "mat-khau-moi-2"}).status_code == 303
    assert signs_in(ui, "hoa.moi", "mat-khau-moi-2") and not signs_in(ui, "hoa.moi", "mat-khau-dai-1")

    assert post(admin, "/admin/accounts/hoa.moi/disable", {}).status_code == 303
    assert not signs_in(ui, "hoa.moi", "mat-khau-moi-2")
    assert "Đã khóa" in page_text(admin.get("/admin/accounts"))


def test_a_taken_username_is_refused_with_the_reason(ui, admin):
    answer = post(admin, "/admin/accounts", {"username": "canbo", "person": str(ui.world.clerk), "password": "mat-khau-dai-1"})

    assert answer.status_code == 200 and "đã được dùng" in page_text(answer)


def signs_in(ui, username: str, password: str) -> bool:
    return post(ui.client(), "/login", {"username": username, "password": password}).status_code == 303


def test_a_token_is_created_with_its_role_and_scopes_shown_once_and_revoked(ui, admin):
    w = ui.world
    grant(ui.container.app, w.staff[0], Role.INTEGRATION, None)
    ui.container.projector.catch_up()

    created = post(admin, "/admin/tokens", {"person": str(w.staff[0]), "role": "integration", "label": "HRM", "scopes": ["ratings"]})

    assert created.status_code == 200
    secret = created.get_data(as_text=True).split('<code id="new-token">')[1].split("<")[0]
    tokens = ui.app.extensions["thidua_tokens"]
    [token] = [t for t in tokens.list() if t.label == "HRM"]
    assert token.role is Role.INTEGRATION and token.read_only and token.scopes == {"ratings"}
    assert ui.client().get("/api/v1/units", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert secret not in admin.get("/admin/tokens").get_data(as_text=True)

    assert post(admin, f"/admin/tokens/{token.token_id}/revoke", {}).status_code == 303
    assert ui.client().get("/api/v1/units", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


@pytest.mark.parametrize(("form", "message"), [
    ({"role": "unit_clerk", "scopes": ["ratings"]}, "Chỉ mã truy cập của hệ thống tích hợp"),
    ({"role": "signer"}, "không giữ vai trò"),
])
def test_a_token_the_rules_refuse_is_not_created(ui, admin, form, message):
    tokens = ui.app.extensions["thidua_tokens"]
    before = len(tokens.list())

    answer = post(admin, "/admin/tokens", {"person": str(ui.world.clerk), **form})

    assert message in page_text(answer) and len(tokens.list()) == before


def test_the_navigation_offers_the_admin_pages_to_the_admin_only(ui, admin):
    assert 'href="/admin"' in admin.get("/").get_data(as_text=True)
    assert 'href="/admin"' not in ui.signed_in("thuky").get("/").get_data(as_text=True)


def test_the_api_renames_a_unit_from_a_date_too(ui):
    store = ui.app.extensions["thidua_tokens"]
    _token, secret = store.create(ui.accounts["quantri"], Role.ADMIN)

    answer = ui.client().post(f"/api/v1/units/{ui.world.division}/renamings", headers={"Authorization": f"Bearer {secret}"},
                              json={"name": "Phòng Chuyển đổi số", "short_name": "Phòng CĐS", "reason": "QĐ 02", "effective_on": "2026-01-01"})

    assert answer.status_code in (200, 201), answer.get_json()
    events = ui.container.app.repository.event_store.get(ui.world.division)
    assert [e.effective_on for e in events if isinstance(e, Unit.Renamed)] == [date(2026, 1, 1)]


def test_an_unknown_item_is_a_404_page(ui, admin):
    from uuid import uuid4

    for path in (f"/admin/clusters/{uuid4()}", f"/admin/people/{uuid4()}", f"/admin/units/{uuid4()}", "/admin/accounts/khong-co/password"):
        assert admin.get(path).status_code == 404, path
