"""Command rate: "approve a stage" (the unit head approves a submitted LĐTT dossier) with its read models,
against a raw driver loop inserting rows of the same shape one row per transaction, and against the
library's bare save of one small event; rounds of ours and the baselines alternate, each round with the
disk's fsync latency measured, and CPU time per command (`time.process_time`) beside the wall time.
(8 clients approving at once: bench/http.py, through the API as clients arrive.)

The command waits until its read models reflect it (`Container.settle`, read-your-writes), as a web request
does: the inline ones are written with the events. Each store runs in its production mode: on SQLite the
process's follower thread catches up the others a moment later, for the commands of that moment together,
and every round ends with that catch-up done (its CPU time is the round's); on PostgreSQL the projection
worker (`thidua worker`) runs them in its own process meanwhile.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from eventsourcing.application import Application

from adapters.bootstrap import Container
from adapters.config import load_settings
from adapters.event_store import event_store_env
from bench.context import Bench
from bench.generator import VIETNAM, Shape
from bench.ledger import Dossier, Waiting, copy_events, open_store, plain_store_env, waiting_dossiers
from bench.fsync import described, fsync_latency, store_folder, wall_target
from bench.measure import clocked, figure, median, rate, timed
from bench.processes import worker
from domain import commands as c

SUITE = "command rate"
APPROVALS_ON = datetime(2025, 12, 3, 9, tzinfo=VIETNAM)


@contextmanager
def approvals(bench: Bench, kind: str, shape: Shape, *, submitted: bool = True) -> Iterator[tuple[Container, list[Waiting]]]:
    """The container on a loaded store (and, on PostgreSQL, the projection worker process)."""
    source, waiting = waiting_dossiers(bench.seed, shape, submitted=submitted)
    url = bench.fresh(kind, "commands")
    sqlite = kind == "sqlite"  # each store in its production mode: SQLite's follower, PostgreSQL's worker
    container = open_store(url, bench.folder, at=APPROVALS_ON, synchronous=None if sqlite else False, follow=sqlite)
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


def approve(container: Container, dossier: Waiting) -> None:
    """One approval, its read models (the inline ones, written with the events) reflecting it, as a web
    request waits for them (`Container.settle`)."""
    position = container.app.approve_stage(dossier.head, c.ApproveStage(dossier.nomination, "unit_approved", "Đồng ý"))
    if not container.settle(position):
        raise TimeoutError("the read models did not reflect the approval in time")


def approve_each(container: Container, queue: Iterator[Waiting], count: int) -> None:
    """`count` approvals, then the asynchronous read models caught up (SQLite's follower, if still pending)."""
    for _ in range(count):
        approve(container, next(queue))
    container.catch_up_pending()


@dataclass
class Rounds:
    """What each round measured, ours and the baselines in turns."""

    ours: list[float] = field(default_factory=list)  # approvals/s
    ours_cpu: list[float] = field(default_factory=list)  # approvals per CPU second of this process
    raw: list[float] = field(default_factory=list)  # raw inserts/s
    bare: list[float] = field(default_factory=list)  # library saves/s
    bare_cpu: list[float] = field(default_factory=list)  # library saves per CPU second
    fsync: list[float] = field(default_factory=list)


def run(bench: Bench) -> None:
    per_run = 30 if bench.quick else 150
    shape = Shape(units=2, staff=2 * (2 * per_run + 60)) if bench.quick else Shape(units=10, staff=1000)
    for kind in bench.kinds():
        measured = Rounds()
        with approvals(bench, kind, shape) as (container, waiting):
            for item in waiting[:10]:
                approve(container, item)  # warm-up: caches, prepared statements
            row = sample_row(container)
            queue = iter(waiting[10:])
            for r in range(bench.runs):
                measured.fsync.append(fsync_latency(store_folder(kind, bench.folder)))
                wall, cpu = clocked(lambda: approve_each(container, queue, per_run))
                measured.ours.append(per_run / wall)
                measured.ours_cpu.append(per_run / cpu)
                measured.raw.append(raw_sqlite(bench, row, r) if kind == "sqlite" else raw_postgres(bench, row))
                saves, save_cpu = single_saves(bench, kind, False)
                measured.bare.append(saves)
                measured.bare_cpu.append(save_cpu)
            alone = command_alone(container, [next(queue) for _ in range(per_run)])
        report(bench, kind, measured, alone)


def report(bench: Bench, kind: str, m: Rounds, alone: float) -> None:
    fsync = described(m.fsync)
    bench.figures.append(figure(
        SUITE, f"{kind}: approve a stage, read models included ({fsync})", m.ours, m.raw, "commands/s",
        f"raw {'sqlite3' if kind == 'sqlite' else 'psycopg'} insert, 1 row per transaction", wall_target(m.fsync, 0.5),
    ))
    bench.figures.append(figure(
        SUITE, f"{kind}: approve a stage, read models included, wall time ({fsync})", m.ours, m.bare, "commands/s",
        "the library's bare save of one small event", wall_target(m.fsync, 0.5),
    ))
    bench.figures.append(figure(
        SUITE, f"{kind}: approve a stage, read models included, per CPU second of the process"
        + (" (the PostgreSQL server's and the worker's CPU not counted)" if kind == "postgres" else ""),
        m.ours_cpu, m.bare_cpu, "commands/CPU s", "the library's bare save of one small event, per CPU second", 0.5,
    ))
    bench.note(SUITE, f"{kind}: where an approval's time goes (per second, medians of the rounds; the approval alone is one run)",
               f"raw insert {median(m.raw):,.0f}; library save of one small event {median(m.bare):,.0f} "
               f"({1000 / median(m.bare_cpu):.3f} ms CPU each); the approval without its read models {alone:,.0f}; "
               f"with them {median(m.ours):,.0f} ({1000 / median(m.ours_cpu):.3f} ms CPU each); {fsync}")


def command_alone(container: Container, dossiers: list[Waiting]) -> float:
    """Approvals per second with no read models: neither the inline ones written with the events nor the
    catch-up after them (caught up afterwards, untimed)."""
    app = container.app
    hook, inline = app.on_saved, app.recorder.inline
    app.on_saved = app.recorder.inline = None
    try:
        return rate(len(dossiers), timed(lambda: [app.approve_stage(
            d.head, c.ApproveStage(d.nomination, "unit_approved", "Đồng ý")) for d in dossiers]))
    finally:
        app.on_saved, app.recorder.inline = hook, inline
        if container.synchronous:  # else the worker catches up; the inline ones first apply what they missed
            container.projector.catch_up()


def single_saves(bench: Bench, kind: str, ledger: bool) -> tuple[float, float]:
    """One-event saves per second on a fresh store (the library alone, or with thidua's recorder), and per
    CPU second of this process."""
    url = bench.fresh(kind, "saves")
    env = event_store_env(load_settings({}, database_url=url, environment="test")) if ledger else plain_store_env(url)
    app = Application(env=env)
    try:
        count = 100 if bench.quick else 500
        wall, cpu = clocked(lambda: [app.save(Dossier(title="Hồ sơ")) for _ in range(count)])
        return count / wall, count / cpu
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
