"""Names that look like formulas come out of every export as text (OWASP CSV injection)."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from adapters.exports import Exports

UNIT = '=HYPERLINK("http://evil.example","Bấm vào đây")'
PERSON = "-1+2"


def decision() -> dict:
    item = {
        "seq": 1, "nominee_name": PERSON, "nominee_kind": "individual", "unit_name": UNIT, "title_name": "Chiến sĩ thi đua cơ sở",
        "year": 2025, "coefficient": 1.0, "base_salary": 2_340_000, "amount": 2_340_000, "paid": True,
        "paid_amount": 2_340_000, "article": "Điều 24",
    }
    return {"number": "12/QĐ-UBND", "decision_date": date(2025, 12, 1), "issuer_name": "UBND tỉnh", "subject": "Khen thưởng",
            "items": [item], "total_amount": 2_340_000}


def standings() -> tuple[dict, list[dict]]:
    campaign = {"key": "thi-dua-2025", "theme": "Thi đua 2025", "period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    rows = [{"rank": 1, "name": UNIT, "kind": "unit", "score": 9.5, "progress": []},
            {"rank": 2, "name": PERSON, "kind": "person", "score": -1, "progress": []}]
    return campaign, rows


EXPORTS = {
    "decision": lambda fmt: Exports().decision(decision(), fmt),
    "standings": lambda fmt: Exports().standings(*standings(), fmt),
}


@pytest.mark.parametrize("export", EXPORTS)
def test_formula_like_names_are_text_cells_in_xlsx(export):
    sheet = load_workbook(io.BytesIO(EXPORTS[export]("xlsx").content)).active

    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row if cell.value in (UNIT, PERSON)}

    assert cells == {UNIT: "s", PERSON: "s"}


@pytest.mark.parametrize("export", EXPORTS)
def test_formula_like_names_are_quoted_in_csv(export):
    rows = list(csv.reader(io.StringIO(EXPORTS[export]("csv").content.decode("utf-8-sig"))))

    values = {value for row in rows for value in row}

    assert {f"'{UNIT}", f"'{PERSON}"} <= values and not {UNIT, PERSON} & values


def test_numbers_stay_numbers():
    sheet = load_workbook(io.BytesIO(EXPORTS["standings"]("xlsx").content)).active

    scores = [row[3] for row in sheet.iter_rows(min_row=5, values_only=True)]

    assert scores == [9.5, -1]
