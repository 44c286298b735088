"""Sign in, sign out, and pick the role to act in (a person may hold several).

Failed sign-ins are rate limited per client address and per username (`SIGN_IN_LIMIT`, a moving
window): past the limit the sign-in form comes back with 429 and a message, before any password is
checked. Successful sign-ins do not count.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, flash, make_response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from domain.values import Role
from web.auth import ROLE_KEY, accounts, choose_role, current_grants, granted_roles, must_use_second_factor, sign_in, sign_out
from web.pages.forms import LoginForm, RoleForm, options
from web.pages.common import render_page, ui_blueprint
from web.pages.labels import role_label
from web.pages.two_factor import ask_code, second_factors

bp = ui_blueprint("auth", __name__)
SIGN_IN_LIMIT = "10 per minute"


def safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host) is a valid place to return to."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/"):
        return target
    return url_for("ui.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        account = accounts().verify_password(form.username.data, form.password.data)
        if account is None:
            form.password.errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
        elif second_factors().is_enrolled(account.username):
            return ask_code(account.username, safe_next(form.next.data))
        else:
            sign_in(account)
            flash(_("Đã đăng nhập."), "success")
            if must_use_second_factor(current_user.person_id, current_grants()):  # the role requires it: enrol before anything else
                return redirect(url_for("two_factor.enrol"), 303)
            return redirect(safe_next(form.next.data), 303)
    return render_page("auth/login.html", form=form), 200 if not form.errors else 422


def limit_sign_in_attempts(app: Flask, limiter: Limiter) -> None:
    """Put `SIGN_IN_LIMIT` on failed sign-ins, per client address and per username, on `app`'s login view."""
    view = app.view_functions["auth.login"]
    for key in (get_remote_address, attempted_username):
        limit = limiter.limit(
            SIGN_IN_LIMIT, key_func=key, methods=["POST"], deduct_when=is_failed_sign_in, on_breach=too_many_attempts,
        )
        view = limit(view)
    app.view_functions["auth.login"] = view


def attempted_username() -> str:
    return "username:" + (request.form.get("username") or "").strip().lower()


def is_failed_sign_in(response: Response) -> bool:
    return response.status_code == 422


def too_many_attempts(_limit: RequestLimit) -> Response:
    refused = _("Đăng nhập sai quá nhiều lần. Vui lòng chờ một phút rồi thử lại.")
    return make_response(render_page("auth/login.html", form=LoginForm(), refused=refused), 429)


@bp.post("/logout")
def logout() -> Response:
    sign_out()
    flash(_("Đã đăng xuất."), "success")
    return redirect(url_for("ui.home"), 303)


@bp.route("/role", methods=["GET", "POST"])
@login_required
def role() -> str | Response:
    form = RoleForm()
    form.role.choices = options((r.value, role_label(r)) for r in granted_roles())
    if form.validate_on_submit() and choose_role(Role(form.role.data)):
        flash(_("Bạn đang làm việc với vai trò: %(role)s.", role=role_label(form.role.data)), "success")
        return redirect(url_for("ui.home"), 303)
    form.role.data = form.role.data or session.get(ROLE_KEY)
    return render_page("auth/role.html", form=form, user=current_user), 422 if form.errors else 200
