"""The Idempotency-Key header of every API command (IETF draft "The Idempotency-Key HTTP Header Field").

A client that may retry a command sends a key of its own (a UUID, say). For the same caller (the
token's person and role; an anonymous caller by address) and the same key:

* the same request (method, path, body) once the first has answered gets the stored status and
  body, and the ledger has one effect;
* another request is refused with 422; a retry while the first still runs with 409 (a retry in
  another process runs, but its commit is refused whole and it answers with the first's answer).

Successful answers and the other 4xx answers are stored. A server error, or a conflict that asks
for a retry (a busy store, a concurrent write), is not: a retry runs the command again. The key is
claimed by the transaction that records the command's events (`adapters.idempotency`, which also
says what a crash between the events and the storing of their answer means).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import partial, wraps
from typing import Any, TypeVar
from uuid import UUID

from flask import Response, current_app, request
from flask_smorest import Blueprint, abort
from werkzeug.exceptions import HTTPException

from domain.exceptions import ConflictError, DomainError
from web.api.base import actor

F = TypeVar("F", bound=Callable[..., Any])
HEADER = "Idempotency-Key"
TOKEN = r"[\x21\x23-\x7e]{1,255}"  # printable ASCII but the quote
KEY = re.compile(f'"(?P<quoted>{TOKEN})"|(?P<bare>{TOKEN})')  # the draft's quotes optional
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "pattern": f'^"{TOKEN}"$|^{TOKEN}$'},
    "description": (
        "Khóa chống trùng lặp do bên gọi tạo (ví dụ một UUID), được nhớ 24 giờ (mặc định). Gửi lại cùng khóa với "
        "cùng yêu cầu thì nhận lại đúng câu trả lời đầu tiên, lệnh chỉ có hiệu lực một lần; cùng khóa cho "
        "yêu cầu khác: 422; khi yêu cầu đầu còn đang xử lý: 409."
    ),
}


def idempotent(view: F, *, creates: bool = False) -> F:
    """Answer a retried command from what its key recorded; document the header. A view that `creates`
    answers 201 with the id of the aggregate its events create (`recorded`)."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Response:
        header = request.headers.get(HEADER)
        if header is None:
            return view(*args, **kwargs)
        caller, key, fingerprinted = caller_of_request(), parse_key(header), fingerprint()
        with keys().exclusive(caller, key) as mine:
            if not mine:
                abort(409, message=f"Yêu cầu đầu tiên với khóa {HEADER} này đang được xử lý; vui lòng thử lại sau giây lát.")
            found = keys().find(caller, key, fingerprinted)
            if found.state != "new":
                return reply(found)
            return run_once(caller, key, fingerprinted, creates, lambda: answer(view, *args, **kwargs))

    return Blueprint.doc(parameters=[PARAMETER])(guarded)


def run_once(caller: str, key: str, fingerprinted: str, creates: bool, respond: Callable[[], Response]) -> Response:
    """Run the command with its key claimed by its events' transaction, then store the answer it gets.
    A refusal asking for a retry is not stored, unless the key was taken meanwhile (another process ran it)."""
    with keys().claimed_by_commit(caller, key, fingerprinted, partial(recorded, creates)) as claim:
        try:
            response = respond()
        except ConflictError:
            found = keys().find(caller, key, fingerprinted)
            if found.state == "new":
                raise
            return reply(found)
    if response.status_code >= 500:
        return response
    body = response.get_data(as_text=True)
    if claim.position is not None:
        keys().finish(claim, response.status_code, body)
        return response
    stored = keys().remember(caller, key, fingerprinted, response.status_code, body)
    return response if (stored.status, stored.body) == (response.status_code, body) else reply(stored)


def recorded(creates: bool, position: int, created: list[UUID]) -> tuple[int, str]:
    """The answer a command usually gets, stored with its events: the id of the first aggregate they create
    and their position, or their position with the read models there."""
    if creates and created:
        return 201, json_text({"id": str(created[0]), "position": position})
    return 200, json_text({"position": position, "settled": True})


def json_text(answer: dict) -> str:
    return current_app.json.response(answer).get_data(as_text=True)


def reply(found: Any) -> Response:  # an adapters.idempotency.Claim
    """The answer of a key used before: its stored answer; another request under the key is refused."""
    if found.state == "mismatch":
        abort(422, message=f"Khóa {HEADER} này đã được dùng cho một yêu cầu khác (khác đường dẫn hoặc nội dung); "
                           "hãy dùng một khóa mới cho yêu cầu mới.")
    return current_app.response_class(found.body, found.status, mimetype="application/json")


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
