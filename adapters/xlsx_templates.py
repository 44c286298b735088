"""The import template: one sheet per kind of record with the Vietnamese headers `domain.imports` reads,
an example row, and every column formatted as text where a leading zero matters (the citizen ID)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from adapters.spreadsheet_text import xlsx_row
from domain.imports import SHEETS, Sheet

TEXT_COLUMNS = frozenset({"citizen_id", "key", "unit_key", "parent_key", "person_key", "subject_key", "decision_number"})


def template_bytes() -> bytes:
    """The empty template as .xlsx bytes: each header carries a note with an example value."""
    return workbook_bytes({})


def workbook_bytes(rows: dict[str, Iterable[Sequence[Any]]]) -> bytes:
    """A workbook in the template's layout holding `rows` (sheet name -> rows of values in column order)."""
    book = Workbook(write_only=False)
    book.remove(book.active)
    for sheet in SHEETS:
        write_sheet(book, sheet, rows.get(sheet.name, ()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_sheet(book: Workbook, sheet: Sheet, rows: Iterable[Sequence[Any]]) -> None:
    worksheet = book.create_sheet(sheet.name)
    worksheet.append(xlsx_row(worksheet, [c.header for c in sheet.columns]))
    for cell, column in zip(worksheet[1], sheet.columns):
        cell.font = Font(bold=True)
        required = "Bắt buộc." if column.required else "Không bắt buộc."
        cell.comment = Comment(f"{required} Ví dụ: {column.example}" if column.example else required, "thidua")
    for row in rows:
        worksheet.append(xlsx_row(worksheet, row))
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        worksheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        if column.field in TEXT_COLUMNS:
            worksheet.column_dimensions[letter].number_format = "@"
    worksheet.freeze_panes = "A2"
