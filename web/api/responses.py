"""The error answers every API operation documents, each status where the code can give it (no catch-all
`default`), so that a client and a fuzzer know exactly what to expect.

| status | when | operations |
| --- | --- | --- |
| 400 | a text with a NUL or a lone surrogate, JSON nested too deep, a malformed Idempotency-Key (web.security) | all |
| 401 | a bearer token that is unknown, revoked or whose person lost its role; no token where one is needed | all |
| 403 | a read-only token writing; a role without the right for this item; personal data the token may not read | all but the public reads |
| 404 | an id in the path or the body that names nothing | all with a path id, every command |
| 409 | a business rule refused, a concurrent write or a busy store (retry), the same Idempotency-Key still running | every command, the reads that compute from the rules |
| 413 | a body over the upload limit | every command |
| 422 | a body, query or path value the schema or the rules refuse | all |
| 503 | the store cannot be written (a read-only file or disk, a full disk), so nothing was recorded | all (each use of a token is recorded) |

A 405 answers a method no operation of its path has; it carries `Allow` (web.errors).
"""

from __future__ import annotations

from apispec import APISpec, BasePlugin

PREFIX = "/api/v1/"
UNDOCUMENTED = ("/api/v1/openapi.json", "/api/v1/docs", "/api/v1/swagger-ui")
RULE_READS = ("/rulebook", "/eligibility", "/explanation")  # reads the domain computes, whose rules may refuse
PUBLIC = [{}, {"bearerAuth": []}]  # a public operation: a token is optional (it may widen what is read)
WHY = {
    "400": "Nội dung không đọc được (ký tự NUL, nửa cặp UTF-16, JSON lồng quá sâu, khóa Idempotency-Key sai dạng)",
    "401": "Thiếu mã truy cập, hoặc mã không hợp lệ, đã thu hồi, hay người giữ không còn vai trò",
    "403": "Không có quyền: mã chỉ đọc, vai trò không được làm việc này, hoặc dữ liệu cá nhân ngoài phạm vi",
    "404": "Không tìm thấy mục được nêu",
    "409": "Quy tắc nghiệp vụ không cho phép, hoặc xung đột ghi đồng thời (thử lại)",
    "413": "Nội dung gửi lên quá lớn",
    "422": "Dữ liệu không hợp lệ",
    "503": "Không ghi được vào cơ sở dữ liệu; chưa có gì được ghi nhận",
}
UNAUTHORIZED_HEADERS = {"WWW-Authenticate": {"description": "Bearer realm=\"thidua\"", "schema": {"type": "string"}}}


def public_doc() -> dict:
    """The OpenAPI security of an operation usable without a token (`web.api.base.public`)."""
    return {"security": PUBLIC}


class ErrorResponses(BasePlugin):
    """Adds to each operation the error statuses of the module's table, as responses with the Error body."""

    def init_spec(self, spec: APISpec) -> None:
        self.spec = spec

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **_kwargs: object) -> None:
        if not (path or "").startswith(PREFIX) or (path or "").startswith(UNDOCUMENTED):
            return
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            documented = {str(status) for status in responses}  # flask-smorest's are ints until apispec cleans them
            for status in statuses(method, path or "", public=operation.get("security") == PUBLIC):
                if status not in documented:
                    responses[status] = self.response(status)

    @staticmethod
    def response(status: str) -> dict:
        body = {"description": WHY[status], "content": {"application/json": {"schema": "Error"}}}
        return {**body, "headers": UNAUTHORIZED_HEADERS} if status == "401" else body


def statuses(method: str, path: str, *, public: bool) -> list[str]:
    """The error statuses an operation can answer with (the module's table)."""
    write = method.lower() == "post"
    found = ["400", "401", "422", "503"]
    if write or not public:
        found.append("403")
    if write or "{" in path:
        found.append("404")
    if write or path.endswith(RULE_READS):
        found.append("409")
    if write:
        found.append("413")
    return sorted(found)
