"""Two-factor sign-in (TOTP, RFC 6238, and one-time recovery codes): enrolment with a QR code, the code asked
after the password of an enrolled account, and asked again before signing a decision or resetting someone's
second factor when the last one is older than `FRESH_FOR` (step-up).

The roles that must use it are policy (THIDUA_TWO_FACTOR_ROLES, domain.accounts_security): a person holding one
of them, signed in without a code in this session, is sent to enrol (or to the code page) whatever page they ask
for (`enforce`). An administrator resets another person's second factor with a reason, a ledger fact
(SecondFactorReset); that person enrols again at their next sign-in.

Failed codes are rate limited like passwords: per client address and per account (`CODE_LIMIT`)."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Flask, current_app, flash, make_response, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter, RequestLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from domain.accounts_security import ResetSecondFactor
from domain.values import Role
from web.auth import accounts, current_grants, must_use_second_factor, role_required, sign_in
from web.context import services
from web.pages.common import execute_form, or_404, render_page, ui_blueprint
from web.pages.forms import REQUIRED, Form

bp = ui_blueprint("two_factor", __name__)
PENDING_KEY, FRESH_KEY = "second_factor_pending", "second_factor_at"
FRESH_FOR = timedelta(minutes=5)
CODE_LIMIT = "10 per minute"
OPEN_ENDPOINTS = frozenset({"static", "two_factor.enrol", "two_factor.code", "auth.logout", "auth.login"})


class CodeForm(Form):
    code = StringField(_l("Mã xác thực (6 chữ số) hoặc mã khôi phục"), validators=[DataRequired(REQUIRED), Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


def second_factors() -> Any:  # -> adapters.accounts_second_factor.SecondFactorStore, put there by the factory
    return current_app.extensions["second_factors"]


def ask_code(username: str, next_url: str) -> Response:
    """After the password of an enrolled account: the code before anything else."""
    session[PENDING_KEY] = {"username": username, "next": next_url}
    return redirect(url_for("two_factor.code"), 303)


def enforce() -> Response | None:
    """Before every page: a person whose role requires a second factor and who has not given a code in this
    session goes to enrol (or, enrolled, to the code page) and can do nothing else first."""
    if request.endpoint in OPEN_ENDPOINTS or request.path.startswith("/api/") or not current_user.is_authenticated:
        return None
    if FRESH_KEY in session or not must_use_second_factor(current_user.person_id, current_grants()):
        return None
    back = request.full_path.rstrip("?") if request.method == "GET" else ""
    if second_factors().is_enrolled(current_user.username):
        return ask_code(current_user.username, back)
    message = _("Vai trò của bạn bắt buộc xác thực hai lớp: hãy đăng ký ứng dụng xác thực để tiếp tục.")
    if ("info", message) not in session.get("_flashes", []):
        flash(message, "info")
    return redirect(url_for("two_factor.enrol"), 303)


def step_up(next_url: str, *, required: bool = False) -> Response | None:
    """Before a signature (or a reset): None when a code was given within `FRESH_FOR`, or when the account
    has no second factor and the step does not `require` one; else the way to the code page (which comes back
    to `next_url`), or to the enrolment page."""
    if not second_factors().is_enrolled(current_user.username):
        if not required:
            return None
        flash(_("Cần bật xác thực hai lớp trước khi thực hiện thao tác này."), "info")
        return redirect(url_for("two_factor.enrol"), 303)
    given = session.get(FRESH_KEY)
    if given is not None and time.time() - given < FRESH_FOR.total_seconds():
        return None
    flash(_("Nhập mã xác thực để tiếp tục."), "info")
    return ask_code(current_user.username, next_url)


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> str | Response | tuple[str, int]:
    pending = session.get(PENDING_KEY)
    if pending is None:
        return redirect(url_for("auth.login"), 303)
    form = CodeForm()
    if form.validate_on_submit():
        if second_factors().verify(pending["username"], form.code.data):
            return code_accepted(pending)
        form.code.errors.append(_("Mã xác thực không đúng, đã dùng hoặc đã hết hạn."))
    return render_page("auth/code.html", form=form), 422 if form.errors else 200


def code_accepted(pending: dict) -> Response:
    if not current_user.is_authenticated or current_user.username != pending["username"]:
        sign_in(accounts().get_account(pending["username"]))
        flash(_("Đã đăng nhập."), "success")
    session.pop(PENDING_KEY, None)
    session[FRESH_KEY] = time.time()
    return redirect(pending["next"] or url_for("ui.home"), 303)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def enrol() -> str | Response | tuple[str, int]:
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm with its first code, keep the
    recovery codes shown once."""
    store, username = second_factors(), current_user.username
    if store.is_enrolled(username):
        return render_page("auth/two_factor.html", enrolled=True, unused=store.unused_recovery_codes(username))
    form = CodeForm()
    secret = store.pending_secret(username) or store.begin_enrolment(username)
    if form.validate_on_submit():
        try:
            codes = store.confirm_enrolment(username, form.code.data)
        except ValueError as error:  # the store's SecondFactorError: a wrong first code
            form.code.errors.append(str(error))
        else:
            session[FRESH_KEY] = time.time()
            flash(_("Đã bật xác thực hai lớp."), "success")
            return render_page("auth/two_factor.html", enrolled=True, recovery_codes=codes)
    page = render_page("auth/two_factor.html", enrolled=False, form=form, secret=secret,
                       qr=qr_svg(store.provisioning_uri(username, secret)))
    return page, 422 if form.errors else 200


def qr_svg(uri: str) -> Markup:
    """The enrolment address as an inline SVG QR code (no raster image library needed)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    return Markup(out.getvalue().decode().split("?>", 1)[-1])


def limit_code_attempts(app: Flask, limiter: Limiter) -> None:
    """Put `CODE_LIMIT` on failed codes, per client address and per account waiting for its code."""
    view = app.view_functions["two_factor.code"]
    for key in (get_remote_address, pending_username):
        view = limiter.limit(CODE_LIMIT, key_func=key, methods=["POST"], deduct_when=is_failed_code,
                             on_breach=too_many_codes)(view)
    app.view_functions["two_factor.code"] = view


def is_failed_code(response: Response) -> bool:
    return response.status_code == 422


def pending_username() -> str:
    return "code:" + (session.get(PENDING_KEY) or {}).get("username", request.remote_addr or "")


def too_many_codes(_limit: RequestLimit) -> Response:
    refused = _("Nhập sai mã quá nhiều lần. Vui lòng chờ một phút rồi thử lại.")
    return make_response(render_page("auth/code.html", form=CodeForm(), refused=refused), 429)


class ResetForm(Form):
    reason = TextAreaField(_l("Lý do đặt lại (ví dụ: mất điện thoại)"), validators=[DataRequired(REQUIRED), Length(max=500)])


@bp.route("/admin/accounts/<username>/two-factor", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reset(username: str) -> str | Response | tuple[str, int]:
    """An administrator, after their own fresh code, resets another account's second factor with a reason."""
    account = or_404(accounts().get_account(username))
    if (asked := step_up(url_for(".reset", username=account.username), required=True)) is not None:
        return asked
    form = ResetForm()
    if form.validate_on_submit():
        def reset_recorded(actor: Any, cmd: ResetSecondFactor) -> int:
            return second_factors().reset_recorded(lambda: services().reset_second_factor(actor, cmd), cmd.username,
                                                   accounts().end_sessions)

        done = execute_form(reset_recorded, ResetSecondFactor(account.person_id, account.username, form.reason.data),
                            _("Đã đặt lại xác thực hai lớp của «%(name)s».", name=account.username), url_for("admin.accounts"))
        if done is not None:
            return done
    page = render_page("auth/two_factor_reset.html", form=form, account=account,
                       enrolled=second_factors().is_enrolled(account.username))
    return page, 422 if form.errors else 200
