"""Decision lists and standings as spreadsheets: XLSX with openpyxl, CSV with the csv module.

The read models give the rows; this module only lays them out (Vietnamese headings, a totals line).
Every cell goes through adapters.spreadsheet_text, so text is never written as a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font

from adapters.spreadsheet_text import csv_row, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"  # the response adds "; charset=utf-8"
KINDS = {"individual": "Cá nhân", "collective": "Tập thể", "unit": "Tập thể", "person": "Cá nhân"}

DECISION_COLUMNS = (
    "STT", "Họ và tên / Tập thể", "Cá nhân / Tập thể", "Đơn vị", "Danh hiệu / Hình thức", "Năm", "Hệ số",
    "Lương cơ sở (đồng)", "Mức thưởng (đồng)", "Được chi", "Số tiền chi (đồng)", "Căn cứ",
)


@dataclass(frozen=True)
class Sheet:
    """A titled table: a few heading lines, the column names, the rows."""

    name: str
    heading: Sequence[str]
    columns: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Export:
    content: bytes
    mimetype: str
    filename: str


def decision_sheet(decision: dict) -> Sheet:
    """The list attached to a decision, with money per item and the total paid."""
    rows = [
        (i["seq"], i["nominee_name"], KINDS.get(i["nominee_kind"], i["nominee_kind"]), i["unit_name"], i["title_name"],
         i["year"], i["coefficient"], i["base_salary"], i["amount"], "Có" if i["paid"] else "Không", i["paid_amount"],
         i["article"])
        for i in decision["items"]
    ]
    rows.append(("", "Tổng cộng", "", "", "", "", "", "", "", "", decision["total_amount"], ""))
    heading = (
        f"Danh sách kèm theo Quyết định số {decision['number']} ngày {decision['decision_date']:%d/%m/%Y}",
        f"của {decision['issuer_name']}: {decision['subject']}",
    )
    return Sheet(f"QĐ {decision['number']}", heading, DECISION_COLUMNS, rows)


def standings_sheet(campaign: dict, standings: list[dict]) -> Sheet:
    """Rank, participant, score, then the latest value against each reported target."""
    codes = [p["code"] for p in standings[0]["progress"]] if standings else []
    columns = ("Hạng", "Đơn vị / Cá nhân", "Loại", "Điểm", *codes)
    rows = [
        (s["rank"], s["name"], KINDS.get(s["kind"], s["kind"]), s["score"], *(p["value"] for p in s["progress"]))
        for s in standings
    ]
    heading = (f"Kết quả thi đua: {campaign['theme']}", f"Kỳ: {campaign['period_start']:%d/%m/%Y} – {campaign['period_end']:%d/%m/%Y}")
    return Sheet("Xếp hạng", heading, columns, rows)


def as_xlsx(sheet: Sheet) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = safe_title(sheet.name)
    for line in sheet.heading:
        worksheet.append(bold(xlsx_row(worksheet, [line])))
    worksheet.append([])
    worksheet.append(bold(xlsx_row(worksheet, sheet.columns)))
    for row in sheet.rows:
        worksheet.append(xlsx_row(worksheet, row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def bold(cells: list[Cell]) -> list[Cell]:
    for cell in cells:
        cell.font = Font(bold=True)
    return cells


def as_csv(sheet: Sheet) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Vietnamese letters right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(sheet.columns))
    writer.writerows(csv_row(row) for row in sheet.rows)
    return out.getvalue().encode("utf-8-sig")


def safe_title(name: str) -> str:
    """Worksheet titles may not hold []:*?/\\ and stop at 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31]


class Exports:
    """What the web layer calls (through the app's extensions): a read model in, a file out."""

    def decision(self, decision: dict, fmt: str) -> Export:
        return self._export(decision_sheet(decision), fmt, f"quyet-dinh-{slug(decision['number'])}")

    def standings(self, campaign: dict, standings: list[dict], fmt: str) -> Export:
        return self._export(standings_sheet(campaign, standings), fmt, f"xep-hang-{campaign['key']}")

    @staticmethod
    def _export(sheet: Sheet, fmt: str, stem: str) -> Export:
        if fmt == "xlsx":
            return Export(as_xlsx(sheet), XLSX, f"{stem}.xlsx")
        return Export(as_csv(sheet), CSV, f"{stem}.csv")


def slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")
