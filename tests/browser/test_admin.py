"""One administration flow in the browser (issue #18, scope 5): the admin finds the pages from the navigation,
registers a unit, renames it from a date, and reads the change in the unit's history."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from adapters.accounts import AccountStore
from domain.values import Role
from tests.browser.conftest import Served
from tests.browser.test_walk import Desk
from tests.builders import grant, person
from tests.e2e.ui_support import PASSWORD, make_ui_world

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    ui = make_ui_world(tmp_path_factory.mktemp("browser-admin"))
    admin = person(ui.container.app, "admin", "Đinh Quản Trị", ui.world.department, position="Quản trị hệ thống")
    grant(ui.container.app, admin, Role.ADMIN, None)
    ui.container.projector.catch_up()
    AccountStore(ui.container.projector.engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024)).create_account(
        "quantri", PASSWORD, admin,
    )
    served = Served(ui)
    yield served
    served.close()


def test_the_admin_registers_a_unit_and_renames_it_from_a_date(browser, served, screenshots):
    admin = Desk(browser, served, "quantri")

    admin.click("link", "Quản trị")
    admin.click("link", "Đơn vị")
    page = admin.page
    page.get_by_label("Mã đơn vị").fill("so-tttt")
    page.get_by_label("Tên đơn vị").fill("Sở Thông tin và Truyền thông")
    page.get_by_label("Tên viết tắt").fill("Sở TT&TT")
    page.get_by_label("Tỉnh").fill("A")
    page.get_by_label("Ký hiệu (trên số quyết định)").fill("STTTT")
    admin.click("button", "Đăng ký")
    admin.expect_text("Đã đăng ký đơn vị.")

    page.get_by_label("Tên mới", exact=True).fill("Sở Truyền thông")
    page.get_by_label("Tên viết tắt mới").fill("Sở TT")
    page.get_by_label("Có hiệu lực từ ngày").fill("2025-03-01")
    page.get_by_label("Căn cứ (quyết định đổi tên)").fill("Quyết định 01/QĐ-UBND")
    admin.click("button", "Đổi tên")
    admin.expect_text("Đã đổi tên đơn vị.")
    admin.shot(screenshots, "admin-unit-renamed")

    assert page.get_by_role("heading", name="Sở Truyền thông").count() == 1
    admin.click("link", "Lịch sử thay đổi")
    admin.expect_text("Đổi tên đơn vị thành «Sở Truyền thông» từ ngày 01/03/2025")
    admin.close()
