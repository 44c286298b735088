"""Evidence upload for integrators: a file sent as multipart/form-data is stored by its content hash and
recorded as uploaded for a unit (EvidenceUploaded); a report or dossier of that unit then cites the answer."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, request
from flask_smorest import abort

from domain import commands as c
from domain.values import Role
from web.api.base import actor, api_blueprint
from web.api.idempotency import idempotent
from web.context import services
from web.pages.forms import EVIDENCE_TYPES
from web.api.schemas.workflow import EvidenceSchema

blp = api_blueprint("api_evidence", "Minh chứng: tệp tải lên cho một đơn vị, để báo cáo và hồ sơ của đơn vị dẫn")
UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary", "description": "PDF, JPG, PNG, DOCX hoặc XLSX."}},
}}}}


@blp.route("/units/<uuid:unit_id>/evidence", methods=["POST"])
@idempotent
@blp.doc(requestBody=UPLOAD)
@blp.response(201, EvidenceSchema)
def upload_evidence(unit_id: UUID) -> dict:
    """Tải lên một tệp minh chứng của đơn vị (cán bộ thi đua của đơn vị); trả về tham chiếu để dẫn trong báo cáo, hồ sơ."""
    services().authorise(actor(), (Role.UNIT_CLERK,), unit_id)  # who may upload is known before a byte is stored
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        abort(422, message="Chưa chọn tệp minh chứng (trường «file»).")
    if upload.filename.rsplit(".", 1)[-1].lower() not in EVIDENCE_TYPES:
        abort(422, message="Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX.")
    stored = current_app.extensions["evidence"].save(upload.stream, upload.filename, upload.mimetype or "application/octet-stream")
    return services().record_evidence(actor(), c.RecordEvidence(unit_id, **stored))
