"""Issue #18 in headless Chromium on the demo itself: every demo account of the README's table signs in for the
first time, finds work on its first page, acts on one item of its inbox and sees the result, all in one browser
session. Each first page is photographed at desktop width and at 390 px into tests/artifacts/first-login/
(gitignored)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adapters.demo.accounts import DEMO_PASSWORD
from tests.browser.test_walk import WIDE
from tests.second_factor import answer_in_browser

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "first-login"
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module", autouse=True)
def shots_folder() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)


class FirstLogin:
    """A demo account at its own browser, signed in with the demo password."""

    def __init__(self, browser, served, username: str) -> None:
        self.url, self.username = served.url, username
        self.context = browser.new_context(viewport=WIDE, locale="vi-VN")
        self.page = self.context.new_page()
        self.page.goto(self.url + "/login")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        self.page.get_by_label("Mật khẩu").press("Enter")
        answer_in_browser(self.page, served.ui.app, username)  # the signer, secretariat and admin enrol first

    def expect(self, text: str) -> None:
        self.page.get_by_text(text).first.wait_for(state="visible", timeout=15000)

    def work_count(self) -> int:
        return int(re.search(r"Việc cần xử lý\s+(\d+)", self.page.inner_text("main")).group(1))

    def inbox(self) -> None:
        self.page.goto(self.url + "/inbox")

    def photograph(self) -> bool:
        """The first page at desktop width and at 390 px; whether it fits the phone's width."""
        self.page.screenshot(path=str(SHOTS / f"{self.username}-desktop.png"), full_page=True)
        self.page.set_viewport_size(PHONE_390)
        self.page.screenshot(path=str(SHOTS / f"{self.username}-390px.png"), full_page=True)
        fits = self.page.evaluate(FITS)
        self.page.set_viewport_size(WIDE)
        return fits

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()

    def close(self) -> None:
        self.context.close()


def submit_the_draft_dossier(clerk: FirstLogin) -> None:
    clerk.page.locator("li.card", has_text="Chờ hoàn thiện hồ sơ").get_by_role("link").first.click()
    clerk.click("button", "Trình hồ sơ")
    clerk.expect("Đã trình hồ sơ lên thủ trưởng đơn vị.")


def approve_a_dossier(head: FirstLogin) -> None:
    card = head.page.locator("li.card", has_text="Chờ duyệt cấp đơn vị").first
    card.locator("summary").click()
    card.get_by_role("button", name="Duyệt", exact=True).click()
    head.expect("Đã duyệt hồ sơ.")


def check_a_dossier_beside_her_own_refused_one(secretary: FirstLogin) -> None:
    secretary.expect("Bạn không thể duyệt hồ sơ này")
    card = secretary.page.locator("li.card", has_text="Chờ kiểm tra hồ sơ").filter(has=secretary.page.locator("summary")).first
    card.locator("summary").click()
    card.get_by_role("button", name="Thẩm định đạt", exact=True).click()
    secretary.expect("Đã thẩm định hồ sơ.")


def post_the_checked_dossiers(drafter: FirstLogin) -> None:
    drafter.click("link", "Công khai danh sách")
    for box in drafter.page.get_by_role("checkbox").all():
        box.check()
    drafter.click("button", "Công khai")
    drafter.expect("Đã công khai")


def cast_the_open_ballot(member: FirstLogin) -> None:
    member.click("link", "Bỏ phiếu")
    member.click("link", "Bỏ phiếu kín")
    for choice in member.page.get_by_label("Đồng ý", exact=True).all():
        choice.check()
    member.click("button", "Bỏ phiếu")
    member.expect("Đã bỏ phiếu kín.")
    member.inbox()
    assert "Chờ bạn bỏ phiếu" not in member.page.inner_text("main")


def sign_the_decision(signer: FirstLogin) -> None:
    signer.click("link", "Xem và ký quyết định")
    signer.click("button", "Ký quyết định")
    signer.expect("Đã ký quyết định.")


def open_a_recent_change(inspector: FirstLogin) -> None:
    inspector.page.locator("li.card", has_text="Thay đổi gần đây").get_by_role("link").first.click()
    inspector.expect("Thay đổi giữa hai thời điểm")
    assert "/audit/diff" in inspector.page.url
    assert inspector.page.locator("main table tbody tr").count() >= 1, inspector.page.inner_text("main")[:500]


FIRST_WORK = {  # the README's demo table: account -> what it does with the work waiting for it
    "vanthu": submit_the_draft_dossier, "truongphong": approve_a_dossier,
    "thuky": check_a_dossier_beside_her_own_refused_one, "soanthao": post_the_checked_dossiers,
    "hoidong": cast_the_open_ballot, "lanhdao": sign_the_decision, "chutich": sign_the_decision,
    "kiemtoan": open_a_recent_change, "quantri": open_a_recent_change,
}


@pytest.mark.parametrize("username", list(FIRST_WORK))
def test_every_demo_account_finds_work_acts_on_it_and_sees_the_result(browser, demo, username):
    person = FirstLogin(browser, demo, username)
    assert person.work_count() >= 1, person.page.inner_text("main")[:500]
    fits_a_phone = person.photograph()

    person.inbox()
    FIRST_WORK[username](person)
    person.close()

    assert fits_a_phone, username
