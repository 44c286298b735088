"""The demo's accounts (README's table) signed in at a browser of a given width."""

from __future__ import annotations

from adapters.demo.accounts import DEMO_PASSWORD
from tests.second_factor import answer_in_browser

ACCOUNTS = ["vanthu", "truongphong", "thuky", "soanthao", "hoidong", "lanhdao", "chutich", "kiemtoan", "quantri"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def signed_in(browser, served, username: str, viewport: dict = DESKTOP):
    """A new browser context signed in as `username` with the demo password, on its first page."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.goto(served.url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    answer_in_browser(page, served.ui.app, username)
    return context, page
