"""What every API blueprint shares: bearer-token access, paging envelopes, not-found answers.

On every request under /api/, a token resolves to an actor (its person and role) on
`flask.g.token_actor`. Public data and the OpenAPI pages read without a token; every other
request needs one; a write needs a token that is not read-only (the domain then checks the role
and its scope). Each use of a token is recorded.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g, request, send_file
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint, abort

from domain.values import Actor
from web.api.responses import public_doc
from web.context import as_of
from web.security import download_name

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PREFIX = "/api/v1"
OPEN_BLUEPRINTS = frozenset({"api-docs", "api_assets"})  # the OpenAPI document and its browsable page
BINARY = {"type": "string", "format": "binary"}
SPREADSHEET = {"200": {"description": "XLSX hoặc CSV (UTF-8 có BOM)", "content": {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": BINARY},
    "text/csv": {"schema": BINARY},
}}}


def public(view: F) -> F:
    """Mark an endpoint usable without a token (public reads; anonymous objections), in its OpenAPI security too."""
    view._public = True  # type: ignore[attr-defined]
    return Blueprint.doc(**public_doc())(view)


def tokens():  # -> adapters.tokens.TokenStore, reached through the app (web imports no adapters)
    return current_app.extensions["thidua_tokens"]


def access():  # -> adapters.access.Access: who a bearer secret is, kept per worker
    return current_app.extensions["thidua_access"]


def bearer(header: str) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` header (None for any other scheme)."""
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


class ApiBlueprint(Blueprint):
    """flask-smorest's Blueprint, cheaper per request: a query's schema is built once rather than for each request,
    and an answer's ETag is the SHA-1 of its body as sent (flask-smorest serialises the data again, keys sorted)."""

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Callable[[F], F]:
        if location == "query" and isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, location=location, **kwargs)

    def _set_etag_in_response(self, response: Response) -> None:
        if request.method in self.METHODS_ALLOWING_SET_ETAG:
            etag = hashlib.sha1(response.get_data()).hexdigest()
            self._check_not_modified(etag)
            response.set_etag(etag)


def api_blueprint(name: str, description: str) -> Blueprint:
    return ApiBlueprint(name, __name__, url_prefix=PREFIX, description=description)


def init_access(app: Flask) -> None:
    """Token access and use recording for every request under /api/ (whoever's blueprint serves it)."""
    app.before_request(authenticate)
    app.after_request(record_use)


def authenticate() -> None:
    """Resolve the bearer token of an /api/ request, then apply the access rules."""
    g.token_actor = g.api_token = g.token_reader = None
    if request.path.startswith("/api/"):
        resolve(request.headers.get("Authorization"))
        check_access()


def resolve(header: str | None) -> None:
    """An active token whose person still holds its role becomes the request's actor."""
    if not header:
        return
    secret = bearer(header)
    holder = access().holder(secret) if secret else None
    if holder is None:
        abort(401, message="Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")
    if not holder.holds_role:
        abort(401, message="Người giữ mã truy cập không còn giữ vai trò của mã này.")
    g.api_token, g.token_actor, g.token_reader = holder.token, holder.actor, holder.reader


def check_access() -> None:
    if request.endpoint is None:
        return  # no such route: let it be a 404 (or 405)
    view = current_app.view_functions.get(request.endpoint)
    if g.api_token is None and not getattr(view, "_public", False) and request.blueprint not in OPEN_BLUEPRINTS:
        abort(401, message="Cần mã truy cập API: gửi tiêu đề «Authorization: Bearer <mã>».")
    if request.method not in SAFE_METHODS and g.api_token is not None and g.api_token.read_only:
        abort(403, message="Mã truy cập này chỉ được đọc, không được thực hiện thao tác ghi.")


def record_use(response: ResponseReturnValue) -> ResponseReturnValue:
    token = g.get("api_token")
    if token is not None:
        tokens().record_use(token.token_id, request.method, request.full_path.rstrip("?"), response.status_code)
    return response


def actor() -> Actor | None:
    return g.get("token_actor")


def window(args: dict) -> dict[str, int]:
    """limit/offset for the query functions from page/page_size."""
    return {"limit": args["page_size"], "offset": (args["page"] - 1) * args["page_size"]}


def page(items: list[dict], total: int, args: dict) -> dict:
    return {"items": items, "total": total, "page": args["page"], "page_size": args["page_size"], "as_of": as_of()}


def page_of(items: list[dict], args: dict) -> dict:
    """A page cut from a whole list (read models that answer with every row)."""
    start = (args["page"] - 1) * args["page_size"]
    return page(items[start:start + args["page_size"]], len(items), args)


def found(item: dict | None, message: str) -> dict:
    """The item with the position it reflects, or a JSON 404."""
    if item is None:
        abort(404, message=message)
    return {**item, "as_of": as_of()}


def download(export: Any) -> Response:
    """A file (an `adapters.exports.Export`) as an attachment."""
    name = download_name(export.filename)
    return send_file(io.BytesIO(export.content), export.mimetype, as_attachment=True, download_name=name)
