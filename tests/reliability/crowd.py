"""A crowd of contenders for one command: threads of this process and of spawned OS processes, each
process with its own container on the same store, all released at the same instant."""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from adapters.bootstrap import Container, bootstrap
from adapters.config import load_settings
from domain.exceptions import DomainError
from domain.values import Actor
from tests.conftest import MutableClock

SPAWN = multiprocessing.get_context("spawn")
READY = "ready"
TIMEOUT = 120


@dataclass(frozen=True)
class Attempt:
    """One command as a contender sends it: `getattr(app, method)(actor, command)`."""

    method: str
    actor: Actor
    command: Any


@dataclass(frozen=True)
class Outcome:
    """What one contender got: a result, a domain error, or a raw error (with its traceback)."""

    attempt: Attempt
    result: Any = None
    error: str | None = None
    message: str = ""
    raw: bool = False
    trace: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt_all(app: Any, attempts: list[Attempt], release: Any) -> list[Outcome]:
    """Run each attempt in its own thread; every thread waits at `release()` before acting."""
    outcomes: list[Outcome] = [None] * len(attempts)  # type: ignore[list-item]
    gate = threading.Event()

    def run(index: int, attempt: Attempt) -> None:
        gate.wait()
        try:
            result = getattr(app, attempt.method)(attempt.actor, attempt.command)
            outcomes[index] = Outcome(attempt, result=result)
        except Exception as error:  # noqa: BLE001 - every failure is classified and reported
            raw = not isinstance(error, DomainError)
            outcomes[index] = Outcome(attempt, error=type(error).__name__, message=str(error), raw=raw,
                                      trace=traceback.format_exc() if raw else "")

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    release()
    gate.set()
    for thread in threads:
        thread.join(TIMEOUT)
    return outcomes


def serve(database_url: str, instance_path: str, tasks: Any, results: Any, start: Any) -> None:
    """A contender process: its own container, then one batch of attempts per task until None."""
    clock = MutableClock(datetime.now().astimezone())
    settings = load_settings({}, database_url=database_url, instance_path=instance_path, environment="test")
    try:
        container = bootstrap(settings, clock=clock)
    except Exception:  # noqa: BLE001 - the parent reports why this contender never started
        results.put(traceback.format_exc())
        return
    results.put(READY)
    try:
        for now, attempts in iter(tasks.get, None):
            clock.now = now
            results.put(attempt_all(container.app, attempts, start.wait))
    finally:
        container.close()


def boot(database_url: str, instance_path: str, start: Any, results: Any) -> None:
    """A process starting up (a web or projection worker): build a container once everyone is ready."""
    start.wait()
    try:
        settings = load_settings({}, database_url=database_url, instance_path=instance_path, environment="test")
        bootstrap(settings).close()
        results.put("")
    except Exception:  # noqa: BLE001 - reported to the parent
        results.put(traceback.format_exc())


def boot_together(database_url: str, instance_path: str, processes: int) -> list[str]:
    """Start `processes` containers on one store at the same instant; the tracebacks of those that failed."""
    start, results = SPAWN.Barrier(processes, timeout=TIMEOUT), SPAWN.Queue()
    workers = [SPAWN.Process(target=boot, args=(database_url, instance_path, start, results)) for _ in range(processes)]
    for worker in workers:
        worker.start()
    failures = [results.get(timeout=TIMEOUT) for _ in workers]
    for worker in workers:
        worker.join(TIMEOUT)
    return [f for f in failures if f]


class Crowd:
    """`threads` contenders in this process (on `container`) plus `threads` in each of `processes`."""

    def __init__(self, container: Container, clock: MutableClock, *, processes: int = 3, threads: int = 3) -> None:
        self.container, self.clock, self.threads = container, clock, threads
        self.start = SPAWN.Barrier(processes + 1, timeout=TIMEOUT)
        self.results = SPAWN.Queue()
        self.tasks = [SPAWN.Queue() for _ in range(processes)]
        settings = container.settings
        self.processes = [
            SPAWN.Process(target=serve, args=(settings.database_url, str(settings.instance_path), q, self.results, self.start))
            for q in self.tasks
        ]

    @property
    def size(self) -> int:
        return self.threads * (len(self.processes) + 1)

    def __enter__(self) -> Crowd:
        failures = []
        for process in self.processes:  # one after another: starting together is a test of its own
            process.start()
            status = self.results.get(timeout=TIMEOUT)
            failures += [] if status == READY else [status]
        if failures:
            self.__exit__()
            raise AssertionError("a contender process did not start:\n" + "\n".join(failures))
        return self

    def __exit__(self, *_exc: object) -> None:
        for q in self.tasks:
            q.put(None)
        for process in self.processes:
            process.join(TIMEOUT)
            if process.is_alive():
                process.kill()

    def race(self, attempts: list[Attempt]) -> list[Outcome]:
        """Every contender sends attempts[k % len(attempts)] at the same moment; all outcomes."""
        share = [attempts[k % len(attempts)] for k in range(self.size)]
        batches = [share[i:i + self.threads] for i in range(0, self.size, self.threads)]
        for q, batch in zip(self.tasks, batches[1:]):
            q.put((self.clock.now, batch))
        outcomes = attempt_all(self.container.app, batches[0], self.start.wait)
        for _ in self.processes:
            outcomes += self.results.get(timeout=TIMEOUT)
        return outcomes
