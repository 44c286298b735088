"""Issue #21 item 3 in headless Chromium: the signer enrols an authenticator app (the code is computed with
pyotp from the secret the page shows, at test time), signs in again with password and code, and signs the
decision waiting for him. A world of its own: the shared demo's signer keeps signing in with a password."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pyotp
import pytest

from domain import commands as c
from tests.application.test_lifecycle import to_voted
from tests.browser.test_walk import WIDE
from tests.e2e.ui_support import PASSWORD

pytestmark = pytest.mark.browser


def test_a_signer_enrols_signs_in_with_a_code_and_signs(browser, served):
    ui = served.ui
    voted = to_voted(ui.world, ui.clock, ui.world.staff[3])
    ui.clock.set(2026, 1, 10, 9)
    ui.world.app.draft_decision(ui.world.as_drafter, c.DraftDecision(
        ui.world.department, "01/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến", date(2026, 1, 10),
        ui.world.signer, "Giám đốc Sở", [voted]))
    ui.container.projector.catch_up()
    context = browser.new_context(viewport=WIDE, locale="vi-VN")
    page = context.new_page()

    ui.clock.now = datetime.now(timezone.utc)  # the server's clock: each code is computed for it

    def sign_in() -> None:
        page.goto(served.url + "/login")
        page.get_by_label("Tên đăng nhập").fill("lanhdao")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_label("Mật khẩu").press("Enter")

    sign_in()
    page.goto(served.url + "/account/two-factor")
    assert page.locator("figure.qr svg").count() == 1
    totp = pyotp.TOTP(page.locator("#secret").inner_text())
    first = totp.at(ui.clock.now)
    page.get_by_label("Mã xác thực (6 chữ số) hoặc mã khôi phục").fill(first)
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    page.get_by_text("Đã bật xác thực hai lớp.").wait_for(timeout=15000)
    assert page.locator("ul.receipts li").count() == 10

    page.get_by_role("button", name="Đăng xuất").click()
    ui.clock.advance(seconds=30)  # the next code: each is accepted once
    sign_in()
    page.wait_for_url("**/login/code")
    page.get_by_label("Mã xác thực (6 chữ số) hoặc mã khôi phục").fill(totp.at(ui.clock.now))
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_text("Đã đăng nhập.").first.wait_for(timeout=15000)
    page.goto(served.url + "/inbox")
    page.get_by_role("link", name="Xem và ký quyết định", exact=True).first.click()
    page.get_by_role("button", name="Ký quyết định", exact=True).first.click()
    page.get_by_text("Đã ký quyết định.").first.wait_for(timeout=15000)
    context.close()
