"""Administration pages for sign-in accounts (create, disable, new password) and API tokens (create with a
role and scopes, revoke). Neither is a ledger fact: they live in their stores beside the read models
(adapters/accounts.py, adapters/tokens.py, reached through the app's extensions)."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, flash, redirect, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain.rules.api_tokens import TokenRefusedError, check_token_grant
from domain.values import Role
from projections import queries
from web.context import read_conn
from web.pages.forms import SelectChoice
from web.pages.forms_admin import AccountForm, PasswordForm, TokenForm
from web.pages.admin import bp, role_choices
from web.pages.choices import people_choices
from web.pages.common import flash_error, or_404, render_page
from web.pages.labels import role_label


def account_store():  # -> adapters.accounts.AccountStore
    return current_app.extensions["accounts"]


def token_store():  # -> adapters.tokens.TokenStore
    return current_app.extensions["thidua_tokens"]


def person_options() -> list[SelectChoice]:
    return people_choices([p for p in queries.list_people(read_conn()) if p["active"]])


def people_names() -> dict[UUID, str]:
    return {p["person_id"]: p["full_name"] for p in queries.list_people(read_conn())}


def refused(error: Exception) -> None:
    flash(_("Không thực hiện được: %(message)s", message=str(error)), "error")


# --- accounts -----------------------------------------------------------------------------------


@bp.route("/admin/accounts", methods=["GET", "POST"])
def accounts() -> str | Response:
    """Every sign-in account and whose it is; the form to create one."""
    form = AccountForm()
    form.person.choices = person_options()
    if form.validate_on_submit():
        try:
            created = account_store().create_account(form.username.data, form.password.data, UUID(form.person.data))
        except ValueError as error:  # AccountError: the name is taken or empty
            refused(error)
        else:
            flash(_("Đã tạo tài khoản «%(name)s».", name=created.username), "success")
            return redirect(url_for(".accounts"), 303)
    return render_page("admin/accounts.html", accounts=account_store().list_accounts(), names=people_names(),
                       form=form)


def account_named(username: str):  # -> adapters.accounts.Account
    return or_404(account_store().get_account(username))


@bp.post("/admin/accounts/<username>/disable")
def disable_account(username: str) -> Response:
    """Disable an account: it cannot sign in and its open sessions end."""
    account_store().deactivate(account_named(username).username)
    flash(_("Đã khóa tài khoản «%(name)s».", name=username), "success")
    return redirect(url_for(".accounts"), 303)


@bp.route("/admin/accounts/<username>/password", methods=["GET", "POST"])
def reset_password(username: str) -> str | Response:
    """Give an account a new password (its open sessions end)."""
    account = account_named(username)
    form = PasswordForm()
    if form.validate_on_submit():
        account_store().set_password(account.username, form.password.data)
        flash(_("Đã đặt mật khẩu mới cho «%(name)s».", name=account.username), "success")
        return redirect(url_for(".accounts"), 303)
    return render_page("admin/password.html", account=account, name=people_names().get(account.person_id), form=form)


# --- API tokens ---------------------------------------------------------------------------------


@bp.route("/admin/tokens", methods=["GET", "POST"])
def tokens() -> str:
    """Every API token; the form to create one. A new token's secret is shown once, on this answer only
    (never in a flash message, which travels in the session cookie)."""
    form = TokenForm()
    form.person.choices = person_options()
    form.role.choices = role_choices()
    secret = None
    if form.validate_on_submit():
        secret = create_token(form)
    return render_page("admin/tokens.html", tokens=token_store().list(), names=people_names(), form=form,
                       secret=secret)


def create_token(form: TokenForm) -> str | None:
    """The new token's secret; None with the reason flashed when refused (as `thidua token create` refuses)."""
    person_id, role = UUID(form.person.data), Role(form.role.data)
    held = {held for held, _scope in queries.person_grants(read_conn(), person_id)}
    try:
        check_token_grant(role, form.scopes.data, held, role_label(role))
    except TokenRefusedError as error:
        flash_error(error)
        return None
    try:
        created, secret = token_store().create(
            person_id, role, read_only=form.read_only.data, label=form.label.data or "", scopes=form.scopes.data,
        )
    except ValueError as error:  # an unknown scope
        refused(error)
        return None
    flash(_("Đã tạo mã truy cập #%(id)s.", id=created.token_id), "success")
    return secret


@bp.post("/admin/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int) -> Response:
    if token_store().revoke(token_id):
        flash(_("Đã thu hồi mã truy cập #%(id)s.", id=token_id), "success")
    else:
        flash(_("Không có mã truy cập #%(id)s đang dùng.", id=token_id), "error")
    return redirect(url_for(".tokens"), 303)
