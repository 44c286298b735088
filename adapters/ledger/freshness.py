"""The ledger's last position, asked as cheaply as the store allows: the application's aggregate cache is
current while it has not moved (`domain.application.CurrentRepository`).

- SQLite: a held connection's `PRAGMA data_version` changes only when another connection (of this process or
  another) commits; the last position is read again only then, on that connection.
- PostgreSQL: a held connection LISTENs on the channel NOTIFYed in every transaction that inserts events, with
  the transaction's last position as payload (`adapters.ledger.postgres`); each call reads what arrived on its
  socket without waiting (no round trip) and moves the end to the positions heard; the last position is read
  only after a notification without one (the library's own recorder) and at the first call. A commit (of this
  process or another) is seen once its notification has arrived (the server sends it as the commit
  completes): a command reading a cached aggregate in between records nothing stale, as its events then
  conflict with the newer ones (a ConflictError, as for any concurrent change).
If the probe cannot be used (an in-memory SQLite database, a broken connection), every call answers None: the
cache is fast-forwarded aggregate by aggregate, the library's way.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from typing import Any

log = logging.getLogger(__name__)


class LedgerEnd:
    """Call it for the ledger's last position (None: unknown). Safe to share between a process's threads; a
    forked process opens its own probe."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder
        self._lock = threading.Lock()
        self._probe: Any = None
        self._pid: int | None = None
        self._reading: int | None = None
        self._end: int | None = None
        self._closed = False

    def __call__(self) -> int | None:
        with self._lock:
            if self._closed:  # a thread still running after the container closed opens no probe left unclosed
                return None
            try:
                if self._probe is None or self._pid != os.getpid():
                    self._probe, self._pid, self._reading = self._open(), os.getpid(), None
                if self._probe is False:
                    return None
                reading = self._read_probe()
            except Exception:  # noqa: BLE001 - the probe is an optimisation; without it the cache fast-forwards
                log.warning("ledger change probe lost; fast-forwarding cached aggregates until it is back", exc_info=True)
                self._close()
                return None
            if reading is None or reading != self._reading or self._end is None:
                self._reading = reading
                self._end = self._last_position()
            return self._end

    def _last_position(self) -> int:
        """The ledger's end: on SQLite read on the probe's own connection (one statement, none of the library's
        pool and transaction around it), as the library's `max_notification_id` reads it."""
        if isinstance(self._probe, sqlite3.Connection):
            return self._probe.execute(self.recorder.select_max_notification_id_statement).fetchone()[0] or 0
        return self.recorder.max_notification_id() or 0

    def _open(self) -> Any:
        datastore = self.recorder.datastore
        if hasattr(datastore, "pool") and hasattr(datastore.pool, "db_name"):
            name = datastore.pool.db_name
            if name == ":memory:" or "mode=memory" in name:
                return False  # connections sharing an in-memory cache do not see each other's commits in data_version
            return sqlite3.connect(name, uri=name.startswith("file:"), isolation_level=None, check_same_thread=False)
        import psycopg
        from psycopg.sql import SQL, Identifier

        pool = datastore.pool
        listener = psycopg.connect(pool.conninfo, **{**pool.kwargs, "autocommit": True})
        try:
            listener.execute(SQL("LISTEN {}").format(Identifier(self.recorder.channel_name)))
        except Exception:
            listener.close()
            raise
        return listener

    def _read_probe(self) -> int | None:
        """SQLite's data_version, or the notifications heard so far that did not say their position (None until
        one is); a position said moves the end without a query."""
        if isinstance(self._probe, sqlite3.Connection):
            return self._probe.execute("PRAGMA data_version").fetchone()[0]
        pgconn = self._probe.pgconn
        pgconn.consume_input()  # raises when the connection is gone
        heard = self._reading or 0
        while (notification := pgconn.notifies()) is not None:
            if notification.extra.isdigit() and self._end is not None:
                self._end = max(self._end, int(notification.extra))
            else:
                heard += 1
        return heard

    def _close(self) -> None:
        if self._probe and self._pid == os.getpid():
            try:
                self._probe.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                log.debug("closing the ledger probe failed", exc_info=True)
        self._probe = None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._close()
