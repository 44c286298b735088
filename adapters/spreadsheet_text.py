"""Text in an export stays text: no name or number a person typed becomes a spreadsheet formula.

OWASP's CSV injection advice: a cell beginning with =, +, -, @, tab or carriage return is run as a
formula by spreadsheet programs. In XLSX every string is written as a string cell (openpyxl would
make one beginning with "=" a formula), its value unchanged; in CSV such a cell gets a leading
single quote. Numbers, dates and empty cells pass through as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_row(values: Iterable[object]) -> list[object]:
    """A row for csv.writer, each text that would start a formula quoted."""
    return [f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_LEADS) else value for value in values]


def xlsx_row(worksheet: Worksheet, values: Iterable[object]) -> list[Cell]:
    """Cells for `worksheet.append`, every string a string cell (data type "s")."""
    cells = [Cell(worksheet, value=value) for value in values]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
    return cells
