"""A decision at 390 px: its list of awardees turns into cards, so each amount is on screen, and the detail pages
reached from the lists fit the screen."""

from __future__ import annotations

import pytest

from tests.browser.crawl import WIDTH
from tests.browser.demo_accounts import PHONE, signed_in

pytestmark = pytest.mark.browser
FIRST_LINK = "(selector) => document.querySelector(selector)?.href"
DETAILS = {"/decisions": "main table a[href*='/decisions/']", "/council": "main table a[href*='/council/']",
           "/": "main a[href*='/campaigns/']", "/nominations": "main table a[href*='/nominations/']"}


def test_a_decision_s_amounts_are_on_a_phone_s_screen_and_the_detail_pages_fit_it(browser, demo):
    context, page = signed_in(browser, demo, "thuky", PHONE)
    details, wider = [], {}
    for listing, selector in DETAILS.items():
        page.goto(demo.url + listing)
        details.append(page.evaluate(FIRST_LINK, selector))
    for url in details:
        page.goto(url)
        if (beyond := page.evaluate(WIDTH)) > 1:
            wider[url] = beyond

    page.goto(details[0])
    amounts = page.locator("td[data-label='Số tiền (đồng)']")
    box = amounts.first.bounding_box()
    assert amounts.count() > 0 and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    assert wider == {}
    context.close()
