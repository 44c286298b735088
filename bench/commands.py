"""Command rate: "approve a stage" (the unit head approves a submitted LĐTT dossier) with its read-model
update, against a raw driver loop inserting rows of the same shape, one row per transaction.

SQLite: the read models catch up synchronously after each command, in the same process. PostgreSQL:
the projection worker (`thidua worker`) runs as a separate process and the command waits until the
read models reflect it (read-your-writes), as a web request does.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from eventsourcing.application import Application

from adapters.bootstrap import Container
from adapters.config import load_settings
from adapters.event_store import event_store_env
from bench.context import Bench
from bench.generator import VIETNAM, Shape
from bench.ledger import Dossier, Waiting, copy_events, open_store, plain_store_env, waiting_dossiers
from bench.measure import figure, median, rate, timed
from bench.processes import worker
from domain import commands as c

SUITE = "command rate"
APPROVALS_ON = datetime(2025, 12, 3, 9, tzinfo=VIETNAM)


@contextmanager
def approvals(bench: Bench, kind: str, shape: Shape, *, submitted: bool = True) -> Iterator[tuple[Container, list[Waiting]]]:
    """The container on a loaded store (and, on PostgreSQL, the projection worker process)."""
    source, waiting = waiting_dossiers(bench.seed, shape, submitted=submitted)
    url = bench.fresh(kind, "commands")
    container = open_store(url, bench.folder, at=APPROVALS_ON, synchronous=kind == "sqlite")
    try:
        copy_events(source, container.app)
        container.projector.catch_up()
        with worker(url, bench.folder) if kind == "postgres" else _nothing():
            yield container, waiting
    finally:
        container.close()


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def approve(container: Container, dossier: Waiting, timeout: float = 2.0) -> None:
    """One approval, then wait until the read models reflect it (as a web request does)."""
    position = container.app.approve_stage(dossier.head, c.ApproveStage(dossier.nomination, "unit_approved", "Đồng ý"))
    caught_up = container.settle(position) if container.synchronous else container.projector.wait_for(position, timeout)
    if not caught_up:
        raise TimeoutError("the read models did not reflect the approval in time")


def run(bench: Bench) -> None:
    per_run = 30 if bench.quick else 150
    shape = Shape(units=2, staff=2 * (2 * per_run + 60)) if bench.quick else Shape(units=10, staff=1000)
    for kind in bench.kinds():
        with approvals(bench, kind, shape) as (container, waiting):
            for item in waiting[:10]:
                approve(container, item, timeout=60)  # warm-up: caches, prepared statements, the worker
            queue = iter(waiting[10:])
            ours = bench.each_run(lambda _r: rate(per_run, timed(
                lambda: [approve(container, next(queue)) for _ in range(per_run)])))
            alone = command_alone(container, [next(queue) for _ in range(per_run)])
            row = sample_row(container)
        base = bench.each_run(lambda r: raw_sqlite(bench, row, r) if kind == "sqlite" else raw_postgres(bench, row))
        bench.figures.append(figure(
            SUITE, f"{kind}: approve a stage, read models included", ours, base, "commands/s",
            f"raw {'sqlite3' if kind == 'sqlite' else 'psycopg'} insert, 1 row per transaction", 0.5,
        ))
        saves = {name: median(bench.each_run(lambda _r, chained=chained: single_saves(bench, kind, chained)))
                 for name, chained in (("library", False), ("ledger", True))}
        bench.note(SUITE, f"{kind}: where an approval's time goes (per second; the approval alone is one run)",
                   f"raw insert {median(base):,.0f}; library save of one small event {saves['library']:,.0f}; "
                   f"the same with thidua's ledger recorder (hash chain, time index) {saves['ledger']:,.0f}; "
                   f"the approval without its read-model update {alone:,.0f}; with it {median(ours):,.0f}")


def command_alone(container: Container, dossiers: list[Waiting]) -> float:
    """Approvals per second with no read-model update (nobody waits for the projection)."""
    hook, container.app.on_saved = container.app.on_saved, None
    try:
        return rate(len(dossiers), timed(lambda: [container.app.approve_stage(
            d.head, c.ApproveStage(d.nomination, "unit_approved", "Đồng ý")) for d in dossiers]))
    finally:
        container.app.on_saved = hook


def single_saves(bench: Bench, kind: str, ledger: bool) -> float:
    """One-event saves per second on a fresh store: the library alone, or with thidua's recorder."""
    url = bench.fresh(kind, "saves")
    env = event_store_env(load_settings({}, database_url=url, environment="test")) if ledger else plain_store_env(url)
    app = Application(env=env)
    try:
        count = 100 if bench.quick else 500
        return rate(count, timed(lambda: [app.save(Dossier(title="Hồ sơ")) for _ in range(count)]))
    finally:
        app.close()


def sample_row(container: Container) -> tuple[str, bytes]:
    """The topic and stored state of the last approval, for a baseline row of the same shape."""
    notification = container.app.recorder.select_notifications(container.app.recorder.max_notification_id(), 1)[0]
    return notification.topic, notification.state


def raw_sqlite(bench: Bench, row: tuple[str, bytes], run: int) -> float:
    """sqlite3 in WAL mode with its default synchronous=FULL, as the event store uses it."""
    path = bench.folder / f"raw-{run}.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
               "PRIMARY KEY (originator_id, originator_version))")
    rows = [(str(uuid.uuid4()), 1, *row) for _ in range(300 if bench.quick else 2000)]

    def insert_each() -> None:
        for values in rows:
            db.execute("BEGIN")
            db.execute("INSERT INTO stored_events VALUES (?, ?, ?, ?)", values)
            db.execute("COMMIT")

    try:
        return rate(len(rows), timed(insert_each))
    finally:
        db.close()


def raw_postgres(bench: Bench, row: tuple[str, bytes]) -> float:
    """psycopg inserting into a table shaped like the event store's, one transaction per row."""
    import psycopg

    with psycopg.connect(bench.fresh("postgres", "raw")) as conn:
        conn.execute("CREATE TABLE raw_events (originator_id uuid, originator_version integer, topic text, "
                     "state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))")
        conn.commit()
        rows = [(uuid.uuid4(), 1, *row) for _ in range(200 if bench.quick else 1000)]

        def insert_each() -> None:
            for values in rows:
                with conn.transaction():
                    conn.execute("INSERT INTO raw_events (originator_id, originator_version, topic, state) "
                                 "VALUES (%s, %s, %s, %s)", values)

        return rate(len(rows), timed(insert_each))
