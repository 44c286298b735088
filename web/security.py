"""Browser-facing protection: security headers (flask-talisman), cookie flags, and the rate limiter.

Every answer (pages, API, public pages, files) carries a Content-Security-Policy that lets scripts,
styles, images and fonts come from this site only, with no inline code (the pages have none; the
API's Swagger UI starts from a static file), and forbids framing; plus X-Content-Type-Options,
X-Frame-Options and Referrer-Policy. In production (THIDUA_ENV=production) plain HTTP is
redirected to HTTPS (a proxy's `X-Forwarded-Proto: https` counts as HTTPS), HTTPS answers carry
Strict-Transport-Security, and the session and remember-me cookies are Secure. They are always
HttpOnly and SameSite=Lax.

The headers are the same for every answer (no view sets options of its own, no nonce), so they are computed once
for plain and once for secure requests (`SecurityHeaders`), and the session cookie's signer is built once per
secret key (`KeptSigner`) rather than on every request.

The rate limiter counts by client address (`request.remote_addr`: behind a reverse proxy, wrap the
app in werkzeug's ProxyFix so that it is the client's). It keeps its counts in the store's own database
by default (`adapters.rate_limits`), so every worker and machine serving one store shares them;
THIDUA_RATELIMIT_STORAGE_URI names another storage instead (e.g. redis://host:6379, or memory://, per process).
API reads have no limit and skip the limiter.

`refuse_unreadable_input` runs before any view reads a request: a JSON body nested deeper than
MAX_JSON_DEPTH, or any text sent (JSON strings and keys, form fields, file names, query arguments)
holding a NUL or a lone UTF-16 surrogate, which no database column or file name can keep, is
refused with 400 and a message. `download_name` makes any text a file name for Content-Disposition.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import chain
from types import SimpleNamespace
from typing import NoReturn

from flask import Flask, Response, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import Headers

UNKEEPABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, or half of a surrogate pair (never whole in a str)
CONTROL = re.compile("[\x00-\x1f\x7f]")
MAX_JSON_DEPTH = 64  # far below the recursion limit, which parsing the body again deeper in a view could reach
SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "img-src": f"{SELF} data:",  # Swagger UI's icons are data: URLs
    "font-src": SELF,
    "connect-src": SELF,
    "object-src": "'none'",
    "base-uri": SELF,
    "form-action": SELF,
    "frame-ancestors": "'none'",
}


def init_security(
    app: Flask, *, production: bool, ratelimit_storage_uri: str, ratelimit_storage_options: dict | None = None,
) -> Limiter:
    """Headers and cookie flags on `app`; returns its rate limiter (no limit until a view is given one),
    counting in the storage given (`adapters.rate_limits.limiter_storage`)."""
    app.session_interface = KeptSigner()
    SecurityHeaders(
        app,
        force_https=production,
        strict_transport_security=production,
        session_cookie_secure=production,
        session_cookie_http_only=True,
        session_cookie_samesite="Lax",
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="strict-origin-when-cross-origin",
    )
    app.config.update(
        SESSION_COOKIE_SECURE=production,
        REMEMBER_COOKIE_SECURE=production,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    limiter = Limiter(
        get_remote_address, app=app, storage_uri=ratelimit_storage_uri, storage_options=ratelimit_storage_options,
        strategy="moving-window",
    )
    limiter.request_filter(api_read)
    return limiter


class SecurityHeaders(Talisman):
    """flask-talisman, its headers computed once for plain and once for secure requests: they differ only by
    Strict-Transport-Security unless a view has options of its own or a nonce is used (then as Talisman does)."""

    def init_app(self, app: Flask, **kwargs: object) -> None:
        super().init_app(app, **kwargs)
        self.computed: dict[bool, list[tuple[str, str]]] = {}

    def _make_nonce(self) -> None:
        if not self._fixed():
            super()._make_nonce()

    def _set_response_headers(self, response: Response) -> Response:
        if not self._fixed():
            return super()._set_response_headers(response)
        secure = request.is_secure or request.headers.get("X-Forwarded-Proto", "http") == "https"
        if secure not in self.computed:
            self.computed[secure] = list(super()._set_response_headers(SimpleNamespace(headers=Headers())).headers.items())
        for name, value in self.computed[secure]:
            response.headers[name] = value
        return response

    def _fixed(self) -> bool:
        """Whether this request's headers are the app-wide ones."""
        view = current_app.view_functions.get(request.endpoint)
        return not self.content_security_policy_nonce_in and not hasattr(view, "talisman_view_options")


class KeptSigner(SecureCookieSessionInterface):
    """Flask's signed cookie session, its signer built once per secret key (and fallbacks), not per request."""

    kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self.kept
        if kept is None or kept[0] != keys:
            kept = self.kept = (keys, super().get_signing_serializer(app))
        return kept[1]


def api_read() -> bool:
    """An API read, which no limit applies to (only the sign-in and code forms have one): the limiter skips
    looking its limits up."""
    return request.method in ("GET", "HEAD") and request.path.startswith("/api/")


def refuse_unreadable_input() -> None:
    """400 with a message for a JSON body too deeply nested, or any text with a NUL or a lone surrogate."""
    if any(UNKEEPABLE.search(text) for text in sent_texts() if text):  # a multipart part may have no name
        abort(400, description=_("Nội dung gửi lên có ký tự không hợp lệ (ký tự NUL hoặc nửa cặp UTF-16)."))


def sent_texts() -> Iterator[str]:
    """The names and values of the query and the form, the file names, and the texts of a JSON body."""
    for key, value in chain(request.args.items(multi=True), request.form.items(multi=True)):
        yield from (key, value)
    for key, upload in request.files.items(multi=True):
        yield from (key, upload.filename or "")
    if request.is_json and request.get_data(cache=True):
        yield from json_texts(request.get_data(cache=True))


def json_texts(body: bytes) -> Iterator[str]:
    """Every string and key of a JSON body; nothing when it is no JSON (the schema says so later)."""
    try:
        stack = [(json.loads(body), 1)]
    except RecursionError:
        too_deep()
    except ValueError:
        return
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            too_deep()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend((item, depth + 1) for item in chain(value, value.values()))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def too_deep() -> NoReturn:
    abort(400, description=_("Nội dung JSON lồng nhau quá nhiều cấp."))


def download_name(name: str) -> str:
    """`name` without control characters, for send_file (which writes RFC 6266 filename*)."""
    return CONTROL.sub("", name) or "tep"
