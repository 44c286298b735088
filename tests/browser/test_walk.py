"""The whole path in headless Chromium with JavaScript off, each role at their own browser: the clerk signs
up, reports and nominates; the unit head approves; the secretariat checks and posts; the council votes by
secret ballot; the signer signs; the decision PDF carries the number, the awardees and the amounts."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.e2e.ui_support import PASSWORD
from tests.second_factor import answer_in_browser

pytestmark = pytest.mark.browser
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


class Desk:
    """One person at their own browser, signed in with the keyboard (JavaScript off)."""

    def __init__(
        self, browser, served, username: str | None, *, viewport: dict = WIDE, javascript: bool = False,
    ) -> None:
        self.served = served
        self.context = browser.new_context(java_script_enabled=javascript, viewport=viewport, locale="vi-VN")
        self.page = self.context.new_page()
        if username:
            self.goto("/login")
            self.page.get_by_label("Tên đăng nhập").fill(username)
            self.page.get_by_label("Mật khẩu").fill(PASSWORD)
            self.page.get_by_label("Mật khẩu").press("Enter")
            answer_in_browser(self.page, served.ui.app, username)

    def goto(self, path: str) -> None:
        self.page.goto(self.served.url + path)

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name, exact=True).first.click()

    def expect_text(self, text: str) -> None:
        self.page.get_by_text(text).first.wait_for(state="visible", timeout=5000)

    def shot(self, folder, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


def evidence_file(tmp_path, name: str = "bien-ban-binh-xet.pdf"):
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n% bien ban hop binh xet thi dua\n")
    return path


def test_the_whole_path_from_sign_up_to_the_signed_decision_pdf(browser, served, screenshots, tmp_path):
    from tests.browser.test_ballot_receipts import register_keys, type_passphrases  # (it imports Desk from here)

    ui, w = served.ui, served.ui.world
    campaign = f"/campaigns/{w.campaign}"

    ui.clock.set(2025, 1, 10, 9)
    clerk = Desk(browser, served, "canbo")
    clerk.goto(campaign)
    clerk.shot(screenshots, "01-campaign")
    clerk.click("link", "Đăng ký thi đua")
    clerk.page.get_by_label("Đơn vị hoặc cá nhân đăng ký").select_option(label="Phòng Công nghệ thông tin")
    clerk.page.get_by_label("Tập thể lao động tiên tiến").check()
    clerk.shot(screenshots, "02-sign-up")
    clerk.click("button", "Gửi đăng ký")
    clerk.expect_text("Đã đăng ký thi đua")

    head = Desk(browser, served, "truongphong")
    head.goto("/inbox")
    head.click("button", "Phê duyệt đăng ký")
    head.expect_text("Đã phê duyệt đăng ký thi đua.")

    ui.clock.set(2025, 4, 2, 9)
    clerk.goto(campaign)
    clerk.click("link", "Báo cáo kết quả")
    clerk.page.get_by_label("Kỳ báo cáo").fill("2025-Q1")
    clerk.page.get_by_label("Ngày kết thúc kỳ").fill("2025-03-31")
    clerk.page.get_by_label("Tỷ lệ hồ sơ dịch vụ công trực tuyến").fill("62.5")
    clerk.page.get_by_label("Tệp minh chứng").set_input_files(evidence_file(tmp_path))
    clerk.shot(screenshots, "03-progress-report")
    clerk.click("button", "Gửi báo cáo")
    clerk.expect_text("Đã gửi báo cáo kỳ 2025-Q1.")

    ui.clock.set(2025, 12, 1, 9)
    clerk.goto(campaign)
    clerk.click("link", "Lập hồ sơ đề nghị khen thưởng")
    nominee = clerk.page.get_by_label("Người hoặc tập thể được đề nghị")
    nominee.select_option(value=f"individual:{w.staff[0]}")
    clerk.page.get_by_label("Danh hiệu / hình thức đề nghị").select_option(value="LDTT")
    clerk.page.get_by_label("Tóm tắt thành tích").fill("Hoàn thành tốt nhiệm vụ năm 2025; tích cực chuyển đổi số.")
    clerk.page.get_by_label("Tệp minh chứng").set_input_files(evidence_file(tmp_path, "bao-cao-thanh-tich.pdf"))
    clerk.click("button", "Lưu dự thảo hồ sơ")
    clerk.expect_text("Đủ điều kiện")
    clerk.shot(screenshots, "04-dossier-with-verdict")
    dossier = clerk.page.url.removeprefix(served.url)
    clerk.click("button", "Trình hồ sơ")
    clerk.expect_text("Đã trình hồ sơ lên thủ trưởng đơn vị.")

    head.goto("/inbox")
    head.page.get_by_text("Xử lý hồ sơ", exact=True).click()
    head.shot(screenshots, "05-inbox-unit-head")
    head.page.locator("form[action$='/approve'] textarea").fill("Đồng ý đề nghị")
    head.click("button", "Duyệt")
    head.expect_text("Đã duyệt hồ sơ.")

    secretary = Desk(browser, served, "thuky")
    secretary.goto(dossier)
    secretary.click("button", "Thẩm định đạt")
    secretary.expect_text("Đã thẩm định hồ sơ.")
    secretary.goto("/posting")
    secretary.page.get_by_label("Cán bộ 0 — Lao động tiên tiến (Phòng Công nghệ thông tin)").check()
    secretary.page.get_by_label("Công khai đến hết ngày").fill("2025-12-20")
    secretary.click("button", "Công khai")
    secretary.expect_text("Đã công khai 1 hồ sơ.")

    ui.clock.set(2025, 12, 5, 9)
    visitor = Desk(browser, served, None)
    visitor.goto("/public")
    visitor.expect_text("Cán bộ 0")
    visitor.shot(screenshots, "06-public-posting")
    visitor.close()

    ui.clock.set(2026, 1, 6, 9)
    secretary.goto("/council/new")
    secretary.page.get_by_label("Tên phiên họp").fill("Phiên họp Hội đồng Thi đua - Khen thưởng Sở tháng 01/2026")
    secretary.shot(screenshots, "07-convene-council")
    secretary.click("button", "Triệu tập")
    secretary.expect_text("Đã triệu tập phiên họp.")
    session = secretary.page.url.removeprefix(served.url)
    for box in secretary.page.locator("form[action$='/attendance'] input[type=checkbox]").all():
        box.check()
    secretary.click("button", "Ghi thành viên có mặt")
    secretary.expect_text("Đã ghi nhận thành viên có mặt.")
    register_keys(browser, served, session)

    for i in range(1, len(w.members) + 1):
        member = Desk(browser, served, f"hoidong{i}")
        member.goto(f"{session}/ballot")
        member.page.get_by_label("Đồng ý", exact=True).check()
        if i == 1:
            member.shot(screenshots, "08-secret-ballot")
        member.click("button", "Bỏ phiếu")
        member.expect_text("Đã bỏ phiếu kín.")
        member.close()

    secretary.goto(session)
    secretary.click("button", "Đóng phiên họp")
    type_passphrases(secretary, session)
    secretary.click("button", "Kiểm phiếu")
    secretary.expect_text("Đã kiểm phiếu.")
    passed = secretary.page.locator("main table tbody tr", has_text="Cán bộ 0")
    assert passed.locator("td[data-label='Đồng ý']").inner_text() == "5" and "Đạt" in passed.inner_text()
    secretary.shot(screenshots, "09-council-tally")

    ui.clock.set(2026, 1, 10, 9)
    drafter = Desk(browser, served, "soanthao")  # the drafter never checked the dossiers the decision lists
    drafter.goto("/decisions/new")
    drafter.page.get_by_label("Số quyết định").fill("05/QĐ-SKHCN")
    drafter.page.get_by_label("Trích yếu").fill("Về việc tặng danh hiệu Lao động tiên tiến năm 2025")
    drafter.page.get_by_label("Người ký", exact=True).select_option(label="Trần Quốc Hùng — Giám đốc Sở")
    drafter.page.get_by_label("Chức danh người ký").fill("Giám đốc Sở Khoa học và Công nghệ")
    drafter.shot(screenshots, "10-decision-draft")
    drafter.click("button", "Lập dự thảo")
    drafter.expect_text("Đã lập dự thảo quyết định; chờ người ký.")

    signer = Desk(browser, served, "lanhdao")
    signer.goto("/inbox")
    signer.page.get_by_role("link", name="Quyết định số 05/QĐ-SKHCN").first.click()
    signer.click("button", "Ký quyết định")
    signer.expect_text("Đã ký quyết định.")
    signer.shot(screenshots, "11-signed-decision")
    with signer.page.expect_download() as download:
        signer.click("link", "Tải quyết định (PDF)")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages)
    assert "Số: 05/QĐ-SKHCN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Cán bộ 0" in text and "Lao động tiên tiến" in text and "710.000" in text
    for desk in (clerk, head, secretary, drafter, signer):
        desk.close()
