"""Signing in, choosing a role, role checks on pages and CSRF on every form (Flask test client)."""

from flask_login import login_user

from domain import commands as c
from domain.values import Actor, Role
from tests.e2e.ui_support import PASSWORD, csrf_token, page_text, post, ui_world_fixture
from web.auth import User, current_actor

ui = ui_world_fixture("ui-auth")


def test_signing_in_shows_the_person_and_the_role_they_act_in(ui):
    client = ui.signed_in("truongphong")

    page = page_text(client.get("/"))

    assert "Quàng Văn Minh · " in page and " · Thủ trưởng đơn vị" in page and "Việc cần xử lý" in page


def test_a_wrong_password_is_refused_next_to_the_password_field(ui):
    client = ui.client()

    response = post(client, "/login", {"username": "canbo", "password": "sai-mat-khau"})

    assert response.status_code == 422
    assert 'id="password-error"' in response.get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page_text(response)


def test_a_form_posted_without_its_csrf_token_is_refused(ui):
    client = ui.client()

    response = client.post("/login", data={"username": "canbo", "password": PASSWORD})

    assert response.status_code == 400


def test_a_signed_out_visitor_is_sent_to_sign_in_and_back(ui):
    response = ui.client().get("/inbox")

    assert response.status_code == 302 and "/login?next=%2Finbox" in response.headers["Location"]


def test_a_page_for_another_role_answers_403_in_vietnamese(ui):
    client = ui.signed_in("canbo")

    response = client.get("/decisions/new")

    assert response.status_code == 403
    assert "Vai trò bạn đang dùng không được mở trang này." in page_text(response)


def test_a_person_with_two_roles_picks_the_one_they_act_in(ui):
    grant = c.GrantRole(ui.world.secretary, Role.UNIT_CLERK.value, ui.world.division)
    ui.container.app.grant_role(Actor.system(), grant)
    client = ui.signed_in("thuky")

    chosen = post(client, "/role", {"role": "unit_clerk"})

    assert chosen.status_code == 303
    assert " · Cán bộ thi đua của đơn vị" in page_text(client.get("/"))
    assert client.get("/decisions/new").status_code == 403


def test_a_role_the_person_does_not_hold_cannot_be_chosen(ui):
    client = ui.signed_in("canbo")

    refused = post(client, "/role", {"role": "signer"})

    assert refused.status_code == 422 and "Lựa chọn không hợp lệ." in page_text(refused)
    assert " · Cán bộ thi đua của đơn vị" in page_text(client.get("/"))


def test_current_actor_is_the_signed_in_person_in_the_chosen_role(ui):
    with ui.app.test_request_context("/"):
        assert current_actor() is None
        login_user(User("lanhdao", ui.world.signer))

        assert current_actor() == Actor(ui.world.signer, Role.SIGNER)


def test_signing_out_forgets_the_session(ui):
    client = ui.signed_in("canbo")

    post(client, "/logout", {})

    assert client.get("/inbox").status_code == 302
    assert csrf_token(client)
