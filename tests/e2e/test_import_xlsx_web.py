"""The import on the administrator's page and through the API: the template downloads with its Vietnamese
headers; an upload shows its dry run (every row's problem, or a button to import); confirming imports the
whole file once; the API answers the same report, and only to an administrator."""

from __future__ import annotations

import io

from python_calamine import CalamineWorkbook

from adapters.xlsx_templates import workbook_bytes
from domain.imports import SHEETS
from domain.organisation import Person
from domain.values import Role
from tests.e2e.test_ui_admin import admin, ledger, ui  # noqa: F401 - the world with a signed-in administrator
from tests.e2e.ui_support import page_text, post

GOOD = workbook_bytes({
    "Đơn vị": [["phong-nhap", "Phòng Nhập liệu", "Phòng NL", "Phòng, đơn vị trực thuộc", "so-a", "A", "NL"]],
    "Cán bộ": [["nhap-1", "Hà Thị Nhập", "011190000321", "Nữ", "Tày", "02/09/1990", "phong-nhap", "Chuyên viên", "x"]],
    "Xếp loại": [["nhap-1", 2024, "Hoàn thành tốt nhiệm vụ"]],
})
BAD = workbook_bytes({"Cán bộ": [["nhap-2", "Vi Văn Sai", 11190000321, "Nam", "Kinh", "02/09/1990", "phong-a", "CV", None],
                                 ["nhap-3", "Vi Văn Thiếu", None, "Nam", "Kinh", None, "khong-co", "CV", None]]})


def admin_token(ui) -> dict[str, str]:
    _token, secret = ui.app.extensions["thidua_tokens"].create(ui.accounts["quantri"], Role.ADMIN)
    return {"Authorization": f"Bearer {secret}"}


def api_upload(ui, content: bytes, name: str, **form: str):
    data = {"file": (io.BytesIO(content), name), **form}
    return ui.app.test_client().post("/api/v1/imports", data=data, headers=admin_token(ui), content_type="multipart/form-data")


def upload(client, content: bytes, name: str = "van-phong.xlsx"):
    return post(client, "/admin/import", {"workbook": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_the_template_downloads_with_a_sheet_per_kind_and_vietnamese_headers(admin):
    answer = admin.get("/admin/import/template.xlsx")

    book = CalamineWorkbook.from_filelike(io.BytesIO(answer.data))
    assert answer.status_code == 200 and "attachment" in answer.headers["Content-Disposition"]
    assert book.sheet_names == [s.name for s in SHEETS]
    assert book.get_sheet_by_name("Cán bộ").to_python()[0][:3] == ["Mã cán bộ", "Họ và tên", "Số CCCD"]


def test_an_upload_with_problems_lists_each_and_records_nothing(ui, admin):
    before = ledger(ui)

    answer = upload(admin, BAD)

    text = page_text(answer)
    assert answer.status_code == 200 and ledger(ui) == before
    assert "Lỗi (2): chưa thể nhập" in text and "Nhập dữ liệu</button>" not in answer.get_data(as_text=True)
    assert "Cán bộ 2 Số CCCD 11190000321 Số CCCD phải nhập dạng văn bản" in text
    assert "Cán bộ 3 Mã đơn vị khong-co Không có đơn vị với mã này" in text


def test_a_clean_upload_is_a_dry_run_then_the_confirmed_import_records_it_once(ui, admin):
    before = ledger(ui)

    checked = upload(admin, GOOD)
    sha = checked.get_data(as_text=True).split('action="/admin/import/')[1][:64]
    assert "Nhập dữ liệu" in page_text(checked) and ledger(ui) == before

    imported = post(admin, f"/admin/import/{sha}", {}, follow_redirects=True)
    assert "Đã nhập 3 dòng (3 dữ kiện mới) từ tệp «van-phong.xlsx»" in page_text(imported)
    hoa = ui.container.app.repository.get(Person.create_id("nhap-1"))
    assert hoa.details.citizen_id == "011190000321" and hoa.ratings == {2024: "HTTNV"}

    after = ledger(ui)
    again = page_text(upload(admin, GOOD))
    assert "Tệp này đã được nhập trước đây" in again and ledger(ui) == after


def test_confirming_a_file_never_uploaded_says_so(admin):
    answer = post(admin, "/admin/import/" + "f" * 64, {}, follow_redirects=True)

    assert "Không tìm thấy tệp đã tải lên" in page_text(answer)


def test_the_api_answers_a_dry_run_an_import_and_a_repeat(ui):
    content = workbook_bytes({"Xếp loại": [["staff-0", 2019, "HTXSNV"]]})

    dry, real, repeat = (api_upload(ui, content, "xep-loai.xlsx", dry_run=flag) for flag in ("true", "false", "false"))

    assert (dry.status_code, dry.get_json()["recorded"], dry.get_json()["imported"]) == (200, {"ratings": 1}, False)
    assert (real.status_code, real.get_json()["imported"]) == (201, True)
    assert (repeat.status_code, repeat.get_json()["already_imported"]) == (200, True)


def test_the_api_refuses_a_file_with_problems_with_the_report(ui):
    answer = api_upload(ui, BAD, "sai.xlsx")

    assert answer.status_code == 422 and [(p["row"], p["column"]) for p in answer.get_json()["details"]] == [
        (2, "Số CCCD"), (3, "Mã đơn vị")]


def test_a_file_that_is_not_a_workbook_is_a_clear_422(ui):
    answer = api_upload(ui, b"not a workbook", "a.xlsx")

    assert answer.status_code == 422 and "không phải một bảng tính Excel" in answer.get_json()["message"]
