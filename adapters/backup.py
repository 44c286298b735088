"""Backup and restore of a whole store: the ledger, everything kept beside it, and the read models.

SQLite uses the online backup API (a consistent snapshot, safe while the app writes); PostgreSQL uses
pg_dump and pg_restore in custom format (pg_dump reads one snapshot, so it is safe while the app runs).
A restore only goes into a store without events: restoring never overwrites a ledger.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import psycopg

from adapters.config import Settings
from adapters.event_store import event_store_env
from domain.application import Thidua

SQLITE_EVENTS = "stored_events"


class BackupError(Exception):
    """Raised when a backup or a restore cannot be made safely; the message says why."""


def backup(settings: Settings, target: Path) -> Path:
    """Write a backup of the configured store to `target` (via a partial file, renamed when complete)."""
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        (_sqlite_backup if settings.is_sqlite else _pg_dump)(settings, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    return target


def restore(settings: Settings, source: Path) -> int:
    """Restore a backup into the configured store, which must hold no events; returns the events restored."""
    source = Path(source).resolve()
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    held = ledger_size(settings)
    if held:
        raise BackupError(f"The target store already holds {held} events; restore only into an empty store.")
    (_sqlite_restore if settings.is_sqlite else _pg_restore)(settings, source)
    return ledger_size(settings)


def ledger_size(settings: Settings) -> int:
    """How many events the configured store holds (0 when it does not exist yet)."""
    if settings.is_sqlite:
        path = Path(settings.sqlite_path)
        return _sqlite_events(path) if path.exists() else 0
    with psycopg.connect(**_pg_params(settings)) as conn:
        table = f"{Thidua.name.lower()}_events"
        if conn.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is None:
            return 0
        return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]


def _sqlite_events(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (SQLITE_EVENTS,)).fetchone()
        return conn.execute(f"SELECT count(*) FROM {SQLITE_EVENTS}").fetchone()[0] if found else 0


def _sqlite_backup(settings: Settings, target: Path) -> None:
    source = Path(settings.sqlite_path)
    if not source.is_file():
        raise BackupError(f"No SQLite store at {source}.")
    with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(target)) as copy:
        live.backup(copy)


def _sqlite_restore(settings: Settings, source: Path) -> None:
    try:
        with closing(sqlite3.connect(source)) as saved:
            damaged = saved.execute("PRAGMA quick_check").fetchone()[0] != "ok"
        held = _sqlite_events(source)
    except sqlite3.DatabaseError:
        damaged, held = True, 0
    if damaged or not held:
        raise BackupError(f"{source} is not a whole thidua SQLite backup.")
    target = Path(settings.sqlite_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as saved, closing(sqlite3.connect(target)) as live:
        saved.backup(live)


def _pg_dump(settings: Settings, target: Path) -> None:
    _run(settings, "pg_dump", "--format=custom", "--no-owner", f"--file={target}")


def _pg_restore(settings: Settings, source: Path) -> None:
    """Objects a fresh container may have created (empty tables) are dropped and restored from the dump."""
    _run(settings, "pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error", "--single-transaction", str(source))


def _run(settings: Settings, tool: str, *args: str) -> None:
    """Run a PostgreSQL client tool; the password goes through the environment, never the command line."""
    params = _pg_params(settings)
    env = {**os.environ, "PGPASSWORD": params.pop("password")} if params.get("password") else dict(os.environ)
    command = [tool, f"--dbname={params['dbname']}", f"--host={params['host']}", f"--port={params['port']}",
               f"--username={params['user']}", *args]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).") from None
    if done.returncode:
        raise BackupError(f"{tool} failed: {done.stderr.strip()}")


def _pg_params(settings: Settings) -> dict[str, str]:
    """Connection parameters as the event store reads them from THIDUA_DATABASE_URL."""
    env = event_store_env(settings)
    params = {key: env[f"POSTGRES_{key.upper()}"] for key in ("dbname", "host", "port", "user")}
    return {**params, "password": env["POSTGRES_PASSWORD"]} if env["POSTGRES_PASSWORD"] else params
