"""The read models' state (every projection's tracked position), asked as cheaply as the store allows.

Equal states mean equal read models, so a web worker can keep answers until the state moves. On SQLite a
held connection's `PRAGMA data_version` changes only when another connection commits, so the positions
are read again only after some commit; on PostgreSQL they are read each time.
"""

from __future__ import annotations

import os
import sqlite3
import threading

from sqlalchemy import Engine

from projections import queries

State = tuple[tuple[str, int], ...]


class ReadModelState:
    """Call it for the present state; safe to share between a process's threads."""

    def __init__(self, engine: Engine, sqlite_path: str | None = None) -> None:
        self.engine = engine
        self.sqlite_path = sqlite_path
        self._lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        self._probe_pid: int | None = None  # a forked process opens its own
        self._version: int | None = None
        self._state: State = ()

    def __call__(self) -> State:
        if self.sqlite_path is None:
            return self._read()
        with self._lock:
            version = self._data_version()
            if version != self._version:
                self._state, self._version = self._read(), version  # version first read: a later commit re-reads
            return self._state

    def _read(self) -> State:
        with self.engine.connect() as conn:
            return queries.read_models_state(conn)

    def _data_version(self) -> int:
        if self._probe is None or self._probe_pid != os.getpid():
            self._probe = sqlite3.connect(self.sqlite_path, isolation_level=None, check_same_thread=False)
            self._probe_pid, self._version = os.getpid(), None
        return self._probe.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        if self._probe is not None and self._probe_pid == os.getpid():
            self._probe.close()
        self._probe = None
