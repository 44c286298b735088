"""`thidua account`: an administrator creates a login for a person, changes its password, disables it, resets its
second factor (a lost phone) with a reason."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.e2e.ui_support import PASSWORD, make_ui_world, page_text, post
from tests.second_factor import forget_phone
from web.cli.main import main


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    world = make_ui_world(tmp_path_factory.mktemp("accounts"))
    yield world
    world.close()


def thidua(ui, *args: str, password: str | None = None):
    settings = ui.container.settings
    env = {"THIDUA_DATABASE_URL": settings.database_url, "THIDUA_INSTANCE": str(settings.instance_path)}
    stdin = None if password is None else password + "\n"
    return CliRunner().invoke(main, list(args), env=env, input=stdin, catch_exceptions=False)


def signs_in(ui, username: str, password: str) -> bool:
    response = post(ui.client(), "/login", {"username": username, "password": password})
    return response.status_code == 303


def test_an_account_is_created_for_a_person_and_signs_in_with_its_roles(ui):
    created = thidua(ui, "account", "create", "Hoa.LT", "--person", "clerk", "--password-stdin", password="mật-khẩu-dài")

    assert created.exit_code == 0 and "account «hoa.lt» for Lò Thị Hoa created" in created.output
    assert signs_in(ui, "hoa.lt", "mật-khẩu-dài") and not signs_in(ui, "hoa.lt", "sai")


def test_a_password_is_asked_twice_without_echo_when_not_piped(ui):
    created = thidua(ui, "account", "create", "minh", "--person", "head", password="bí-mật\nbí-mật")

    assert created.exit_code == 0 and "bí-mật" not in created.output and signs_in(ui, "minh", "bí-mật")


def test_a_new_password_replaces_the_old_and_a_disabled_account_cannot_sign_in(ui):
    thidua(ui, "account", "create", "trang", "--person", "secretary", "--password-stdin", password="cu-1")

    changed = thidua(ui, "account", "password", "trang", "--password-stdin", password="moi-2")
    assert changed.exit_code == 0 and signs_in(ui, "trang", "moi-2") and not signs_in(ui, "trang", "cu-1")

    assert thidua(ui, "account", "disable", "trang").exit_code == 0 and not signs_in(ui, "trang", "moi-2")


@pytest.mark.parametrize(("args", "message"), [
    (("account", "create", "canbo", "--person", "clerk", "--password-stdin"), "đã được dùng"),
    (("account", "create", "ai-do", "--person", "no-such-person", "--password-stdin"), "Không tìm thấy người"),
    (("account", "password", "khong-co", "--password-stdin"), "no account «khong-co»"),
    (("account", "create", "rong", "--person", "clerk", "--password-stdin"), "không được để trống"),
])
def test_bad_requests_are_refused_with_a_reason(ui, args, message):
    result = thidua(ui, *args, password="" if args[2] == "rong" else "x")

    assert result.exit_code != 0 and message in result.output


def test_a_second_factor_is_reset_from_the_command_line_and_enrolled_again(ui):
    ui.signed_in("lanhdao")  # a signer enrols at the first sign-in
    factors = ui.app.extensions["second_factors"]

    done = thidua(ui, "account", "reset-two-factor", "lanhdao", "--reason", "Mất điện thoại")
    forget_phone(ui.app, "lanhdao")
    again = post(ui.client(), "/login", {"username": "lanhdao", "password": PASSWORD})
    unknown = thidua(ui, "account", "reset-two-factor", "khong-co", "--reason", "Mất điện thoại")

    assert done.exit_code == 0 and "reset" in done.output and not factors.is_enrolled("lanhdao")
    assert again.headers["Location"].endswith("/account/two-factor")
    assert unknown.exit_code == 1 and "khong-co" in unknown.output
