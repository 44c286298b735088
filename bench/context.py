"""What the suites of one benchmark run share: options, the generated ledger, loaded stores, results."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from bench.generator import Shape
from bench.ledger import Waiting, copy_events, generate, open_store, postgres_url, sqlite_url, waiting_dossiers
from bench.measure import Figure, Note, rate
from domain.application import Thidua


@dataclass
class Bench:
    """One run: `quick` shrinks every size and repeat count for a smoke run."""

    folder: Path
    quick: bool = False
    seed: int = 1
    pg_admin: str | None = None
    national: bool = False
    figures: list[Figure] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    cleanup: ExitStack = field(default_factory=ExitStack)
    _ledger: Thidua | None = None
    _stores: dict[str, str] = field(default_factory=dict)
    _built: set[str] = field(default_factory=set)
    _backlog: tuple[Thidua, int, list[Waiting]] | None = None

    @property
    def runs(self) -> int:
        return 2 if self.quick else 3

    @property
    def shape(self) -> Shape:
        return Shape(units=5, staff=500) if self.quick else Shape()

    def note(self, suite: str, name: str, value: str) -> None:
        self.notes.append(Note(suite, name, value))

    def ledger(self) -> Thidua:
        """The generated province-year (in memory), generated once per run."""
        if self._ledger is None:
            started = time.perf_counter()
            self._ledger = generate(self.seed, 1, self.shape)
            elapsed = time.perf_counter() - started
            out_of_sight()
            count = self._ledger.recorder.max_notification_id()
            self.note("generator", "province-year", f"{count:,} events from {self.shape} in {elapsed:.1f} s "
                      f"({rate(count, elapsed):,.0f} events/s through the application's commands, in memory)")
        return self._ledger

    def backlog(self) -> tuple[Thidua, int, list[Waiting]]:
        """A second province's December: dossiers filed and waiting for their unit heads (inbox reads).

        Returns its ledger, the position after the shipped rule sets (already in the province-year's
        ledger), and the waiting dossiers.
        """
        if self._backlog is None:
            shape = Shape(units=2, staff=200) if self.quick else Shape(units=3, staff=300)
            source, waiting = waiting_dossiers(self.seed, shape)
            self._backlog = (source, generate(self.seed, 0).recorder.max_notification_id(), waiting)
            out_of_sight()
        return self._backlog

    def store(self, kind: str, *, built: bool = True) -> str:
        """A store of `kind` (sqlite | postgres) holding the province-year and the backlog; unless told
        otherwise, with its read models built (the rebuild suite builds them when it runs first)."""
        if kind not in self._stores:
            url = self.fresh(kind, "province")
            container = open_store(url, self.folder, synchronous=False)
            try:
                copy_events(self.ledger(), container.app)
                backlog, after_rules, _waiting = self.backlog()
                copy_events(backlog, container.app, start=after_rules)
            finally:
                container.close()
            self._stores[kind] = url
        if built and kind not in self._built:
            container = open_store(self._stores[kind], self.folder, synchronous=False)
            try:
                container.projector.rebuild()
            finally:
                container.close()
            self.built(kind)
        return self._stores[kind]

    def built(self, kind: str) -> None:
        """Say the read models of the `kind` store are built."""
        self._built.add(kind)

    def fresh(self, kind: str, name: str) -> str:
        """An empty store of `kind`; PostgreSQL databases are dropped when the run ends."""
        if kind == "sqlite":
            return sqlite_url(self.folder, name)
        if self.pg_admin is None:
            raise LookupError("no PostgreSQL server")
        return self.cleanup.enter_context(postgres_url(self.pg_admin, name))

    def kinds(self) -> list[str]:
        return ["sqlite", "postgres"] if self.pg_admin else ["sqlite"]

    def each_run(self, action: Callable[[int], float]) -> list[float]:
        return [action(r) for r in range(self.runs)]

    def alternately(self, *sides: Callable[[int], float]) -> list[list[float]]:
        """The runs of each side (ours, the baseline, ...) taken in turns: a slower spell of a shared
        machine then weighs on every side of a ratio instead of on one. One list of results per side."""
        rounds = [[side(r) for side in sides] for r in range(self.runs)]
        return [list(results) for results in zip(*rounds)]


def out_of_sight() -> None:
    """Hide the generated in-memory ledgers (a province-year's events and aggregates) from the cyclic
    garbage collector: they are the harness's, and every full collection would scan them again, slowing
    whichever side, ours or a baseline, happened to trigger it."""
    gc.collect()
    gc.freeze()
