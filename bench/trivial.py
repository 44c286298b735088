"""The HTTP baseline: a trivial Flask endpoint, served by gunicorn exactly as the application is."""

from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/ping")
    def ping() -> dict:
        return {"ok": True}

    return app
