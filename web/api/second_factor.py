"""The second factor on the API's signing path: a token whose person must sign in with a second factor
(THIDUA_TWO_FACTOR_ROLES) signs a decision only with a current code of that person's authenticator app (or an
unused recovery code) in the `X-Thidua-TOTP` header, each code accepted once, as the page asks before signing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import current_app, request
from flask_smorest import Blueprint, abort

from projections import queries
from web.api.base import actor
from web.auth import must_use_second_factor
from web.context import read_conn

F = TypeVar("F", bound=Callable[..., Any])
HEADER = "X-Thidua-TOTP"
PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "maxLength": 20},
    "description": (
        "Mã xác thực hai lớp hiện tại (6 chữ số của ứng dụng xác thực) hoặc một mã khôi phục chưa dùng của người giữ "
        "mã truy cập. Bắt buộc khi vai trò của người đó phải dùng xác thực hai lớp (mặc định: người ký, thường trực "
        "Hội đồng, quản trị): thiếu hoặc sai mã: 401; người đó chưa bật xác thực hai lớp: 403. Mỗi mã dùng một lần."
    ),
}


def second_factor_checked(view: F) -> F:
    """Run `view` only after the token's person gave a current code, when their roles require one."""

    @wraps(view)
    def checked(*args: Any, **kwargs: Any) -> Any:
        person_id = actor().person_id
        if must_use_second_factor(person_id, queries.person_grants(read_conn(), person_id)):
            require_code(person_id)
        return view(*args, **kwargs)

    documented = getattr(view, "_apidoc", {}).get("manual_doc", {}).get("parameters", [])  # a doc's list replaces
    return Blueprint.doc(parameters=[*documented, PARAMETER])(checked)


def require_code(person_id: Any) -> None:
    store = current_app.extensions["second_factors"]  # adapters.accounts_second_factor.SecondFactorStore
    if not store.enrolled_accounts(person_id):
        abort(403, message="Người giữ mã truy cập phải bật xác thực hai lớp (trang «Xác thực hai lớp» của tài khoản) "
                           "trước khi ký quyết định qua API.")
    code = request.headers.get(HEADER, "")
    if not code.strip():
        abort(401, message=f"Cần mã xác thực hai lớp hiện tại trong tiêu đề «{HEADER}» để ký quyết định.")
    if len(code) > PARAMETER["schema"]["maxLength"] or not store.verify_person(person_id, code):
        abort(401, message=f"Mã xác thực hai lớp trong tiêu đề «{HEADER}» không đúng, đã dùng hoặc đã hết hạn.")
