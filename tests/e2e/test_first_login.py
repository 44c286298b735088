"""Issue #18: on the demo, every demo account finds work on its first page, in the role that has it, and
the inbox offers only what the rules allow."""

from __future__ import annotations

import re

import pytest

from adapters.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from tests.e2e.ui_support import csrf_token, page_text
from tests.second_factor import answer_second_factor
from web import create_app

FIRST_WORK = {  # account -> what its inbox shows on the first login
    "vanthu": ["Báo cáo kết quả thi đua", "Hồ sơ đề nghị «Lao động tiên tiến»"],
    "truongphong": ["Báo cáo kết quả thi đua kỳ", "Chờ duyệt cấp đơn vị", "Duyệt"],
    "thuky": ["Chờ kiểm tra hồ sơ", "Chờ công khai", "Ý kiến phản ánh chờ giải quyết"],
    "soanthao": ["Chờ công khai"],
    "hoidong": ["Phiếu biểu quyết"],
    "lanhdao": ["Quyết định số", "Xem và ký quyết định"],
    "chutich": ["Chiến sĩ thi đua cấp tỉnh"],
    "kiemtoan": ["Thay đổi gần đây"],
    "quantri": ["Thay đổi gần đây"],
}


@pytest.fixture(scope="module")
def app(demo_container):
    ensure_demo_accounts(demo_container.projector.engine, demo_container.read_engine)
    return create_app({"TESTING": True}, container=demo_container)


def signed_in(app, username: str):
    for limiter in app.extensions["limiter"]:
        limiter.reset()
    client = app.test_client()
    signed = client.post("/login", data={"csrf_token": csrf_token(client), "username": username, "password": DEMO_PASSWORD})
    signed = answer_second_factor(client, signed, username)
    assert signed.status_code == 303, signed.get_data(as_text=True)
    return client


def inbox_count(html: str) -> int:
    return int(re.search(r'Việc cần xử lý <span class="badge">(\d+)</span>', html).group(1))


@pytest.mark.parametrize("username", list(FIRST_WORK))
def test_every_demo_account_finds_work_on_its_first_page(app, username):
    client = signed_in(app, username)

    home = client.get("/").get_data(as_text=True)
    inbox = page_text(client.get("/inbox"))

    assert inbox_count(home) >= 1
    for expected in FIRST_WORK[username]:
        assert expected in inbox, (username, expected, inbox[:3000])


def test_a_multi_role_account_starts_in_the_role_whose_work_waited_longest(app):
    """truongphong heads a division and sits on the council: she starts as unit head (a report has waited
    since October), and her ballot shows when she switches to the council."""
    client = signed_in(app, "truongphong")
    assert "Chờ duyệt cấp đơn vị" in page_text(client.get("/inbox"))

    client.post("/role", data={"csrf_token": csrf_token(client), "role": "council_member"})

    assert "Phiếu biểu quyết" in page_text(client.get("/inbox"))


def test_the_inbox_shows_an_approval_the_rules_refuse_disabled_with_the_reason(app):
    """thuky's own dossier waits for the secretariat's check: she sees it without the button, with why."""
    client = signed_in(app, "thuky")
    html = page_text(client.get("/inbox"))

    assert "Bạn không thể duyệt hồ sơ này: Một người không được tham gia hồ sơ với hai tư cách" in html


def test_a_campaign_offers_the_clerk_only_what_its_period_allows(app):
    """The 2025 campaign's period has ended: no sign-up or report button, the domain's reason instead; the
    current year's campaign offers both."""
    from datetime import date

    from adapters.demo.live import live_key
    from domain.campaign import Campaign

    client = signed_in(app, "vanthu")
    ended = page_text(client.get(f"/campaigns/{Campaign.create_id('dienbien-2025')}"))
    live = page_text(client.get(f"/campaigns/{Campaign.create_id(live_key(date.today().year))}"))

    assert "Thời gian thực hiện phong trào đã kết thúc ngày 31/12/2025." in ended
    assert "Đăng ký thi đua Lập hồ sơ" not in ended and "Báo cáo kết quả" not in ended
    assert "Đăng ký thi đua" in live and "Báo cáo kết quả" in live
