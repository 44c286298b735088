"""The baseline of commands from several clients at once: raw one-row transactions from client processes
of their own, all starting together. Throughput is what all of them did from the first start to the last
end."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

CLIENTS = 8


def _client(work: Callable[..., int], args: tuple, ready: Any, results: Any) -> None:
    try:
        prepared = work(*args, prepare=True)
    except Exception as error:  # noqa: BLE001 - the parent raises it instead of waiting
        ready.abort()
        results.put(error)
        return
    ready.wait()
    started = time.perf_counter()
    done = work(*args, prepared=prepared)
    results.put((done, started, time.perf_counter()))


def together(work: Callable[..., int], shares: list[tuple]) -> float:
    """Commands per second of `work(*share)` run by one process per share at the same time. `work` is
    called twice in each process: with `prepare=True` (opening stores, not timed), then with `prepared=`
    what that returned; it returns how many commands it did."""
    context = multiprocessing.get_context("spawn")
    ready, results = context.Barrier(len(shares)), context.Queue()
    processes = [context.Process(target=_client, args=(work, share, ready, results)) for share in shares]
    for process in processes:
        process.start()
    try:
        finished = [results.get(timeout=600) for _ in processes]
        if failed := [f for f in finished if isinstance(f, Exception)]:
            raise failed[0]
    finally:
        for process in processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
    count = sum(done for done, _s, _e in finished)
    return count / (max(e for _d, _s, e in finished) - min(s for _d, s, _e in finished))


def raw_sqlite_inserts(path: str, row: tuple[str, bytes], count: int, *, prepare: bool = False, prepared: Any = None) -> Any:
    """The baseline of one client: `count` one-row transactions into a shared WAL table (BEGIN IMMEDIATE,
    as a writer that waits for the lock)."""
    if prepare:
        db = sqlite3.connect(path, isolation_level=None, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, "
                   "state BLOB, PRIMARY KEY (originator_id, originator_version))")
        return db
    for _ in range(count):
        prepared.execute("BEGIN IMMEDIATE")
        prepared.execute("INSERT INTO stored_events VALUES (?, ?, ?, ?)", (str(uuid.uuid4()), 1, *row))
        prepared.execute("COMMIT")
    prepared.close()
    return count


def raw_postgres_inserts(url: str, row: tuple[str, bytes], count: int, *, prepare: bool = False, prepared: Any = None) -> Any:
    """The baseline of one client on PostgreSQL: `count` one-row transactions into a shared table."""
    import psycopg

    if prepare:
        conn = psycopg.connect(url)
        conn.execute("CREATE TABLE IF NOT EXISTS raw_events (originator_id uuid, originator_version integer, topic text, "
                     "state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))")
        conn.commit()
        return conn
    for _ in range(count):
        with prepared.transaction():
            prepared.execute("INSERT INTO raw_events (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
                             (uuid.uuid4(), 1, *row))
    prepared.close()
    return count


def sqlite_path(folder: Path, name: str) -> str:
    path = folder / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return str(path)
