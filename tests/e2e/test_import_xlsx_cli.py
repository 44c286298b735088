"""`thidua import-xlsx FILE [--dry-run]` and `thidua import-template FILE` on a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.xlsx_templates import workbook_bytes
from domain.organisation import Person
from web.cli.main import main

OFFICE = {
    "Đơn vị": [["so-nv", "Sở Nội vụ", "Sở NV", "Sở, ban, ngành", None, "Điện Biên", "SNV"]],
    "Cán bộ": [["cb-1", "Lò Văn Xuân", "011180000777", "Nam", "Thái", "01/01/1980", "so-nv", "Chuyên viên", None]],
    "Khen thưởng": [["cb-1", 2023, "LDTT", "thường xuyên", "9/QĐ-SNV", "20/12/2023", "Sở Nội vụ"]],
}


@pytest.fixture
def store(tmp_path: Path) -> dict[str, str]:
    return {"THIDUA_DATABASE_URL": f"sqlite:///{tmp_path / 'thidua.sqlite'}", "THIDUA_INSTANCE": str(tmp_path)}


def thidua(env: dict[str, str], *args: str):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def people(env: dict[str, str]) -> list[str]:
    container = bootstrap(load_settings(env))
    try:
        found = container.app.find(Person.create_id("cb-1"), Person)
        return [found.full_name] if found else []
    finally:
        container.close()


def test_a_dry_run_reports_and_records_nothing_then_the_import_records_the_file_once(store, tmp_path):
    path = tmp_path / "van-phong.xlsx"
    path.write_bytes(workbook_bytes(OFFICE))

    dry = thidua(store, "import-xlsx", str(path), "--dry-run")
    assert dry.exit_code == 0 and "Kiểm tra thử: không có lỗi; chưa ghi gì" in dry.output and people(store) == []

    real = thidua(store, "import-xlsx", str(path))
    assert real.exit_code == 0 and "Cán bộ: 1 dòng, 1 mới, 0 đã có" in real.output and "Đã nhập toàn bộ tệp" in real.output
    assert people(store) == ["Lò Văn Xuân"]

    again = thidua(store, "import-xlsx", str(path))
    assert again.exit_code == 0 and "đã được nhập trước đây; không có gì thay đổi" in again.output


def test_a_file_with_problems_lists_them_and_exits_1(store, tmp_path):
    path = tmp_path / "sai.xlsx"
    path.write_bytes(workbook_bytes({"Xếp loại": [["khong-co", 2024, "HTTNV"]]}))

    result = thidua(store, "import-xlsx", str(path))

    assert result.exit_code == 1
    assert ("LỖI  Xếp loại dòng 2 cột «Mã cán bộ hoặc đơn vị» giá trị «khong-co»: Không có cán bộ hay đơn vị với mã "
            "này (trong tệp hoặc trong hệ thống).") in result.output


def test_the_template_is_written_where_asked(store, tmp_path):
    path = tmp_path / "mau.xlsx"

    result = thidua(store, "import-template", str(path))

    assert result.exit_code == 0 and CalamineWorkbook.from_path(str(path)).sheet_names[0] == "Đơn vị"
