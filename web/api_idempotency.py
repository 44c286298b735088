"""The Idempotency-Key header of every API command (IETF draft "The Idempotency-Key HTTP Header Field").

A client that may retry a command sends a key of its own (a UUID, say). For the same caller (the
token's person and role; an anonymous caller by address) and the same key:

* the same request (method, path, body) once the first has answered gets the stored status and
  body, and the ledger has one effect;
* another request is refused with 422; a retry while the first still runs with 409.

Successful answers and the other 4xx answers are stored. A server error, or a conflict that asks
for a retry (a busy store, a concurrent write), is not: the key is released and a retry runs the
command again. The keys live in `adapters.idempotency`, which also says what a crash between the
command and the storing of its answer means.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, current_app, request
from flask_smorest import Blueprint, abort
from werkzeug.exceptions import HTTPException

from domain.exceptions import ConflictError, DomainError
from web.api_base import actor

F = TypeVar("F", bound=Callable[..., Any])
HEADER = "Idempotency-Key"
KEY = re.compile(r'"(?P<quoted>[\x21\x23-\x7e]{1,255})"|(?P<bare>[\x21\x23-\x7e]{1,255})')  # the draft's quotes optional
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Khóa chống trùng lặp do bên gọi tạo (ví dụ một UUID), được nhớ 24 giờ (mặc định). Gửi lại cùng khóa với "
        "cùng yêu cầu thì nhận lại đúng câu trả lời đầu tiên, lệnh chỉ có hiệu lực một lần; cùng khóa cho "
        "yêu cầu khác: 422; khi yêu cầu đầu còn đang xử lý: 409."
    ),
}


def idempotent(view: F) -> F:
    """Answer a retried command from the stored answer of its key; document the header."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Response:
        header = request.headers.get(HEADER)
        if header is None:
            return view(*args, **kwargs)
        caller, key = caller_of_request(), parse_key(header)
        claim = keys().claim(caller, key, fingerprint())
        if claim.state == "mismatch":
            abort(422, message=f"Khóa {HEADER} này đã được dùng cho một yêu cầu khác (khác đường dẫn hoặc nội dung); "
                               "hãy dùng một khóa mới cho yêu cầu mới.")
        if claim.state == "running":
            abort(409, message=f"Yêu cầu đầu tiên với khóa {HEADER} này đang được xử lý; vui lòng thử lại sau giây lát.")
        if claim.state == "stored":
            return current_app.response_class(claim.body, claim.status, mimetype="application/json")
        try:
            response = answer(view, *args, **kwargs)
        except BaseException:
            keys().release(caller, key)
            raise
        if response.status_code >= 500:
            keys().release(caller, key)
        else:
            keys().finish(caller, key, response.status_code, response.get_data(as_text=True))
        return response

    return Blueprint.doc(parameters=[PARAMETER])(guarded)


def answer(view: Callable[..., Any], *args: Any, **kwargs: Any) -> Response:
    """The view's response, a refusal turned into its JSON answer so that it can be stored; a conflict
    that asks for a retry (ConflictError, BusyError) propagates and is answered without being stored."""
    try:
        return current_app.make_response(view(*args, **kwargs))
    except ConflictError:
        raise
    except (DomainError, HTTPException) as error:
        return current_app.make_response(current_app.handle_user_exception(error))


def keys():  # -> adapters.idempotency.IdempotencyStore, put there by the factory
    return current_app.extensions["thidua_idempotency"]


def parse_key(header: str) -> str:
    match = KEY.fullmatch(header.strip())
    if match is None:
        abort(400, message=f"Tiêu đề {HEADER} phải là 1 đến 255 ký tự ASCII in được (ví dụ một UUID).")
    return match["quoted"] or match["bare"]


def caller_of_request() -> str:
    """Keys are the caller's own: the token's person and role, or an anonymous caller's address."""
    who = actor()
    return f"{who.person_id}/{who.role.value}" if who is not None else f"anonymous/{request.remote_addr}"


def fingerprint() -> str:
    """The request a key stands for: method, path and the exact body."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.get_data())
    return digest.hexdigest()
