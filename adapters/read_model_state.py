"""The read models' state (every projection's tracked position), asked as cheaply as the store allows.

Equal states mean equal read models, so a web worker can keep answers until the state moves. A
*generation* changes whenever anything in the read-model database may have changed (a catch-up, a
token revoked, a token use written): what is kept under it (who a token is) is kept until then.

- SQLite: a held connection's `PRAGMA data_version` changes only when another connection commits; the
  positions are read again only after some commit.
- PostgreSQL: a held connection LISTENs on the channel every catch-up and token change NOTIFYs in its
  transaction (`projections.tables.announce_change`); each call reads what arrived on its socket without
  waiting (no round trip) and reads the positions again only after a notification. Another process's
  change is seen once its notification has arrived (the server sends it as the commit completes); a
  change made in this process is seen at once (`moved`). If the listening connection breaks, the next
  call opens another and counts everything as changed; if none can be opened, every call asks the database.
  Notifications that arrive while the worker is idle wait in its socket (one per catch-up transaction).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine

from projections import queries
from projections.tables import READ_MODELS_CHANNEL

State = tuple[tuple[str, int], ...]
log = logging.getLogger(__name__)


class ReadModelState:
    """Call it for the present state; `generation()` for the change counter. Safe to share between a
    process's threads; a forked process opens its own probe."""

    def __init__(self, engine: Engine, sqlite_path: str | None = None) -> None:
        self.engine = engine
        self.sqlite_path = sqlite_path
        self._lock = threading.Lock()
        self._probe: Any = None  # sqlite3.Connection, or the PostgreSQL listener's psycopg connection
        self._probe_pid: int | None = None
        self._seen: int | None = None  # the probe's last reading
        self._heard = 0  # PostgreSQL: notifications counted since the listener was opened
        self._generation = 0
        self._state: State | None = None

    def __call__(self) -> State:
        with self._lock:
            self._look()
            if self._state is None:
                self._state = self._read()
            return self._state

    def generation(self) -> int:
        """Changes whenever the read-model database may have changed since the last call."""
        with self._lock:
            self._look()
            return self._generation

    def moved(self) -> None:
        """Something in this process committed to the read models: forget what was read."""
        with self._lock:
            self._changed()

    def _look(self) -> None:
        try:
            if self._probe is None or self._probe_pid != os.getpid():
                self._probe, self._probe_pid, self._heard, self._seen = self._open_probe(), os.getpid(), 0, None
            reading = self._reading()
        except Exception:  # noqa: BLE001 - the probe is a cache; without it, every call asks the database
            log.warning("read-model change probe lost; reading the positions each time until it is back", exc_info=True)
            self.close()
            reading = None
        if reading is None or reading != self._seen:  # a probe opened just now has seen nothing yet
            self._seen = reading
            self._changed()

    def _changed(self) -> None:
        self._generation += 1
        self._state = None

    def _reading(self) -> int:
        """SQLite's data_version, or the notifications heard so far: a new reading means a change."""
        if self.sqlite_path is not None:
            return self._probe.execute("PRAGMA data_version").fetchone()[0]
        self._heard += self._notifications()
        return self._heard

    def _open_probe(self) -> Any:
        if self.sqlite_path is not None:
            return sqlite3.connect(self.sqlite_path, isolation_level=None, check_same_thread=False)
        raw = self.engine.raw_connection()
        listener = raw.driver_connection
        raw.detach()  # held by this object for good, not returned to the pool
        try:
            listener.autocommit = True
            listener.execute(f"LISTEN {READ_MODELS_CHANNEL}")
        except Exception:
            listener.close()
            raise
        return listener

    def _notifications(self) -> int:
        """How many notifications arrived since the last call, read from the socket without waiting."""
        pgconn = self._probe.pgconn
        pgconn.consume_input()  # raises when the connection is gone
        count = 0
        while pgconn.notifies() is not None:
            count += 1
        return count

    def _read(self) -> State:
        with self.engine.connect() as conn:
            return queries.read_models_state(conn)

    def close(self) -> None:
        if self._probe is not None and self._probe_pid == os.getpid():
            try:
                self._probe.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                log.debug("closing the read-model probe failed", exc_info=True)
        self._probe = None
