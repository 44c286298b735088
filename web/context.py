"""Request helpers: the container, the application service and a per-request read connection."""

from __future__ import annotations

from flask import current_app, g, request
from sqlalchemy import Connection

from domain.application import Thidua
from domain.exceptions import InvalidCommandError
from projections import queries
from web.moments import parse_business_date, parse_moment


def container():  # -> adapters.bootstrap.Container (web reaches adapters only through the app)
    return current_app.extensions["thidua"]


def services() -> Thidua:
    return container().app


def live_conn() -> Connection:
    """The present read models, whatever `?as_of=` asks: authorization always reads the present."""
    if "live_conn" not in g:
        g.live_generation = container().read_models_state.generation()  # before the connection reads anything
        g.live_conn = container().read_engine.connect()
    return g.live_conn


def as_of() -> int:
    """The event position the request's read models reflect ("as of event #N"): for the present ones, the lowest
    projection position this worker keeps (`adapters.read_model_state`) when nothing was committed since the
    request began to read them; otherwise asked of the request's connection."""
    conn, state = read_conn(), container().read_models_state
    if conn is g.get("live_conn") and state.generation() == g.live_generation:
        return min((position for _name, position in state()), default=0)
    return queries.as_of(conn)


def read_conn() -> Connection:
    """The read models a request answers from (flaskr's get_db): the present ones; with `?as_of=` the
    ones as they stood at that event position or recording time; with `?on=` the ones in force on that
    business date as known now."""
    if "read_conn" not in g:
        day, position = requested_day(), requested_position()
        if day is not None and position is not None:
            raise InvalidCommandError("Chọn một trong hai: xem tại thời điểm ghi sổ (as_of) hoặc theo ngày nghiệp vụ (on).")
        if day is not None:
            g.read_conn = container().point_in_time.engine_on(day).connect()
        elif position is None or position == container().projector.position():
            g.read_conn = live_conn()
        else:
            g.read_conn = container().point_in_time.engine_at(position).connect()
    return g.read_conn


def requested_position() -> int | None:
    """The event position `?as_of=` names (a position, or the last event recorded by a time), if any."""
    return position_named(services(), request.args.get("as_of", ""))


def requested_day():  # -> date | None
    """The business date `?on=` names, if any (an empty `on=` names none; blanks are no date)."""
    text = request.args.get("on", "")
    if not text:
        return None
    try:
        return parse_business_date(text)
    except ValueError as error:
        raise InvalidCommandError(str(error)) from None


def position_named(app: Thidua, text: str) -> int | None:
    """The event position an `as_of` text names; None for an empty text; a clear error for a bad one (blanks too)."""
    if not text:
        return None
    try:
        moment = parse_moment(text.strip())
    except ValueError as error:
        raise InvalidCommandError(str(error)) from None
    position, head = app.position_of_moment(moment), app.recorder.max_notification_id() or 0
    if position > head:
        raise InvalidCommandError(f"Sổ cái mới có {head} sự kiện; chưa có sự kiện #{position}.")
    return position


def close_read_conn(_exc: BaseException | None = None) -> None:
    for name in ("read_conn", "live_conn"):
        conn = g.pop(name, None)
        if conn is not None:
            conn.close()
