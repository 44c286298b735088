"""An approval with the keyboard alone on the demo: the unit head signs in, opens the inbox, reaches a dossier
waiting for her and approves it with Tab, Enter and Space only; every stop on the way shows the focus."""

from __future__ import annotations

import pytest

from adapters.demo.accounts import DEMO_PASSWORD
from tests.browser.demo_accounts import DESKTOP
from tests.browser.keyboard import tab_to

pytestmark = pytest.mark.browser


def test_the_unit_head_approves_a_dossier_with_the_keyboard_alone(browser, demo):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    page.goto(demo.url + "/login")

    tab_to(page, lambda el: el["tag"] == "input" and page.evaluate("document.activeElement.name") == "username")
    page.keyboard.type("truongphong")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Đã đăng nhập.").wait_for()

    tab_to(page, lambda el: el["text"] == "Việc cần xử lý")
    page.keyboard.press("Enter")
    page.wait_for_url("**/inbox")
    waiting = page.locator("li.card", has_text="Chờ duyệt cấp đơn vị").first.get_by_role("link").first
    dossier = waiting.get_attribute("href")
    tab_to(page, lambda el: el["href"].endswith(dossier))
    page.keyboard.press("Enter")
    page.wait_for_url("**" + dossier)
    tab_to(page, lambda el: el["tag"] == "button" and el["text"] == "Duyệt")
    page.keyboard.press("Space")

    page.get_by_text("Đã duyệt hồ sơ.").wait_for()
    assert "Đơn vị đã duyệt" in page.inner_text("main")
    assert page.get_by_role("button", name="Duyệt", exact=True).count() == 0
    context.close()
