"""Long lists on the demo, a page of 25 at a time, paged by the server: the pager's links keep the filters, the
next page shows the next rows; a council session cites each voting rule once, not on every dossier."""

from __future__ import annotations

import pytest

from tests.browser.demo_accounts import signed_in

pytestmark = pytest.mark.browser
ROWS = "[...document.querySelectorAll('main table tbody tr')].map(tr => tr.innerText)"


def total(page) -> int:
    """The count in the list's heading (Vietnamese thousands separator)."""
    return int(page.locator("h1 .badge").inner_text().replace(".", ""))


def test_the_dossiers_of_a_campaign_are_paged_with_the_filter_kept(browser, demo):
    context, page = signed_in(browser, demo, "thuky")
    page.goto(demo.url + "/nominations")
    sizes = {}
    for value in page.locator("#f-campaign option").evaluate_all("options => options.map(o => o.value)")[1:]:
        page.goto(f"{demo.url}/nominations?campaign={value}")
        sizes[value] = total(page)
    campaign = max(sizes, key=sizes.get)  # the campaign with the most dossiers
    page.goto(demo.url + "/nominations")
    page.locator("#f-campaign").select_option(campaign)
    page.get_by_role("button", name="Lọc").click()
    first = page.evaluate(ROWS)

    page.get_by_role("link", name="Trang sau »").click()

    assert sizes[campaign] > 25 and len(first) == 25 and total(page) == sizes[campaign]
    assert f"campaign={campaign}" in page.url and "page=2" in page.url
    second = page.evaluate(ROWS)
    assert 0 < len(second) <= 25 and not set(first) & set(second)
    assert page.locator("#f-campaign").input_value() == campaign
    page.get_by_role("link", name="« Trang trước").click()
    assert page.evaluate(ROWS) == first
    last = -(-sizes[campaign] // 25)
    page.goto(f"{demo.url}/nominations?campaign={campaign}&page=999")  # an old link past the end
    assert f"page={last}" in page.url and f"campaign={campaign}" in page.url and page.evaluate(ROWS)
    assert page.goto(f"{demo.url}/nominations?page=trang-hai").status == 200 and len(page.evaluate(ROWS)) == 25
    context.close()


def test_a_long_decision_lists_its_awardees_a_page_at_a_time_and_all_its_totals(browser, demo):
    context, page = signed_in(browser, demo, "thuky")
    page.goto(demo.url + "/decisions")
    counts = page.locator("main table td[data-label='Số người/tập thể']").all_inner_texts()
    longest = max(range(len(counts)), key=lambda i: int(counts[i]))
    page.locator("main table td[data-label='Số'] a").nth(longest).click()
    listed = page.locator("main table").first.locator("tbody tr")
    assert listed.count() == 25 < int(counts[longest])

    page.get_by_role("link", name="Trang sau »").click()

    assert listed.count() == min(25, int(counts[longest]) - 25)
    assert listed.first.locator("td").first.inner_text() == "26"
    assert "Tổng cộng" in page.locator("main table").nth(1).inner_text()
    context.close()


def test_a_council_session_cites_each_voting_rule_once(browser, demo):
    context, page = signed_in(browser, demo, "thuky")
    page.goto(demo.url + "/council")
    page.locator("main table a").first.click()
    citations = page.locator("ol.citations li").all_inner_texts()
    text = page.inner_text("main")

    assert citations and all(text.count(article) == 1 for article in citations)
    assert page.locator("main table tbody tr").count() > 1
    context.close()
