"""axe-core over the demo at a phone's width (390 px): a visitor signed out, then every demo account from its
first page, through its menu and the links two levels on (a route checked for one account is not checked again
from another's links); no serious or critical violation anywhere, and no page wider than the screen."""

from __future__ import annotations

import pytest

from tests.browser.crawl import Findings, crawl
from tests.browser.demo_accounts import ACCOUNTS, PHONE, signed_in

pytestmark = pytest.mark.browser


def test_no_page_of_any_role_has_a_serious_accessibility_violation_or_overflows_a_phone(browser, demo):
    findings, seen = Findings(), set()
    app = demo.ui.app

    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    visitor = context.new_page()
    for path in ("/", "/public", "/login"):
        visitor.goto(demo.url + path)
        crawl(visitor, app, demo.url, "khách", findings, seen, depth=1)
    context.close()
    for username in ACCOUNTS:
        context, page = signed_in(browser, demo, username, PHONE)
        crawl(page, app, demo.url, username, findings, seen)
        context.close()

    print(findings.summary())
    assert findings.serious() == {}, findings.summary()
    assert findings.wider == {}
