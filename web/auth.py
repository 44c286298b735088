"""Who is acting: Flask-Login accounts, the role a person chose to act in, and `current_actor()`.

Accounts (credentials) live in the accounts store the factory puts in `app.extensions`; roles
come from the ledger through the directory read model. The domain re-checks role and scope
on every command; here we only keep people away from pages that are not theirs.

A session is stamped at sign-in with the account's session generation and the person's grants.
It ends when the generation moves on (sign-out, new password, disabled account: see
adapters/accounts.py) or when a grant it was signed in with is no longer in the directory read
model (a RoleRevoked in the ledger): the user loader then answers None, as for a stranger.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

from flask import Flask, abort, current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from domain.accounts_security import requires_second_factor
from domain.values import Actor, Role
from projections import queries
from web.context import live_conn

F = TypeVar("F", bound=Callable[..., Any])
ROLE_KEY = "acting_role"
STAMP_KEY = "signed_in_with"  # {"generation": the account's session generation, "grants": grant_keys(...)}


class User(UserMixin):
    """A signed-in account: the username and the person it acts as."""

    def __init__(self, username: str, person_id: UUID) -> None:
        self.username = username
        self.person_id = person_id

    def get_id(self) -> str:
        return self.username


def accounts():  # -> adapters.accounts.AccountStore, put there by the factory
    return current_app.extensions["accounts"]


def init_auth(app: Flask, account_store: Any) -> None:
    """Flask-Login over the account store, and CSRF on every form post outside the API."""
    app.extensions["accounts"] = account_store
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = _l("Vui lòng đăng nhập để tiếp tục.")
    manager.login_message_category = "info"
    manager.session_protection = "strong"
    manager.user_loader(load_user)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # the API authenticates with bearer tokens instead
    csrf = CSRFProtect(app)

    @app.before_request
    def protect_forms() -> None:
        if not request.path.startswith("/api/"):
            csrf.protect()


def sign_in(account: Any) -> None:
    """A fresh session for `account` (an adapters.accounts.Account), stamped as the module says."""
    session.clear()
    login_user(User(account.username, account.person_id))
    g.grants = queries.person_grants(live_conn(), account.person_id)
    session[STAMP_KEY] = {"generation": account.session_generation, "grants": grant_keys(g.grants)}


def sign_out() -> None:
    """End every session of the signed-in account, this one included."""
    if current_user.is_authenticated:
        accounts().end_sessions(current_user.username)
    logout_user()
    session.clear()


def load_user(username: str) -> User | None:
    """The session's account, unless the account or the session has ended."""
    account = accounts().get_account(username)
    if account is None or not account.active or not stamp_holds(account):
        return None
    return User(account.username, account.person_id)


def stamp_holds(account: Any) -> bool:
    """Whether the session was signed in under the account's generation, and every grant it had is held."""
    stamp = session.get(STAMP_KEY) or {}
    held = grant_keys(grants_of(account.person_id))
    return stamp.get("generation") == account.session_generation and set(stamp.get("grants", ())) <= set(held)


def grant_keys(grants: list[tuple[str, UUID | None]]) -> list[str]:
    return [f"{role}@{scope or '*'}" for role, scope in grants]


def current_grants() -> list[tuple[str, UUID | None]]:
    """The signed-in person's (role, scope) pairs; scope None is everywhere."""
    return grants_of(current_user.person_id) if current_user.is_authenticated else []


def grants_of(person_id: UUID) -> list[tuple[str, UUID | None]]:
    """The request's person's grants, read once per request."""
    if "grants" not in g:
        g.grants = queries.person_grants(live_conn(), person_id)
    return g.grants


def must_use_second_factor(person_id: UUID, grants: list[tuple[str, UUID | None]]) -> bool:
    """Whether the person, holding `grants`, must sign in with a second factor (THIDUA_TWO_FACTOR_ROLES; a
    session's chair is a ballot trustee until its ballots are counted)."""
    return requires_second_factor(
        (role for role, _scope in grants), current_app.extensions["thidua"].settings.two_factor_roles,
        lambda: queries.chairs_an_open_session(live_conn(), person_id),
    )


def granted_roles() -> list[Role]:
    return list(dict.fromkeys(Role(role) for role, _scope in current_grants()))


def acting_role() -> Role | None:
    """The role chosen for this session, if still held; else the first role the person holds."""
    roles = granted_roles()
    chosen = session.get(ROLE_KEY)
    if chosen in {r.value for r in roles}:
        return Role(chosen)
    return roles[0] if roles else None


def choose_role(role: Role) -> bool:
    if role not in granted_roles():
        return False
    session[ROLE_KEY] = role.value
    return True


def role_scopes(role: Role | None = None) -> list[UUID | None]:
    """The units (or None for everywhere) the acting role is held for."""
    role = role or acting_role()
    return [scope for held, scope in current_grants() if role is not None and held == role.value]


def current_actor() -> Actor | None:
    """The API's token actor when one was authenticated, else the signed-in person in their chosen role."""
    if request.path.startswith("/api/") and g.get("token_actor") is not None:
        return g.token_actor
    role = acting_role()
    if not current_user.is_authenticated or role is None:
        return None
    return Actor(current_user.person_id, role)


def role_required(*roles: Role) -> Callable[[F], F]:
    """Only a signed-in person acting in one of `roles` may open the page (403 otherwise)."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if acting_role() not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate
