"""What the tamper-evident ledger costs: command throughput with the hash chain on and off (same run,
rounds interleaved, medians), and the time `verify` takes, per million events.

    python -m bench.audit_cost                       # SQLite, 2,000 commands × 5 rounds, 100,000 events
    python -m bench.audit_cost --commands 500 --rounds 3 --events 20000
    python -m bench.audit_cost --database-url postgresql://postgres@127.0.0.1:5432/postgres
    python -m bench.audit_cost --memory              # in-memory SQLite: the chain's CPU cost without fsync

The command loop is `record_rating` on 200 people (ten years each), through the application
service: load, decide, save, as every command does. `verify` is timed on a store filled in
batched saves of ~400-byte events and extrapolated linearly to a million events.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from eventsourcing.domain import Aggregate, event

from adapters.config import Settings, load_settings
from adapters.event_store import event_store_env
from adapters.ledger.store import ledger_index
from domain import commands as c
from domain.application import Thidua
from domain.values import Actor

SYSTEM = Actor.system()
MEMORY = "memory"
PEOPLE = 200
BATCH = 100  # aggregates per batched save (5 events each)


class Sample(Aggregate):
    """A stand-in aggregate whose events are about the size of the ledger's real ones."""

    @event("Noted")
    def note(self, text: str) -> None:
        self.text = text


@contextmanager
def store(folder: Path, database_url: str | None, name: str, chain: bool) -> Iterator[Thidua]:
    """A fresh store (a SQLite file or in-memory database, or a new PostgreSQL database), chain on or off."""
    url, drop = fresh_url(folder, database_url, name)
    env = event_store_env(settings(url, folder)) if url != MEMORY else {
        **event_store_env(settings(f"sqlite:///{folder / 'unused.sqlite'}", folder)),
        "SQLITE_DBNAME": f"file:audit-{name}-{uuid.uuid4().hex[:8]}?mode=memory&cache=shared",
    }
    if not chain:
        env.pop("APPLICATION_RECORDER_TOPIC")
    app = Thidua(env=env)
    app.ledger = ledger_index(app.recorder)
    try:
        yield app
    finally:
        app.close()
        drop()


def settings(url: str, folder: Path) -> Settings:
    return load_settings({}, database_url=url, instance_path=folder, environment="test")


def fresh_url(folder: Path, database_url: str | None, name: str) -> tuple[str, Callable[[], None]]:
    if database_url == MEMORY:
        return MEMORY, lambda: None
    if database_url is None:
        return f"sqlite:///{folder / f'{name}.sqlite'}", lambda: None
    import psycopg

    database = f"audit_{name}_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(database_url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{database}"')

    def drop() -> None:
        admin.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        admin.close()

    return database_url.rsplit("/", 1)[0] + "/" + database, drop


def command_rate(app: Thidua, commands: int) -> float:
    """Commands per second for `record_rating` spread over PEOPLE people (set up before timing)."""
    unit = app.register_unit(SYSTEM, c.RegisterUnit("bench", "Đơn vị đo", "ĐV", "department", "A", "DV"))
    people = [
        app.register_person(SYSTEM, c.RegisterPerson(f"p{i}", f"Cán bộ {i}", "f", unit, "Chuyên viên")) for i in range(PEOPLE)
    ]
    started = time.perf_counter()
    for i in range(commands):
        app.record_rating(SYSTEM, c.RecordRating(people[i % PEOPLE], 1990 + i // PEOPLE, "HTTNV"))
    return commands / (time.perf_counter() - started)


def fill(app: Thidua, events: int) -> None:
    """Batched saves of new aggregates, five ~400-byte events each."""
    text = "Hoàn thành xuất sắc nhiệm vụ năm; " * 10
    for _batch in range(events // (BATCH * 5)):
        samples = [Sample() for _ in range(BATCH)]
        for sample in samples:
            for n in range(4):
                sample.note(f"{text}{n}")
        app.save(*samples)


def verify_seconds(app: Thidua) -> tuple[float, int]:
    started = time.perf_counter()
    result = app.verify_ledger()
    elapsed = time.perf_counter() - started
    assert result.ok, result
    return elapsed, result.checked


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL admin URL (default: SQLite files)")
    parser.add_argument("--memory", action="store_true", help="in-memory SQLite (CPU cost only, no fsync)")
    args = parser.parse_args(argv)
    if args.memory:
        args.database_url = MEMORY
    kind = {None: "SQLite files", MEMORY: "in-memory SQLite"}.get(args.database_url, "PostgreSQL")
    print(f"audit cost on {kind}, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rates: dict[bool, list[float]] = {True: [], False: []}
        for r in range(args.rounds):
            for chain in (True, False) if r % 2 == 0 else (False, True):
                with store(folder, args.database_url, f"cmd{r}{int(chain)}", chain) as app:
                    rates[chain].append(command_rate(app, args.commands))
        on, off = statistics.median(rates[True]), statistics.median(rates[False])
        print(f"commands/s, median of {args.rounds} rounds of {args.commands}: chain on {on:,.0f}, off {off:,.0f}; "
              f"on/off = {on / off:.3f} (cost {100 * (1 - on / off):.1f}%)")
        print(f"  every round: on {[round(x) for x in rates[True]]}, off {[round(x) for x in rates[False]]}")
        with store(folder, args.database_url, "verify", True) as app:
            started = time.perf_counter()
            fill(app, args.events)
            filled = time.perf_counter() - started
            elapsed, checked = verify_seconds(app)
        print(f"filled {checked:,} events in batches in {filled:.1f}s ({checked / filled:,.0f} events/s, chain on)")
        print(f"verify: {checked:,} events in {elapsed:.2f}s = {checked / elapsed:,.0f} events/s; "
              f"≈ {elapsed * 1_000_000 / checked:.0f}s per million events (extrapolated linearly)")


if __name__ == "__main__":
    main()
