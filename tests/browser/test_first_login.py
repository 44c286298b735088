"""Issue #18 in headless Chromium on the demo itself: every demo account signs in for the first time, finds
work on its first page, acts on one item and sees the result. Each first page is photographed at desktop
width and at 390 px into tests/artifacts/first-login/ (gitignored)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from adapters.demo.loader import load_demo
from tests.browser.conftest import Served
from tests.browser.test_walk import WIDE
from web import create_app

pytestmark = pytest.mark.browser
PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "first-login"
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    instance = tmp_path_factory.mktemp("demo-browser")
    container = bootstrap(load_settings({}, instance_path=instance, environment="test"))
    load_demo(container.app)
    container.projector.catch_up()
    ensure_demo_accounts(container.projector.engine, container.read_engine)
    served = Served(SimpleNamespace(app=create_app({"TESTING": True}, container=container), close=container.close))
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield served
    served.close()


class FirstLogin:
    """A demo account at its own browser, signed in with the demo password."""

    def __init__(self, browser, served, username: str, viewport: dict = WIDE) -> None:
        self.url, self.username = served.url, username
        self.context = browser.new_context(viewport=viewport, locale="vi-VN")
        self.page = self.context.new_page()
        self.page.goto(self.url + "/login")
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        self.page.get_by_label("Mật khẩu").press("Enter")
        self.expect("Đã đăng nhập.")

    def expect(self, text: str) -> None:
        self.page.get_by_text(text).first.wait_for(state="visible", timeout=15000)

    def work_count(self) -> int:
        return int(re.search(r"Việc cần xử lý\s+(\d+)", self.page.inner_text("main")).group(1))

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("username", ["vanthu", "truongphong", "thuky", "soanthao", "hoidong", "lanhdao", "chutich", "kiemtoan", "quantri"])
def test_the_first_page_shows_work_at_desktop_and_phone_width(browser, demo, username):
    fits = {}
    for name, viewport in (("desktop", WIDE), ("390px", PHONE_390)):
        person = FirstLogin(browser, demo, username, viewport)
        person.page.screenshot(path=str(SHOTS / f"{username}-{name}.png"), full_page=True)
        assert person.work_count() >= 1, (username, person.page.inner_text("main")[:500])
        fits[name] = person.page.evaluate(FITS)
        person.close()

    assert fits["390px"], username


def test_the_clerk_submits_the_dossier_waiting_for_her(browser, demo):
    clerk = FirstLogin(browser, demo, "vanthu")
    clerk.page.goto(demo.url + "/inbox")
    clerk.page.locator("li.card", has_text="Chờ hoàn thiện hồ sơ").get_by_role("link").first.click()
    clerk.click("button", "Trình hồ sơ")
    clerk.expect("Đã trình hồ sơ lên thủ trưởng đơn vị.")
    clerk.close()


def test_the_unit_head_approves_from_the_inbox(browser, demo):
    head = FirstLogin(browser, demo, "truongphong")
    head.page.goto(demo.url + "/inbox")
    card = head.page.locator("li.card", has_text="Chờ duyệt cấp đơn vị").first
    card.locator("summary").click()
    card.get_by_role("button", name="Duyệt", exact=True).click()
    head.expect("Đã duyệt hồ sơ.")
    head.close()


def test_the_secretariat_checks_a_dossier_and_sees_her_own_one_refused(browser, demo):
    secretary = FirstLogin(browser, demo, "thuky")
    secretary.page.goto(demo.url + "/inbox")
    secretary.expect("Bạn không thể duyệt hồ sơ này")
    card = secretary.page.locator("li.card", has_text="Chờ kiểm tra hồ sơ").filter(has=secretary.page.locator("summary")).first
    card.locator("summary").click()
    card.get_by_role("button", name="Thẩm định đạt", exact=True).click()
    secretary.expect("Đã thẩm định hồ sơ.")
    secretary.close()


def test_the_secretariat_posts_the_checked_dossiers(browser, demo):
    drafter = FirstLogin(browser, demo, "soanthao")
    drafter.page.goto(demo.url + "/inbox")
    drafter.click("link", "Công khai danh sách")
    for box in drafter.page.get_by_role("checkbox").all():
        box.check()
    drafter.click("button", "Công khai")
    drafter.expect("Đã công khai")
    drafter.close()


def test_a_council_member_casts_the_open_ballot(browser, demo):
    member = FirstLogin(browser, demo, "hoidong")
    member.page.goto(demo.url + "/inbox")
    member.click("link", "Bỏ phiếu")
    member.click("link", "Bỏ phiếu kín")
    for choice in member.page.get_by_label("Đồng ý", exact=True).all():
        choice.check()
    member.click("button", "Bỏ phiếu")
    member.expect("Đã bỏ phiếu kín.")
    member.page.goto(demo.url + "/inbox")
    assert "Chờ bạn bỏ phiếu" not in member.page.inner_text("main")
    member.close()


@pytest.mark.parametrize("username", ["lanhdao", "chutich"])
def test_a_signer_signs_the_decision_waiting_for_them(browser, demo, username):
    signer = FirstLogin(browser, demo, username)
    signer.page.goto(demo.url + "/inbox")
    signer.click("link", "Xem và ký quyết định")
    signer.click("button", "Ký quyết định")
    signer.expect("Đã ký quyết định.")
    signer.close()


@pytest.mark.parametrize("username", ["kiemtoan", "quantri"])
def test_an_inspector_opens_a_recent_change(browser, demo, username):
    inspector = FirstLogin(browser, demo, username)
    inspector.page.goto(demo.url + "/inbox")
    inspector.page.locator("li.card", has_text="Thay đổi gần đây").get_by_role("link").first.click()
    assert "/audit/diff" in inspector.page.url
    inspector.close()
