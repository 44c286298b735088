"""The Content-Security-Policy breaks nothing: Chromium reports no violation on the pages and the API docs."""

from __future__ import annotations

import pytest

from tests.browser.test_walk import Desk

pytestmark = pytest.mark.browser
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def test_no_page_and_not_the_api_docs_break_the_content_security_policy(browser, served):
    clerk = Desk(browser, served, "canbo", javascript=True)
    clerk.context.add_init_script(RECORD_VIOLATIONS)
    console = []
    clerk.page.on("console", lambda message: console.append(message.text))
    violations = {}

    for path in ["/", f"/campaigns/{served.ui.world.campaign}", "/public", "/inbox", "/nominations", "/api/v1/docs"]:
        clerk.goto(path)
        if path == "/api/v1/docs":
            clerk.page.wait_for_selector(".opblock", timeout=15000)
        violations[path] = clerk.page.evaluate("window.violations")

    assert violations == {path: [] for path in violations}
    assert [text for text in console if "Content Security Policy" in text] == []
    clerk.close()
