"""The web layer: create_app builds the container (unless given one) and registers blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import Babel, get_locale

from web.api import campaigns as api
from web.api import audit as api_audit
from web.pages import forms
from web.pages import dashboard as ui
from web.pages import auth as ui_auth
from web.pages import unsubscribe
from web.pages import two_factor
from web.auth import init_auth
from web.context import close_read_conn
from web.response_cache import KeptAnswers, ResponseCache
from web.errors import register_error_handlers
from web.security import init_security, refuse_unreadable_input

LANGUAGES = ("vi", "en")


def create_app(test_config: dict[str, Any] | None = None, *, container: Any = None) -> Flask:
    """Application factory (flaskr style); nothing is built at import time."""
    from adapters.access import Access
    from adapters.accounts import AccountStore
    from adapters.accounts_second_factor import SecondFactorStore
    from adapters.bootstrap import bootstrap
    from adapters.config import load_settings
    from adapters.outbox import Outbox
    from adapters.documents.award import DecisionDocuments
    from adapters.documents.paperwork import Paperwork
    from adapters.documents.evidence import EvidenceStore
    from adapters.exports import Exports
    from adapters.idempotency import IdempotencyStore
    from adapters.rate_limits import limiter_storage
    from adapters.tokens import TokenStore
    from adapters.webhooks import Webhooks
    from adapters.xlsx_import import ImportFiles

    app = Flask(__name__)
    if container is None:
        container = bootstrap(load_settings())
    settings = container.settings
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        API_TITLE="thidua API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        BABEL_DEFAULT_LOCALE="vi",
        JSON_AS_ASCII=False,
    )
    app.config.update(test_config or {})
    app.json.ensure_ascii = False
    app.extensions["thidua"] = container
    storage_uri, storage_options = limiter_storage(settings.ratelimit_storage_uri, container.projector.engine)
    limiter = init_security(
        app, production=settings.is_production, ratelimit_storage_uri=storage_uri, ratelimit_storage_options=storage_options,
    )
    app.before_request(forms.limit_request_size)
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["get_locale"] = get_locale
    tokens = TokenStore.open(container.projector.engine)
    container.closing.append(tokens.close)
    access = Access(tokens, container.read_engine, container.read_models_state)
    app.extensions.update(thidua_tokens=tokens, thidua_access=access, thidua_exports=Exports())
    if settings.response_cache_bytes:
        app.wsgi_app = KeptAnswers(app.wsgi_app, ResponseCache(settings.response_cache_bytes), container, access, tokens)
    app.wsgi_app = reads_caught_up(app.wsgi_app, container)  # outermost: before a kept answer's key is made
    app.extensions["thidua_idempotency"] = IdempotencyStore(container.app.recorder, container.app.clock, settings.idempotency_ttl)
    smorest = api.init_api(app)
    smorest.register_blueprint(api_audit.blp)
    init_auth(app, AccountStore(container.projector.engine, container.read_engine))
    app.extensions["second_factors"] = SecondFactorStore(container.projector.engine, container.read_engine)
    app.before_request(refuse_unreadable_input)  # after the API token and the CSRF checks
    app.before_request(two_factor.enforce)  # a role that requires a second factor: nothing before it
    app.extensions.update(documents=DecisionDocuments(), paperwork=Paperwork(), evidence=EvidenceStore(settings.instance_path / "evidence"))
    app.extensions["imports"] = ImportFiles(settings.instance_path / "imports")
    app.extensions["outbox"] = Outbox(container.app.recorder, container.projector.engine)
    app.extensions["webhooks"] = Webhooks(container.app, container.projector.engine, settings.webhook_secret_overlap)
    ui.register(app)
    app.register_blueprint(unsubscribe.bp)
    app.register_blueprint(two_factor.bp)
    ui_auth.limit_sign_in_attempts(app, limiter)
    two_factor.limit_code_attempts(app, limiter)
    app.teardown_appcontext(close_read_conn)
    register_error_handlers(app)
    return app


def reads_caught_up(wsgi_app: Any, container: Any) -> Any:
    """A GET or HEAD first catches up what this process's commands left to the asynchronous read models
    (`adapters.follower`): a person reading right after their change sees it there too."""

    def caught_up(environ: dict, start_response: Any) -> Any:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            container.catch_up_pending()
        return wsgi_app(environ, start_response)

    return caught_up


def select_locale() -> str:
    lang = request.args.get("lang") or request.cookies.get("lang")
    return lang if lang in LANGUAGES else "vi"
