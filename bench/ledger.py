"""Ledgers for the benchmarks: province-years generated in memory through the application service,
then loaded into real stores in batches (the library's batched save), and fresh stores to load into."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from adapters.bootstrap import Container, bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from bench.generator import ProvinceYear, Shape, provinces
from domain.application import Thidua
from domain.values import Actor, Role

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PAGE = 500  # events per batched save and per notification page

# Generation only: an unbounded cache without copies, so each command replays nothing. The generator's
# commands never fail half-way, so no command can leave a half-mutated aggregate in the cache.
GENERATOR_ENV = {
    "PERSISTENCE_MODULE": "eventsourcing.popo",
    "AGGREGATE_CACHE_MAXSIZE": "0",
    "DEEPCOPY_FROM_AGGREGATE_CACHE": "n",
}


def generate(seed: int, count: int = 1, shape: Shape = Shape(), app: Thidua | None = None) -> Thidua:
    """`count` province-years (scale factor) in an in-memory ledger; pass `app` to add more provinces."""
    if app is None:
        app = Thidua(env=GENERATOR_ENV)
        ensure_shipped_rules(app)
    done = getattr(app, "bench_provinces", 0)
    for key in list(provinces(count))[done:]:
        ProvinceYear(app, seed=seed, shape=shape, province=key).run()
    app.bench_provinces = max(done, count)
    return app


def copy_events(source: Application, target: Application, *, start: int = 0, stop: int | None = None,
                page: int = PAGE) -> int:
    """Load `source`'s events after `start` (up to `stop`) into `target`, one `save()` per page."""
    position, copied = start, 0
    while True:
        limit = page if stop is None else min(page, stop - position)
        batch = source.recorder.select_notifications(position, limit, inclusive_of_start=False) if limit > 0 else []
        if not batch:
            return copied
        target.save(*(source.mapper.to_domain_event(n) for n in batch))
        position, copied = batch[-1].id, copied + len(batch)


@dataclass(frozen=True)
class Waiting:
    """A filed dossier and who acts on it next."""

    nomination: UUID
    clerk: Actor
    head: Actor
    checker: Actor


def waiting_dossiers(seed: int, shape: Shape, *, submitted: bool = True) -> tuple[Thidua, list[Waiting]]:
    """A ledger with a province's LĐTT dossiers filed (and submitted, unless told otherwise) in December."""
    source = generate(seed, 0)
    province = ProvinceYear(source, seed=seed, shape=shape, province="p99")
    province.prepare()
    province.at(12, 2)
    return source, [
        Waiting(n, office.acting(0, Role.UNIT_CLERK), office.acting(1, Role.UNIT_HEAD), province.checker(i))
        for i, office in enumerate(province.offices) for n in province.file(office, submit=submitted)
    ]


class Dossier(Aggregate):
    """The baseline's aggregate: a title and notes, about the size of the library's benchmark events."""

    @event("Opened")
    def __init__(self, title: str) -> None:
        self.title = title
        self.notes: list[str] = []

    @event("Noted")
    def note(self, text: str) -> None:
        self.notes.append(text)


def batched_dossiers(saves: int, per_save: int = 100, events_each: int = 5) -> Iterator[list[Dossier]]:
    """The library's batched-save shape: `per_save` aggregates of `events_each` events per save."""
    text = "Ghi chú " + "x" * 120
    for _ in range(saves):
        dossiers = [Dossier(title=f"Hồ sơ {uuid.uuid4().hex}") for _ in range(per_save)]
        for dossier in dossiers:
            for _ in range(events_each - 1):
                dossier.note(text)
        yield dossiers


def sqlite_url(folder: Path, name: str) -> str:
    path = folder / f"{name}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


@contextmanager
def postgres_url(admin_url: str, name: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one benchmark, dropped afterwards."""
    import psycopg

    database = f"thidua_bench_{name}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + database
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')


def open_store(url: str, instance: Path, *, at: datetime | None = None, synchronous: bool | None = None,
               follow: bool | None = None) -> Container:
    """The application's own composition root on a store (SQLite: read models caught up after each command,
    or `follow=True`: by the process's follower thread, as outside tests)."""
    settings = load_settings({}, database_url=url, instance_path=instance, environment="test")
    clock = (lambda: at) if at is not None else None
    return bootstrap(settings, clock=clock, synchronous=synchronous, follow=follow)


def plain_store_env(url: str) -> dict[str, str]:
    """The library's own recorder on the same kind of store (no thidua recorder, no read models)."""
    from adapters.event_store import event_store_env

    env = event_store_env(load_settings({}, database_url=url, environment="test"))
    env.pop("APPLICATION_RECORDER_TOPIC", None)
    return env
