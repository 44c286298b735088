"""Excel import: a generated office (5,000 people in 50 units, five years of ratings, past awards,
discipline and initiatives) written as the import template's .xlsx, then its dry run and its real import
(into a fresh store each round) in rows/s, against the library's batched save of as many events.

`office_workbook` is also the tests' generated office (small there)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import Any

from eventsourcing.application import Application

from adapters.xlsx_import import read_workbook
from adapters.xlsx_templates import workbook_bytes
from bench.context import Bench
from bench.ledger import batched_dossiers, open_store, plain_store_env
from bench.measure import figure, rate, timed
from domain.imports_service import Workbook
from domain.values import Actor

SUITE = "import"
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lò", "Quàng", "Cà", "Lường")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Hữu", "Ngọc", "Thanh")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân", "Sơn", "Thảo",
         "Tuấn", "Vân", "Xuân", "Yến")
ETHNIC = ("Kinh",) * 6 + ("Thái",) * 3 + ("Mông", "Khơ Mú", "Dao", "Tày")
RATINGS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
           "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ")
PEOPLE_PER_UNIT = 100


def office_sheets(people: int, years: Sequence[int], seed: int = 1) -> dict[str, list[list[Any]]]:
    """An office's records in the template's sheets (rows of values in column order, without the header)."""
    rng = random.Random(seed)
    divisions = max(2, people // PEOPLE_PER_UNIT)
    units = [["so-nv", "Sở Nội vụ", "Sở NV", "Sở, ban, ngành", None, "Điện Biên", "SNV"]] + [
        [f"dv-{u:03d}", f"Phòng {u}", f"P{u}", "Phòng, đơn vị trực thuộc", "so-nv", "Điện Biên", f"P{u}"]
        for u in range(1, divisions + 1)
    ]
    sheets: dict[str, list[list[Any]]] = {"Đơn vị": units, "Cán bộ": [], "Xếp loại": [], "Kỷ luật": [], "Sáng kiến": [],
                                          "Khen thưởng": []}
    for p in range(1, people + 1):
        key, unit = f"cb-{p:05d}", f"dv-{(p - 1) % divisions + 1:03d}"
        female = rng.random() < 0.5
        name = f"{rng.choice(FAMILY)} {'Thị' if female else rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        born = date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        sheets["Cán bộ"].append([
            key, name, f"011{born.year % 100:02d}{p:07d}", "Nữ" if female else "Nam", rng.choice(ETHNIC),
            born.strftime("%d/%m/%Y"), unit, rng.choice(("Chuyên viên", "Phó trưởng phòng", "Nhân viên")),
            "x" if rng.random() < 0.2 else None,
        ])
        person_years(sheets, rng, key, unit, years)
        if rng.random() < 0.01:
            sheets["Kỷ luật"].append([key, years[0], "khiển trách", date(years[0] + 1, 6, 30), "Vi phạm quy chế làm việc"])
    for unit in units:
        for year in years:
            sheets["Xếp loại"].append([unit[0], year, "Hoàn thành tốt nhiệm vụ"])
    return sheets


def person_years(sheets: dict[str, list[list[Any]]], rng: random.Random, key: str, unit: str, years: Sequence[int]) -> None:
    for year in years:
        rating = rng.choice(RATINGS)
        sheets["Xếp loại"].append([key, year, rating])
        if rating != "Hoàn thành nhiệm vụ":
            number = f"{year % 100}{unit[3:]}/QĐ-P{int(unit[3:])}"
            sheets["Khen thưởng"].append([key, year, "LDTT", "thường xuyên", number, date(year, 12, 20), f"Phòng {int(unit[3:])}"])
        if rng.random() < 0.05:
            sheets["Sáng kiến"].append([key, year, f"Sáng kiến cải tiến {key} {year}", "cơ sở"])


def office_workbook(people: int, years: Sequence[int], seed: int = 1, name: str = "van-phong.xlsx") -> tuple[bytes, Workbook]:
    """The office as .xlsx bytes, and as the import reads them."""
    content = workbook_bytes(office_sheets(people, years, seed))
    return content, read_workbook(content, name)


def run(bench: Bench) -> None:
    people = 500 if bench.quick else 5000
    _content, workbook = office_workbook(people, range(2020, 2025), bench.seed)
    rows = sum(len(r) - 1 for r in workbook.sheets.values())
    for kind in bench.kinds():
        def dry(r: int) -> float:
            return rate(rows, imported(bench, kind, f"importdry{r}", workbook, dry_run=True))

        def real(r: int) -> float:
            return rate(rows, imported(bench, kind, f"import{r}", workbook, dry_run=False))

        def baseline(r: int) -> float:
            app = Application(env=plain_store_env(bench.fresh(kind, f"importbase{r}")))
            saves = max(1, rows // 500)
            try:
                return rate(saves * 500, timed(lambda: [app.save(*batch) for batch in batched_dossiers(saves)]))
            finally:
                app.close()

        ours_dry, ours_real, base = bench.alternately(dry, real, baseline)
        shape = f"{kind}: {people:,} people, 5 years ({rows:,} rows)"
        unit = "rows/s (baseline: events/s)"
        name = "library batched save (100 aggregates × 5 events)"
        bench.figures.append(figure(SUITE, f"{shape}, dry run", ours_dry, base, unit, name))
        bench.figures.append(figure(SUITE, f"{shape}, import", ours_real, base, unit, name))


def imported(bench: Bench, kind: str, name: str, workbook: Workbook, *, dry_run: bool) -> float:
    """Seconds to run the workbook's import (or dry run) into a fresh store, read models following."""
    container = open_store(bench.fresh(kind, name), bench.folder, synchronous=False)
    try:
        seconds = timed(lambda: container.app.import_workbook(Actor.system(), workbook, dry_run=dry_run))
        recorded = container.app.recorder.max_notification_id() or 0
        assert (recorded == 0) if dry_run else (recorded > 0), "a dry run recorded something, or an import nothing"
        return seconds
    finally:
        container.close()
