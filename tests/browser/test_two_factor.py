"""Issue #21 item 3 in headless Chromium: the signer's first sign-in goes straight to enrolment (a signer must use
a second factor), with the QR code and the secret shown; the code is computed with pyotp from that secret on the
wall clock. Signed in again with password and the next code, he signs the decision waiting for him; then the
administrator resets his second factor (a lost phone) with a reason. A world of its own with its own draft
decision. The pages are photographed into docs/screenshots/two-factor-*.png."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pyotp
import pytest

from domain import commands as c
from tests.application.test_lifecycle import to_voted
from tests.browser.screenshots import small_png
from tests.e2e.ui_support import PASSWORD, signed_in_admin
from tests.second_factor import CODE_LABEL, answer_in_browser

pytestmark = pytest.mark.browser
VIEW = {"width": 900, "height": 760}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_a_signer_enrols_at_first_sign_in_then_signs_with_a_code(browser, served):
    ui = served.ui
    voted = to_voted(ui.world, ui.clock, ui.world.staff[3])
    ui.clock.set(2026, 1, 10, 9)
    ui.world.app.draft_decision(ui.world.as_drafter, c.DraftDecision(
        ui.world.department, "01/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến", date(2026, 1, 10),
        ui.world.signer, "Giám đốc Sở", [voted]))
    ui.container.projector.catch_up()
    context = browser.new_context(viewport=VIEW, locale="vi-VN")
    page = context.new_page()

    def sign_in() -> None:
        page.goto(served.url + "/login")
        page.get_by_label("Tên đăng nhập").fill("lanhdao")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_label("Mật khẩu").press("Enter")

    def photograph(name: str) -> None:
        (DOCS / f"two-factor-{name}.png").write_bytes(small_png(page.screenshot(full_page=True), 1.0))

    sign_in()
    page.wait_for_url("**/account/two-factor")
    page.goto(served.url + "/inbox")  # nothing else until enrolled
    page.wait_for_url("**/account/two-factor")
    assert page.locator("figure.qr svg").count() == 1
    photograph("enrol")
    totp = pyotp.TOTP(page.locator("#secret").inner_text())
    page.get_by_label(CODE_LABEL).fill(totp.now())
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    page.get_by_text("Đã bật xác thực hai lớp.").wait_for(timeout=15000)
    assert page.locator("ul.receipts li").count() == 10

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in()
    page.wait_for_url("**/login/code")
    photograph("code")
    page.get_by_label(CODE_LABEL).fill(totp.at(time.time() + 30))  # the next step: each code is taken once
    page.get_by_role("button", name="Xác nhận").click()
    page.get_by_text("Đã đăng nhập.").first.wait_for(timeout=15000)
    page.goto(served.url + "/inbox")
    page.get_by_role("link", name="Xem và ký quyết định", exact=True).first.click()
    page.get_by_role("button", name="Ký quyết định", exact=True).first.click()
    page.get_by_text("Đã ký quyết định.").first.wait_for(timeout=15000)
    context.close()


def test_an_admin_resets_the_signers_lost_phone_with_a_reason(browser, served):
    signed_in_admin(served.ui)  # creates «quantri», who enrols at the first sign-in
    context = browser.new_context(viewport=VIEW, locale="vi-VN")
    page = context.new_page()
    page.goto(served.url + "/login")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    answer_in_browser(page, served.ui.app, "quantri")

    page.goto(served.url + "/admin/accounts")
    page.locator("tr", has_text="lanhdao").get_by_role("link", name="Đặt lại xác thực hai lớp").click()
    page.get_by_label("Lý do đặt lại (ví dụ: mất điện thoại)").fill("Mất điện thoại ngày 05/12")
    (DOCS / "two-factor-reset.png").write_bytes(small_png(page.screenshot(full_page=True), 1.0))
    page.get_by_role("button", name="Đặt lại xác thực hai lớp").click()
    page.get_by_text("Đã đặt lại xác thực hai lớp của «lanhdao».").wait_for(timeout=15000)
    assert not served.ui.app.extensions["second_factors"].is_enrolled("lanhdao")
    context.close()
