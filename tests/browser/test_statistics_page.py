"""The statistics page of the demo in headless Chromium: server-drawn SVG charts, the downloads, no script
from the network; its screenshot is docs/screenshots/statistics.png (issue #20)."""

from __future__ import annotations

import pytest

from adapters.demo.accounts import DEMO_PASSWORD
from tests.second_factor import answer_in_browser

pytestmark = pytest.mark.browser


def test_the_statistics_page_draws_its_charts_without_a_script(browser, demo, screenshots):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1100, "height": 1400}, locale="vi-VN")
    page = context.new_page()
    page.goto(demo.url + "/login")
    page.get_by_label("Tên đăng nhập").fill("thuky")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    answer_in_browser(page, demo.ui.app, "thuky")
    page.goto(demo.url + "/statistics")

    page.get_by_role("heading", name="Cơ cấu cá nhân được khen thưởng").wait_for(state="visible", timeout=5000)
    charts = page.locator("figure.chart")
    assert charts.count() >= 9
    assert page.locator("figure.chart rect.bar-fill").count() > 0
    assert page.get_by_role("link", name="Báo cáo tổng kết (PDF)").count() == 1
    page.screenshot(path=str(screenshots / "statistics.png"))
    context.close()
