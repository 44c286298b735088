"""Import of an office's records from an Excel workbook (admin only): a dry run lists every row's problem
and records nothing; an import records the whole file at once, or nothing. The same file twice changes
nothing (the import is known by the file's SHA-256). A file with problems is a 422 listing each in `details`."""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app, request
from flask_smorest import abort
from marshmallow import Schema, fields

from domain.exceptions import InvalidCommandError
from domain.values import Role
from web.api.base import actor, api_blueprint
from web.api.idempotency import idempotent
from web.context import services

blp = api_blueprint("api_imports", "Nhập dữ liệu từ Excel: đơn vị, cán bộ, xếp loại, kỷ luật, sáng kiến, khen thưởng đã có")
UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "Tệp Excel (.xlsx) theo mẫu."},
        "dry_run": {"type": "boolean", "default": False, "description": "Chỉ kiểm tra, không ghi gì."},
    },
}}}}
TRUE = ("1", "true", "yes", "on")


class ProblemSchema(Schema):
    sheet, row, column = fields.String(), fields.Integer(), fields.String()
    value, reason = fields.String(), fields.String()


class ImportReportSchema(Schema):
    sha256, file_name, dry_run = fields.String(), fields.String(), fields.Boolean()
    rows = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "Số dòng của mỗi trang tính"})
    recorded = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "Dữ kiện mới được ghi"})
    skipped = fields.Dict(keys=fields.String(), values=fields.Integer(), metadata={"description": "Dòng đã có, bỏ qua"})
    problems = fields.List(fields.Nested(ProblemSchema), metadata={"description": "Lỗi: có lỗi thì không ghi gì"})
    warnings = fields.List(fields.Nested(ProblemSchema), metadata={"description": "Cảnh báo trùng người"})
    already_imported, imported = fields.Boolean(), fields.Boolean()
    position = fields.Integer(allow_none=True, metadata={"description": "Vị trí sự kiện cuối cùng đã ghi"})


@blp.route("/imports", methods=["POST"])
@idempotent
@blp.doc(requestBody=UPLOAD)
@blp.response(200, ImportReportSchema, description="Kiểm tra thử, hoặc tệp đã được nhập trước đây")
@blp.alt_response(201, schema=ImportReportSchema, description="Đã nhập toàn bộ tệp")
def import_workbook() -> tuple[object, int]:
    """Nhập tệp Excel theo mẫu (quản trị hệ thống); `dry_run=true` chỉ kiểm tra và liệt kê lỗi từng dòng."""
    services().authorise(actor(), (Role.ADMIN,))  # who may import is known before the file is read
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(422, message="Chưa chọn tệp Excel (trường «file»).")
    dry_run = request.form.get("dry_run", "").lower() in TRUE
    workbook = current_app.extensions["imports"].read(upload.read(), upload.filename)
    report = services().import_workbook(actor(), workbook, dry_run=dry_run)
    if report.problems and not dry_run:
        raise InvalidCommandError(f"Tệp có {len(report.problems)} lỗi; chưa ghi gì (từng lỗi trong «details»).",
                                  details=[asdict(problem) for problem in report.problems])
    return report, 201 if report.imported else 200
