"""Issue #18 on the demo: pages speak plain Vietnamese — who is signed in by name and unit, both clocks in the
footer working on the demo's history, numbers in Vietnamese, no raw codes, no "None" in attributes."""

from __future__ import annotations

import re
from datetime import date

import pytest

from adapters.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from adapters.demo.live import live_key
from domain.campaign import Campaign
from tests.e2e.ui_support import csrf_token, page_text
from tests.second_factor import answer_second_factor
from web import create_app

DIENBIEN_2025 = Campaign.create_id("dienbien-2025")


@pytest.fixture(scope="module")
def app(demo_container):
    ensure_demo_accounts(demo_container.projector.engine, demo_container.read_engine)
    return create_app({"TESTING": True}, container=demo_container)


def signed_in(app, username: str):
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    client = app.test_client()
    answer = client.post("/login", data={"csrf_token": csrf_token(client), "username": username, "password": DEMO_PASSWORD})
    assert answer_second_factor(client, answer, username).status_code == 303
    return client


def test_the_header_names_the_person_and_their_unit_not_the_login(app):
    header = page_text(signed_in(app, "vanthu").get("/")).split("Đăng xuất")[0]

    assert "Lường Văn Phanh · Phòng Kế hoạch - Tài chính" in header
    assert "vanthu" not in header


def test_the_header_names_the_unit_that_took_over_a_merged_one(app):
    """The Sở TT&TT merged into the Sở KH&CN on 1/3/2025: its Phó Giám đốc works in the successor."""
    header = page_text(signed_in(app, "hoidong").get("/")).split("Đăng xuất")[0]

    assert "Đinh Thị Quỳnh · Sở Khoa học và Công nghệ tỉnh Điện Biên" in header


def test_the_footer_offers_both_clocks_and_its_business_date_example_shows_the_demo_history(app):
    client = app.test_client()
    footer = client.get("/").get_data(as_text=True).split("<footer>")[1]

    example = re.search(r'name="on" type="date" value="" placeholder="([\d-]+)"', footer).group(1)
    then = page_text(client.get(f"/campaigns/{DIENBIEN_2025}?on={example}"))
    before = client.get(f"/campaigns/{DIENBIEN_2025}?on=2024-06-30")

    assert 'name="as_of"' in footer
    assert "Bạn đang xem tình hình vào ngày" in then and "Phát động · Sở Thông tin và Truyền thông tỉnh Điện Biên" in then
    assert before.status_code == 404


def test_a_business_date_reads_the_2025_reports_as_they_stood(app):
    """By 30/6/2025 only the first quarter's reports were in; the year's results differ from it."""
    client = app.test_client()
    plan = re.compile(r"các chỉ tiêu kế hoạch được giao năm 2025 (?:\(suy ra\) )?([\d,.]+ ?%)")

    mid_year = plan.search(page_text(client.get(f"/campaigns/{DIENBIEN_2025}?on=30/06/2025"))).group(1)
    first_quarter = plan.search(page_text(client.get(f"/campaigns/{DIENBIEN_2025}?on=2025-04-03"))).group(1)
    now = plan.search(page_text(client.get(f"/campaigns/{DIENBIEN_2025}"))).group(1)

    assert mid_year == first_quarter != now


def test_a_bad_business_date_is_a_clear_error(app):
    answer = app.test_client().get(f"/campaigns/{DIENBIEN_2025}?on=hôm-qua", follow_redirects=True)

    assert "Cần một ngày dạng 2025-06-30 hoặc 30/06/2025." in page_text(answer)


def test_every_page_links_a_favicon_that_exists(app):
    client = app.test_client()
    href = re.search(r'<link rel="icon" href="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)

    with client.get(href) as icon:
        assert icon.status_code == 200 and icon.data[:4] == b"\x00\x00\x01\x00"


def test_numbers_are_written_the_vietnamese_way_with_units_apart(app):
    page = page_text(app.test_client().get(f"/campaigns/{DIENBIEN_2025}"))

    assert re.search(r"\d+,\d+%", page) and not re.search(r"\d+\.\d+%", page)
    assert "—%" in page
    assert not re.search(r"\d(điển hình|đơn vị|người)", page)


def test_derived_targets_are_marked_on_the_page_and_in_the_api(app):
    page = page_text(app.test_client().get(f"/campaigns/{DIENBIEN_2025}"))
    api = app.test_client().get(f"/api/v1/campaigns/{DIENBIEN_2025}/targets?page_size=100").get_json()["items"]

    assert "(suy ra)" in page
    assert any(t["derived"] for t in api) and not all(t["derived"] for t in api)


def test_the_programme_keeps_its_section_headings_and_shows_no_developer_notes(app):
    page = page_text(app.test_client().get(f"/campaigns/{DIENBIEN_2025}"))

    assert "III. NỘI DUNG PHONG TRÀO THI ĐUA" in page and "III. MỤC TIÊU PHẤN ĐẤU" in page
    assert "Storage normalisation" not in page and "derived: true" not in page


def test_form_fields_never_carry_none_attributes(app):
    pages = [app.test_client().get(path).get_data(as_text=True) for path in ("/login", "/public")]
    client = signed_in(app, "vanthu")
    pages.append(client.get(f"/campaigns/{Campaign.create_id(live_key(date.today().year))}/signup").get_data(as_text=True))

    assert not any('="None"' in html for html in pages)


def test_titles_are_named_never_coded_on_the_campaign_and_the_inbox(app):
    campaign = page_text(app.test_client().get(f"/campaigns/{DIENBIEN_2025}"))
    inbox = page_text(signed_in(app, "thuky").get("/inbox"))

    assert "Tập thể lao động tiên tiến" in campaign
    for code in ("TLDTT", "TLDXS", "LDTT", "CSTDCS", "GIAY_KHEN"):
        assert not re.search(rf"\b{code}\b", campaign + inbox), code


def test_the_api_reads_on_a_business_date_and_documents_it(app):
    client = app.test_client()
    first_quarter = client.get(f"/api/v1/campaigns/{DIENBIEN_2025}/targets?on=2025-04-03").get_json()["items"]
    now = client.get(f"/api/v1/campaigns/{DIENBIEN_2025}/targets").get_json()["items"]
    document = client.get("/api/v1/openapi.json").get_json()

    assert [t["value"] for t in first_quarter] != [t["value"] for t in now]
    assert any(p.get("name") == "on" for p in document["paths"]["/api/v1/campaigns/{campaign_id}/targets"]["get"]["parameters"])
