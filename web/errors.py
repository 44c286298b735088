"""Error mapping in one place: domain errors to HTTP statuses, JSON for the API, flash for the UI."""

from __future__ import annotations

import logging

from flask import Flask, flash, jsonify, redirect, request
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from domain import exceptions as e

STATUS = {
    e.NotFoundError: 404,
    e.PermissionDeniedError: 403,
    e.InvalidCommandError: 422,
    e.ConflictError: 409,
    e.DuplicateError: 409,
    e.StoreUnavailableError: 503,
}
log = logging.getLogger("thidua.store")


def status_of(error: e.DomainError) -> int:
    for kind, status in STATUS.items():
        if isinstance(error, kind):
            return status
    return 409


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(e.DomainError)
    def domain_error(error: e.DomainError):  # type: ignore[no-untyped-def]
        status = status_of(error)
        if status == 503:
            log.error("%s", error.message)
        if is_api_request():
            body = {"code": error.code, "error": type(error).__name__, "message": error.message, "status": status}
            if error.details:
                body["details"] = error.details
            return jsonify(body), status
        flash(error.message, "error")
        return redirect(request.referrer or "/"), 303

    @app.errorhandler(OperationalError)
    def store_error(error: OperationalError):  # type: ignore[no-untyped-def]
        """A read-model database that cannot be written answers like the ledger's; anything else stays a 500."""
        unwritable = e.StoreUnavailableError.of(error)
        if unwritable is None:
            raise error
        return domain_error(unwritable)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        if not is_api_request():
            return error
        data = getattr(error, "data", None) or {}
        body = {
            "code": (error.name or "error").lower().replace(" ", "_"),
            "message": data.get("message") or error.description,
            "status": error.code,
        }
        if data.get("messages"):
            body["errors"] = data["messages"]
        headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}  # Allow of a 405
        if error.code == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="thidua"'
        return jsonify(body), error.code, headers
