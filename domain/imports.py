"""Import of an office's records from a workbook: its sheets, their Vietnamese headers, and what each cell
must hold. Pure: an adapter reads the cells, `domain.imports_service` runs the rows through the commands.

A problem names the sheet, the row (as the spreadsheet numbers it, the header being row 1), the column's
header, the value and the reason, in Vietnamese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.rules.duplicates import CITIZEN_ID
from domain.imports_values import (
    AWARD_TYPES, DIRECT_WORKER, DISCIPLINE, ETHNICITIES, GENDERS, INITIATIVE_LEVELS, RATINGS, UNIT_KINDS, fold, index,
)

KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")
CODE = re.compile(r"[A-Za-z0-9_.-]{1,20}")
YEARS = range(1945, 2101)
YES_NO = index(DIRECT_WORKER)


class CellError(ValueError):
    """Raised when a cell's value cannot be read as its column needs (the message is the reason)."""


@dataclass(frozen=True)
class Problem:
    """Why a row cannot be imported: where (sheet, row, column), what was there, and why."""

    sheet: str
    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    read: Callable[[Any], Any]
    required: bool = True
    example: str = ""


@dataclass(frozen=True)
class Sheet:
    """One sheet of the template: its name, what its rows are, and its columns in order."""

    name: str
    kind: str
    columns: tuple[Column, ...]

    def header(self, name: str) -> str:
        return next(c.header for c in self.columns if c.field == name)


@dataclass(frozen=True)
class Row:
    sheet: str
    number: int
    values: Mapping[str, Any]


@dataclass
class Parsed:
    """The rows each kind of sheet gave, and the problems met reading them."""

    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def key(value: Any) -> str:
    if not KEY.fullmatch(text(value)):
        raise CellError("Mã chỉ gồm chữ không dấu, số và các dấu . _ / - (tối đa 64 ký tự).")
    return text(value)


def code(value: Any) -> str:
    if not CODE.fullmatch(text(value)):
        raise CellError("Mã danh hiệu, hình thức chỉ gồm chữ không dấu, số và các dấu _ . - (tối đa 20 ký tự).")
    return text(value).upper()


def year(value: Any) -> int:
    try:
        number = float(text(value))
    except ValueError:
        raise CellError("Năm phải là một số, ví dụ 2024.") from None
    if not number.is_integer() or int(number) not in YEARS:
        raise CellError("Năm phải là số nguyên từ 1945 đến 2100.")
    return int(number)


def day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text(value), pattern).date()
        except ValueError:
            continue
    raise CellError("Ngày phải có dạng ngày/tháng/năm, ví dụ 20/12/2023.")


def citizen_id(value: Any) -> str:
    if not isinstance(value, str):
        raise CellError("Số CCCD phải nhập dạng văn bản (để giữ số 0 ở đầu), gồm đúng 12 chữ số.")
    if not CITIZEN_ID.fullmatch(value.strip()):
        raise CellError("Số CCCD phải gồm đúng 12 chữ số.")
    return value.strip()


def one_of(choices: Mapping[str, str], what: str, names: str = "") -> Callable[[Any], str]:
    """A reader that takes any of `choices`' names (with or without diacritics) and gives its code."""
    names = names or "nhận: " + ", ".join(f"«{name}»" for name in choices)
    codes = index(choices)

    def read(value: Any) -> str:
        found = codes.get(fold(text(value)))
        if found is None:
            raise CellError(f"{what} không hợp lệ; {names}.")
        return found

    return read


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    found = YES_NO.get(fold(text(value)))
    if found is None:
        raise CellError("Ghi «x» hoặc «Có» nếu đúng, để trống hoặc «Không» nếu không.")
    return found == "yes"


def label(limit: int) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        if len(text(value)) > limit:
            raise CellError(f"Dài quá {limit} ký tự.")
        return text(value)

    return read


NAME, LABEL = label(200), label(200)
SUBJECT = Column("subject_key", "Mã cán bộ hoặc đơn vị", key, example="nv-0001")
SHEETS = (
    Sheet("Đơn vị", "units", (
        Column("key", "Mã đơn vị", key, example="so-khcn"),
        Column("name", "Tên đơn vị", NAME, example="Sở Khoa học và Công nghệ"),
        Column("short_name", "Tên viết tắt", NAME, example="Sở KH&CN"),
        Column("kind", "Loại đơn vị", one_of(UNIT_KINDS, "Loại đơn vị"), example="Sở, ban, ngành"),
        Column("parent_key", "Mã đơn vị cấp trên", key, required=False),
        Column("province", "Tỉnh", label(60), example="Điện Biên"),
        Column("abbreviation", "Ký hiệu", label(20), example="SKHCN"),
    )),
    Sheet("Cán bộ", "people", (
        Column("key", "Mã cán bộ", key, example="nv-0001"),
        Column("full_name", "Họ và tên", NAME, example="Nguyễn Thị Hoa"),
        Column("citizen_id", "Số CCCD", citizen_id, required=False, example="011190000123"),
        Column("gender", "Giới tính", one_of(GENDERS, "Giới tính"), example="Nữ"),
        Column("ethnicity", "Dân tộc", one_of(ETHNICITIES, "Dân tộc", "ghi tên một trong 54 dân tộc, ví dụ «Kinh», «Tày», «Thái»"), required=False, example="Kinh"),
        Column("born_on", "Ngày sinh", day, required=False, example="15/03/1985"),
        Column("unit_key", "Mã đơn vị", key, example="so-khcn"),
        Column("position", "Chức vụ", LABEL, example="Chuyên viên"),
        Column("direct_worker", "Người lao động trực tiếp", yes_no, required=False, example="x"),
    )),
    Sheet("Xếp loại", "ratings", (
        SUBJECT,
        Column("year", "Năm", year, example="2024"),
        Column("rating", "Xếp loại", one_of(RATINGS, "Xếp loại"), example="Hoàn thành xuất sắc nhiệm vụ"),
    )),
    Sheet("Kỷ luật", "discipline", (
        Column("person_key", "Mã cán bộ", key, example="nv-0001"),
        Column("year", "Năm", year, example="2023"),
        Column("level", "Hình thức kỷ luật", one_of(DISCIPLINE, "Hình thức kỷ luật"), example="khiển trách"),
        Column("until", "Thời hạn đến ngày", day, required=False, example="30/06/2024"),
        Column("reason", "Lý do", label(2000), example="Vi phạm quy chế làm việc"),
    )),
    Sheet("Sáng kiến", "initiatives", (
        Column("person_key", "Mã cán bộ", key, example="nv-0001"),
        Column("year", "Năm", year, example="2024"),
        Column("title", "Tên sáng kiến", label(500), example="Số hóa hồ sơ thi đua"),
        Column("level", "Cấp công nhận", one_of(INITIATIVE_LEVELS, "Cấp công nhận"), example="cơ sở"),
    )),
    Sheet("Khen thưởng", "awards", (
        SUBJECT,
        Column("year", "Năm", year, example="2023"),
        Column("code", "Mã danh hiệu, hình thức", code, example="LDTT"),
        Column("award_type", "Loại khen thưởng", one_of(AWARD_TYPES, "Loại khen thưởng"), example="thường xuyên"),
        Column("decision_number", "Số quyết định", label(100), example="125/QĐ-SKHCN"),
        Column("decided_on", "Ngày quyết định", day, example="20/12/2023"),
        Column("issuer", "Cơ quan ban hành", label(200), example="Sở Khoa học và Công nghệ"),
    )),
)
SHEETS_BY_NAME = {fold(s.name): s for s in SHEETS}


def parse_workbook(workbook: Mapping[str, Sequence[Sequence[Any]]]) -> Parsed:
    """Every row of the known sheets read cell by cell (header row first); unknown sheets are a problem."""
    parsed = Parsed({s.kind: [] for s in SHEETS})
    for name, rows in workbook.items():
        sheet = SHEETS_BY_NAME.get(fold(name))
        if sheet is None:
            known = ", ".join(f"«{s.name}»" for s in SHEETS)
            parsed.problems.append(Problem(name, 1, "", "", f"Trang tính không có trong mẫu (các trang: {known})."))
            continue
        parse_sheet(sheet, rows, parsed)
    return parsed


def parse_sheet(sheet: Sheet, rows: Sequence[Sequence[Any]], parsed: Parsed) -> None:
    headers = [fold(text(h)) for h in rows[0]] if rows else []
    places = {c.field: headers.index(fold(c.header)) for c in sheet.columns if fold(c.header) in headers}
    missing = [c.header for c in sheet.columns if c.field not in places]
    if missing:
        reason = "Thiếu cột: " + ", ".join(f"«{h}»" for h in missing) + " (dòng tiêu đề phải như trong mẫu)."
        parsed.problems.append(Problem(sheet.name, 1, "", "", reason))
        return
    for number, cells in enumerate(rows[1:], start=2):
        if any(not blank(v) for v in cells):
            row = parse_row(sheet, number, {f: cells[i] if i < len(cells) else None for f, i in places.items()}, parsed)
            if row is not None:
                parsed.rows[sheet.kind].append(row)


def parse_row(sheet: Sheet, number: int, cells: Mapping[str, Any], parsed: Parsed) -> Row | None:
    values: dict[str, Any] = {}
    before = len(parsed.problems)
    for column in sheet.columns:
        cell = cells[column.field]
        if blank(cell):
            values[column.field] = None
            if column.required:
                parsed.problems.append(Problem(sheet.name, number, column.header, "", "Ô bắt buộc, không được để trống."))
            continue
        try:
            values[column.field] = column.read(cell)
        except CellError as error:
            parsed.problems.append(Problem(sheet.name, number, column.header, shown(cell), str(error)))
    return Row(sheet.name, number, values) if len(parsed.problems) == before else None


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A cell's value as a report shows it (dates as day/month/year)."""
    if isinstance(value, (date, datetime)):
        return value.strftime("%d/%m/%Y")
    return text(value)[:200]
