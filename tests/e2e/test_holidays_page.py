"""The administrator's page for the working calendar: a year's days as counted, and its declaration."""

from __future__ import annotations

import pytest

from tests.e2e.ui_support import page_text, post, signed_in_admin, ui_world_fixture

ui = ui_world_fixture("holidays")
DAYS_OFF = "2027-02-04 29 Tết\n2027-02-05 Giao thừa Tết Nguyên Đán\n2027-02-11 Nghỉ hoán đổi"


@pytest.fixture(scope="module")
def admin(ui):
    return signed_in_admin(ui)


def test_the_page_shows_the_shipped_year(admin):
    text = page_text(admin.get("/admin/holidays?year=2027"))

    assert "Ngày nghỉ lễ, Tết và ngày làm bù năm 2027" in text and "Giao thừa Tết Nguyên Đán" in text


def test_a_year_without_data_says_so(admin):
    assert "Chưa có dữ liệu ngày nghỉ của năm này" in page_text(admin.get("/admin/holidays?year=2040"))


def test_declaring_the_year_is_recorded_and_shown(ui, admin):
    answer = post(admin, "/admin/holidays?year=2027", {
        "year": "2027", "days_off": DAYS_OFF, "working_days": "2027-02-20 Làm bù cho ngày 11/02/2027",
        "basis": "Thông báo hoán đổi ngày làm việc dịp Tết 2027", "reason": "Chính phủ cho nghỉ thêm",
    })

    assert answer.status_code == 303
    assert "Nghỉ hoán đổi" in page_text(admin.get(answer.headers["Location"]))
    assert ui.container.app.get_holidays(2027)["working_days"] == [{"on": "2027-02-20", "name": "Làm bù cho ngày 11/02/2027"}]


@pytest.mark.parametrize(("days_off", "message"), [
    ("05/02/2027 Giao thừa", "Dòng 1: cần ngày dạng YYYY-MM-DD"),
    ("2027-02-06 Mùng một Tết", "thứ Bảy hoặc Chủ nhật"),
])
def test_a_wrong_line_is_shown_back_in_vietnamese_and_nothing_is_recorded(ui, admin, days_off, message):
    before = ui.container.app.recorder.max_notification_id()

    answer = post(admin, "/admin/holidays?year=2027", {
        "year": "2027", "days_off": days_off, "working_days": "", "basis": "Thông báo", "reason": "Thử",
    })

    assert message in page_text(answer) and ui.container.app.recorder.max_notification_id() == before


def test_only_the_administrator_opens_it(ui):
    assert ui.signed_in("thuky").get("/admin/holidays").status_code == 403
