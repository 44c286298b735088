"""Smaller checks in the browser: phone width, keyboard-only sign-in, English on request."""

from __future__ import annotations

import pytest

from tests.browser.test_walk import PHONE, Desk
from tests.e2e.ui_support import PASSWORD

pytestmark = pytest.mark.browser
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def test_the_main_pages_fit_a_phone_screen(browser, served, screenshots):
    clerk = Desk(browser, served, "canbo", viewport=PHONE, javascript=True)
    pages = {"phone-dashboard": "/", "phone-campaign": f"/campaigns/{served.ui.world.campaign}",
             "phone-public": "/public", "phone-inbox": "/inbox"}

    fits = {}
    for name, path in pages.items():
        clerk.goto(path)
        clerk.shot(screenshots, name)
        fits[path] = clerk.page.evaluate(FITS)

    assert all(fits.values()), fits
    clerk.close()


def test_signing_in_works_with_the_keyboard_alone(browser, served):
    visitor = Desk(browser, served, None, javascript=True)
    visitor.goto("/login")

    for _ in range(20):
        visitor.page.keyboard.press("Tab")
        if visitor.page.evaluate("document.activeElement.name") == "username":
            break
    visitor.page.keyboard.type("truongphong")
    visitor.page.keyboard.press("Tab")
    visitor.page.keyboard.type(PASSWORD)
    visitor.page.keyboard.press("Enter")

    visitor.expect_text("Đã đăng nhập.")
    visitor.close()


def test_english_is_served_on_request_and_remembered(browser, served, screenshots):
    visitor = Desk(browser, served, None)

    visitor.goto("/public?lang=en")
    visitor.goto(f"/campaigns/{served.ui.world.campaign}")
    visitor.shot(screenshots, "english-campaign")
    visitor.goto("/")

    assert visitor.page.locator("html").get_attribute("lang") == "en"
    visitor.expect_text("Emulation campaigns")
    visitor.close()
