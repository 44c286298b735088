"""Reading an import workbook's cells (domain.imports): what each column takes, and the Vietnamese reason
given with the sheet, row, column and value when a cell will not do."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from domain.imports import SHEETS, Problem, parse_workbook
from domain.imports_people import Known, duplicate_people
from domain.imports_values import fold

PEOPLE = [c.header for c in next(s for s in SHEETS if s.kind == "people").columns]
RATINGS = ["Mã cán bộ hoặc đơn vị", "Năm", "Xếp loại"]


def person_row(**changes: object) -> list[object]:
    row = {"Mã cán bộ": "cb-1", "Họ và tên": "Lò Thị Hoa", "Số CCCD": "011190000123", "Giới tính": "Nữ",
           "Dân tộc": "Thái", "Ngày sinh": "15/03/1985", "Mã đơn vị": "dv-1", "Chức vụ": "Chuyên viên",
           "Người lao động trực tiếp": "x"} | changes
    return [row[h] for h in PEOPLE]


def people(*rows: list[object]):
    return parse_workbook({"Cán bộ": [PEOPLE, *rows]})


def test_a_person_row_is_read_into_the_values_the_ledger_records():
    parsed = people(person_row())

    assert parsed.problems == []
    assert dict(parsed.rows["people"][0].values) == {
        "key": "cb-1", "full_name": "Lò Thị Hoa", "citizen_id": "011190000123", "gender": "f", "ethnicity": "Thái",
        "born_on": date(1985, 3, 15), "unit_key": "dv-1", "position": "Chuyên viên", "direct_worker": True,
    }


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("Số CCCD", 11190000123.0, "Số CCCD phải nhập dạng văn bản (để giữ số 0 ở đầu), gồm đúng 12 chữ số."),
    ("Số CCCD", "01119000012", "Số CCCD phải gồm đúng 12 chữ số."),
    ("Số CCCD", "01119000012a", "Số CCCD phải gồm đúng 12 chữ số."),
    ("Giới tính", "khác", "Giới tính không hợp lệ; nhận: «Nam», «Nữ»."),
    ("Dân tộc", "Kinh Tày", "Dân tộc không hợp lệ; ghi tên một trong 54 dân tộc, ví dụ «Kinh», «Tày», «Thái»."),
    ("Ngày sinh", "1985-15-03", "Ngày phải có dạng ngày/tháng/năm, ví dụ 20/12/2023."),
    ("Mã cán bộ", "cán bộ 1", "Mã chỉ gồm chữ không dấu, số và các dấu . _ / - (tối đa 64 ký tự)."),
    ("Người lao động trực tiếp", "có lẽ", "Ghi «x» hoặc «Có» nếu đúng, để trống hoặc «Không» nếu không."),
])
def test_a_cell_that_will_not_do_is_a_problem_naming_sheet_row_column_value_and_reason(column, value, reason):
    parsed = people(person_row(), person_row(**{"Mã cán bộ": "cb-2", column: value}))

    assert parsed.problems == [Problem("Cán bộ", 3, column, str(value).removesuffix(".0"), reason)]
    assert [r.values["key"] for r in parsed.rows["people"]] == ["cb-1"]


def test_a_blank_required_cell_is_a_problem_and_a_blank_optional_one_is_not():
    parsed = people(person_row(**{"Họ và tên": "  ", "Số CCCD": None, "Dân tộc": "", "Người lao động trực tiếp": None}))

    assert parsed.problems == [Problem("Cán bộ", 2, "Họ và tên", "", "Ô bắt buộc, không được để trống.")]


def test_names_are_read_with_or_without_diacritics_and_dates_as_excel_or_text():
    parsed = people(person_row(**{"Giới tính": "nu", "Dân tộc": "H'Mông", "Ngày sinh": datetime(1985, 3, 15),
                                  "Người lao động trực tiếp": "không"}))

    values = parsed.rows["people"][0].values
    assert (values["gender"], values["ethnicity"], values["born_on"], values["direct_worker"]) == ("f", "Mông", date(1985, 3, 15), False)


@pytest.mark.parametrize(("year", "rating", "read"), [
    (2024, "Hoàn thành xuất sắc nhiệm vụ", (2024, "HTXSNV")),
    (2024.0, "hoan thanh tot nhiem vu", (2024, "HTTNV")),
    ("2023", "HTNV", (2023, "HTNV")),
])
def test_a_rating_is_read_by_its_name_or_its_code(year, rating, read):
    parsed = parse_workbook({"Xếp loại": [RATINGS, ["cb-1", year, rating]]})

    assert (parsed.rows["ratings"][0].values["year"], parsed.rows["ratings"][0].values["rating"]) == read


@pytest.mark.parametrize(("year", "reason"), [
    (1944, "Năm phải là số nguyên từ 1945 đến 2100."), (2101, "Năm phải là số nguyên từ 1945 đến 2100."),
    (2024.5, "Năm phải là số nguyên từ 1945 đến 2100."), ("năm ngoái", "Năm phải là một số, ví dụ 2024."),
])
def test_a_year_outside_1945_to_2100_is_a_problem(year, reason):
    parsed = parse_workbook({"Xếp loại": [RATINGS, ["cb-1", year, "HTNV"]]})

    assert [p.reason for p in parsed.problems] == [reason]


def test_the_edges_of_the_years_are_taken():
    parsed = parse_workbook({"Xếp loại": [RATINGS, ["cb-1", 1945, "HTNV"], ["cb-1", 2100, "HTNV"]]})

    assert parsed.problems == [] and len(parsed.rows["ratings"]) == 2


def test_a_missing_column_and_an_unknown_sheet_are_problems_of_their_header_row():
    parsed = parse_workbook({"Xếp loại": [["Mã cán bộ hoặc đơn vị", "Năm"], ["cb-1", 2024]], "Ghi chú": [["a"]]})

    assert parsed.problems == [
        Problem("Xếp loại", 1, "", "", "Thiếu cột: «Xếp loại» (dòng tiêu đề phải như trong mẫu)."),
        Problem("Ghi chú", 1, "", "", "Trang tính không có trong mẫu (các trang: «Đơn vị», «Cán bộ», «Xếp loại», "
                "«Kỷ luật», «Sáng kiến», «Khen thưởng»)."),
    ]


def test_columns_are_found_by_header_in_any_order_and_empty_rows_are_skipped():
    parsed = parse_workbook({"xep loai": [["Xếp loại", "NĂM", "Mã cán bộ hoặc đơn vị"], [None, None, ""], ["HTNV", 2024, "cb-1"]]})

    assert parsed.problems == [] and parsed.rows["ratings"][0].number == 3


def test_fold_drops_diacritics_case_and_extra_spaces():
    assert fold("  Nguyễn   Văn ĐÔNG ") == "nguyen van dong"


def test_one_citizen_id_or_one_name_and_birth_date_under_two_keys_is_a_warning():
    parsed = people(
        person_row(),
        person_row(**{"Mã cán bộ": "cb-2", "Họ và tên": "Lo thi hoa", "Số CCCD": "011190000999"}),
        person_row(**{"Mã cán bộ": "cb-3", "Họ và tên": "Quàng Văn Nam", "Ngày sinh": "01/01/1990"}),
        person_row(**{"Mã cán bộ": "cb-4", "Họ và tên": "Lò Thị Hoa", "Số CCCD": None, "Ngày sinh": "16/03/1985"}),
    )

    warnings = duplicate_people(parsed.rows["people"], [Known("cu-9", "Quàng Văn Nam", None, date(1990, 1, 1))])

    assert [(w.row, w.column, w.reason) for w in warnings] == [
        (3, "Họ và tên", "Trùng họ tên và ngày sinh (15/03/1985) với cán bộ «cb-1» (dòng 2): có thể là một người."),
        (4, "Số CCCD", "Trùng số CCCD với cán bộ «cb-1» (dòng 2)."),
        (4, "Họ và tên", "Trùng họ tên và ngày sinh (01/01/1990) với cán bộ «cu-9» (đã có trong hệ thống): có thể là một người."),
    ]
