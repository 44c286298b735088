"""The yearly statistics as one spreadsheet (XLSX or CSV, text kept as text by adapters.spreadsheet_text):
a line per breakdown and label, with its count, money and share."""

from __future__ import annotations

from collections.abc import Mapping

from adapters.exports import CSV, XLSX, Export, Sheet, as_csv, as_xlsx
from projections.queries.statistics import BREAKDOWNS, SHARES

COLUMNS = ("Nhóm", "Nội dung", "Số lượng", "Số tiền (đồng)", "Tỷ lệ (%)")


def statistics_sheet(stats: Mapping, issuer_name: str) -> Sheet:
    rows: list[tuple] = [("Tổng cộng", "", stats["total"], stats["amount"], "")]
    for key, group in (BREAKDOWNS | SHARES).items():
        rows += [(group, r["label"], r["count"], r["amount"], r.get("share", "")) for r in stats[key]]
    rows += [("Kinh phí theo nguồn", m["label"], "", m["amount"], "") for m in stats["money"]]
    rows += [
        ("Chỉ tiêu: " + c["theme"], t["description"], "", "", "" if t["value"] is None else t["value"])
        for c in stats["targets"] for t in c["targets"]
    ]
    heading = (f"Thống kê thi đua, khen thưởng năm {stats['year']}", issuer_name)
    return Sheet(f"Thống kê {stats['year']}", heading, COLUMNS, rows)


def statistics_export(stats: Mapping, issuer_name: str, fmt: str) -> Export:
    sheet, stem = statistics_sheet(stats, issuer_name), f"thong-ke-{stats['year']}"
    if fmt == "xlsx":
        return Export(as_xlsx(sheet), XLSX, f"{stem}.xlsx")
    return Export(as_csv(sheet), CSV, f"{stem}.csv")
