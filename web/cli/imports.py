"""`thidua import-xlsx FILE [--dry-run]`: an office's records from an Excel workbook, with a progress bar;
`thidua import-template FILE`: the empty template to fill. The import runs as the system (the CLI is the
administrator's own tool); the web page and the API run it as a signed-in administrator."""

from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from adapters.xlsx_import import ImportFiles, read_workbook
from domain.imports import SHEETS
from domain.imports_service import ImportReport
from domain.values import Actor
from web.cli.main import _container, main

SHEET_NAMES = {s.kind: s.name for s in SHEETS}


@main.command("import-xlsx")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="check every row and list the problems; record nothing")
def import_xlsx(path: Path, dry_run: bool) -> None:
    """Import units, people, ratings, discipline, initiatives and past awards from an .xlsx workbook
    (all of it or nothing; the same file twice changes nothing)."""
    workbook = read_workbook(path.read_bytes(), path.name)
    rows = sum(max(0, len(r) - 1) for r in workbook.sheets.values())
    container = _container()
    try:
        with tqdm(total=rows, unit="dòng", desc="Kiểm tra" if dry_run else "Nhập", disable=None) as bar:
            report = container.app.import_workbook(Actor.system(), workbook, dry_run=dry_run, progress=bar.update)
        if report.imported:
            container.projector.catch_up()
    finally:
        container.close()
    for line in summary(report):
        click.echo(line)
    if report.problems:
        raise SystemExit(1)


@main.command("import-template")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def import_template(path: Path) -> None:
    """Write the empty import template (.xlsx, Vietnamese headers) to PATH."""
    path.write_bytes(ImportFiles.template())
    click.echo(f"Đã ghi tệp mẫu: {path}")


def summary(report: ImportReport) -> list[str]:
    """The report in lines: the counts per sheet, then every problem and warning (sheet, row, column, value, reason)."""
    if report.already_imported:
        return [f"Tệp «{report.file_name}» (SHA-256 {report.sha256}) đã được nhập trước đây; không có gì thay đổi."]
    lines = [f"{SHEET_NAMES[kind]}: {count} dòng, {report.recorded.get(kind, 0)} mới, {report.skipped.get(kind, 0)} đã có"
             for kind, count in report.rows.items() if count]
    lines += [f"LỖI  {p.sheet} dòng {p.row} cột «{p.column}» giá trị «{p.value}»: {p.reason}" for p in report.problems]
    lines += [f"CẢNH BÁO  {p.sheet} dòng {p.row} cột «{p.column}» giá trị «{p.value}»: {p.reason}" for p in report.warnings]
    if report.problems:
        lines.append(f"{len(report.problems)} lỗi: chưa ghi gì. Hãy sửa tệp rồi chạy lại.")
    elif report.imported:
        lines.append(f"Đã nhập toàn bộ tệp (SHA-256 {report.sha256}); sự kiện cuối: #{report.position}.")
    else:
        lines.append("Kiểm tra thử: không có lỗi; chưa ghi gì (chạy lại không có --dry-run để nhập).")
    return lines
