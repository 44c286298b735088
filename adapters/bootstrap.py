"""Composition root: builds the application, the read-model engines and the projector from Settings."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from adapters.ballot_keys import drop_retired_keys
from adapters.config import ConfigurationError, Settings
from adapters.database import create_read_model_schema, make_engine, schema_lock
from adapters.event_store import event_store_env
from adapters.follower import Follower
from adapters.ledger.freshness import LedgerEnd
from adapters.ledger.inline import InlineReadModels, statement_engine
from adapters.ledger.store import ledger_index
from adapters.point_in_time import PointInTime
from adapters.read_model_state import ReadModelState
from domain.application import Thidua
from domain.clock import Clock, utc_now
from projections.registry import all_projections
from projections.runner import Projector

log = logging.getLogger(__name__)

# Read models written in the command's own transaction (docs/read-models.md says why these): what a person
# needs to see their own change. The others (award history, audit trail) follow in the catch-up.
INLINE = ("directory", "campaigns", "standings", "nominations", "inbox", "council", "decisions", "bonus")


@dataclass(frozen=True)
class Container:
    settings: Settings
    app: Thidua
    read_engine: Engine
    projector: Projector
    inline: Projector  # the inline read models (see INLINE), written with each command's events
    synchronous: bool  # SQLite: this process catches up the asynchronous read models (no worker)
    point_in_time: PointInTime  # read models as of an earlier event position
    read_models_state: ReadModelState  # every projection's position, cheaply: keeps web answers fresh
    follower: Follower | None = None  # SQLite's default outside tests: the catch-up in a thread of the process, batched
    closing: list[Callable[[], None]] = field(default_factory=list)  # what the web app opened on the store, closed first

    def settle(self, position: int) -> bool:
        """Read-your-writes: make sure the read models reflect `position` before answering. The inline ones
        (INLINE) do once the command returned; the others follow (SQLite: caught up by this process, after
        each command or a moment later by its follower; else by the worker).

        False when they do not (yet): the command is committed all the same, so the caller answers
        "accepted" rather than failing, even when a projection is failing (it is logged and retried).
        """
        if self.inline.reached >= position:
            return True
        if self.synchronous:  # the catch-up after the command has usually got there already
            return self.projector.reached >= position or _catch_up_quietly(self.projector) >= position
        if not self.projector.wait_for(position):
            return False
        self.read_models_state.moved()  # seen here before the worker's notification may have arrived
        return True

    def catch_up_pending(self) -> None:
        """Before a read: the asynchronous read models reflect this process's commands (with a follower)."""
        if self.follower is not None:
            self.follower.drain()

    def close(self) -> None:
        for close in self.closing:
            close()
        if self.follower is not None:
            self.follower.close()
        if self.app.repository.ledger_end is not None:
            self.app.repository.ledger_end.close()  # type: ignore[attr-defined]
        self.read_models_state.close()
        self.point_in_time.close()
        self.app.close()
        self.read_engine.dispose()
        self.projector.engine.dispose()


def bootstrap(
    settings: Settings, *, clock: Clock | None = None, synchronous: bool | None = None, follow: bool | None = None,
) -> Container:
    """Wire everything. The asynchronous read models: by default on SQLite a thread of this process catches
    them up a moment after commands, many at once (`Follower`), except in the test environment, whose tests
    read them right after their commands: there only when asked (`follow=True`); `synchronous=True` (and
    SQLite's test default): right after each command, in its thread; `synchronous=False` (and by default on
    PostgreSQL): a `thidua worker` process does."""
    if settings.is_sqlite:
        prepare_sqlite_folder(settings)
    following = settings.is_sqlite and synchronous is None and (settings.environment != "test" if follow is None else follow)
    synchronous = settings.is_sqlite if synchronous is None else synchronous
    writer = make_engine(settings.sqlalchemy_url, writer=True)
    with schema_lock(writer):
        create_read_model_schema(writer)
        drop_retired_keys(writer)
        app = Thidua(env=event_store_env(settings), clock=clock or utc_now)
    app.ledger = ledger_index(app.recorder)
    app.repository.ledger_end = LedgerEnd(app.recorder)
    app.render_pdf = print_signed_decision
    projector = Projector(app, writer, all_projections())
    inline = Projector(app, writer, [p for p in all_projections() if p.name in INLINE])
    app.recorder.inline = InlineReadModels(statement_engine(settings.sqlalchemy_url), inline.write_inline, inline.committed)
    follower = Follower(lambda: _catch_up_quietly(projector)) if following else None
    if follower is not None:
        app.on_saved = follower.poke
    elif synchronous:
        app.on_saved = lambda _position: _catch_up_quietly(projector)
    point_in_time = PointInTime(app, all_projections, settings.instance_path / "point-in-time")
    reader = make_engine(settings.sqlalchemy_url)
    state = ReadModelState(reader, settings.sqlite_path if settings.is_sqlite else None)
    projector.after_commit = inline.after_commit = state.moved
    return Container(settings, app, reader, projector, inline, synchronous, point_in_time, state, follower)


def prepare_sqlite_folder(settings: Settings) -> None:
    """Create the SQLite file's folder when it is the instance folder (or inside it); a file named elsewhere
    must be in a folder that exists: nothing is created in the working folder for it."""
    folder = Path(settings.sqlite_path).parent
    if folder.is_relative_to(settings.instance_path):
        folder.mkdir(parents=True, exist_ok=True)
    elif not folder.is_dir():
        raise ConfigurationError(
            "THIDUA_DATABASE_URL", f"thư mục «{folder}» của tệp SQLite không tồn tại.", f"the SQLite file's folder «{folder}» does not exist.",
        )


def print_signed_decision(facts: dict) -> bytes:
    """The signed decision's PDF, whose hash the signature records (WeasyPrint is loaded on first use)."""
    from adapters.documents.award import signed_decision_pdf

    return signed_decision_pdf(facts)


def _catch_up_quietly(projector: Projector) -> int:
    """Catch up and return the position reached. A failing projection must not turn a committed command
    into an error: it is logged, and the next command or read retries it."""
    try:
        return projector.catch_up()
    except Exception:  # noqa: BLE001 - logged; the ledger is the source of truth
        log.exception("projection catch-up failed; it will be retried")
        return projector.reached
