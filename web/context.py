"""Request helpers: the container, the application service and a per-request read connection."""

from __future__ import annotations

from flask import current_app, g
from sqlalchemy import Connection

from domain.application import Thidua


def container():  # -> adapters.bootstrap.Container (web reaches adapters only through the app)
    return current_app.extensions["thidua"]


def services() -> Thidua:
    return container().app


def read_conn() -> Connection:
    """One read connection per request, closed at teardown (flaskr's get_db)."""
    if "read_conn" not in g:
        g.read_conn = container().read_engine.connect()
    return g.read_conn


def close_read_conn(_exc: BaseException | None = None) -> None:
    conn = g.pop("read_conn", None)
    if conn is not None:
        conn.close()
