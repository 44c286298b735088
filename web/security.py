"""Browser-facing protection: security headers (flask-talisman), cookie flags, and the rate limiter.

Every answer (pages, API, public pages, files) carries a Content-Security-Policy that lets scripts,
styles, images and fonts come from this site only, with no inline code (the pages have none; the
API's Swagger UI starts from a static file), and forbids framing; plus X-Content-Type-Options,
X-Frame-Options and Referrer-Policy. In production (THIDUA_ENV=production) plain HTTP is
redirected to HTTPS (a proxy's `X-Forwarded-Proto: https` counts as HTTPS), HTTPS answers carry
Strict-Transport-Security, and the session and remember-me cookies are Secure. They are always
HttpOnly and SameSite=Lax.

The rate limiter counts by client address (`request.remote_addr`: behind a reverse proxy, wrap the
app in werkzeug's ProxyFix so that it is the client's). Its storage is memory by default, which is
per process; with several workers give THIDUA_RATELIMIT_STORAGE_URI (e.g. redis://host:6379).
"""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman

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


def init_security(app: Flask, *, production: bool, ratelimit_storage_uri: str) -> Limiter:
    """Headers and cookie flags on `app`; returns its rate limiter (no limit until a view is given one)."""
    Talisman(
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
    return Limiter(get_remote_address, app=app, storage_uri=ratelimit_storage_uri, strategy="moving-window")
