"""Administration: importing an office's records from an Excel workbook. Uploading runs a dry run and
shows every row's problem; the administrator then confirms, and the kept file is imported all at once.
The template to fill is downloadable here."""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from werkzeug.wrappers import Response

from domain.exceptions import DomainError
from domain.imports import SHEETS
from domain.imports_service import ImportReport, Workbook
from web.auth import current_actor
from web.context import services
from web.pages.admin import bp
from web.pages.common import render_page
from web.pages.forms import Form, within_upload_limit
from web.security import download_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAMES = {s.kind: s.name for s in SHEETS}


class ImportForm(Form):
    workbook = FileField(_l("Tệp Excel (.xlsx) theo mẫu"), validators=[
        FileRequired(_l("Chưa chọn tệp.")), FileAllowed(["xlsx"], _l("Chỉ nhận tệp Excel .xlsx.")), within_upload_limit,
    ])


def import_files():  # -> adapters.xlsx_import.ImportFiles
    return current_app.extensions["imports"]


@bp.route("/admin/import", methods=["GET", "POST"])
def import_workbook() -> str:
    """Upload a workbook: its dry run's report, and the button to import it when nothing is wrong."""
    form, report = ImportForm(), None
    if form.validate_on_submit():
        upload = form.workbook.data
        try:
            report = run(import_files().keep(upload.read(), upload.filename), dry_run=True)
        except DomainError as error:
            flash(_("Không thực hiện được: %(message)s", message=str(error)), "error")
    return render_page("admin/import.html", form=form, report=report, sheet_names=SHEET_NAMES)


@bp.post("/admin/import/<sha256>")
def confirm_import(sha256: str) -> Response:
    """Import the kept workbook whose dry run was shown (all of it, or nothing)."""
    try:
        report = run(import_files().kept(sha256), dry_run=False)
    except DomainError as error:
        flash(_("Không thực hiện được: %(message)s", message=str(error)), "error")
        return redirect(url_for(".import_workbook"), 303)
    if report.already_imported:
        flash(_("Tệp này đã được nhập trước đây; không có gì thay đổi."), "notice")
    elif report.imported:
        import_files().forget(sha256)
        flash(_("Đã nhập %(count)s dòng (%(new)s dữ kiện mới) từ tệp «%(name)s».", count=sum(report.rows.values()),
                new=sum(report.recorded.values()), name=report.file_name), "success")
    else:
        flash(_("Tệp có %(count)s lỗi; chưa nhập gì. Hãy sửa và tải lên lại.", count=len(report.problems)), "error")
    return redirect(url_for(".import_workbook"), 303)


@bp.get("/admin/import/template.xlsx")
def import_template() -> Response:
    """The empty template with its Vietnamese headers."""
    return send_file(io.BytesIO(import_files().template()), mimetype=XLSX, as_attachment=True,
                     download_name=download_name("mau-nhap-du-lieu.xlsx"))


def run(workbook: Workbook, *, dry_run: bool) -> ImportReport:
    return services().import_workbook(current_actor(), workbook, dry_run=dry_run)
