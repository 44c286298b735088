"""What must hold once the load has stopped: the ledger holds exactly the events the accepted commands
wrote, the read models reach the ledger's head and equal a rebuild from zero, the hash chain verifies,
and the servers logged no error."""

from __future__ import annotations

import re
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import Engine, select

from adapters.bootstrap import Container
from projections.tables import metadata

PAGE = 1000
LOGGED_ERROR = re.compile(r"Traceback|\[(?:ERROR|CRITICAL)\]|\b(?:ERROR|CRITICAL)\b")


def events_after(container: Container, baseline: int) -> Counter[str]:
    """The ledger's events after `baseline`, counted by `Aggregate.Event` (from each stored topic)."""
    counts: Counter[str] = Counter()
    position = baseline
    while batch := container.app.recorder.select_notifications(position, PAGE, inclusive_of_start=False):
        counts.update(n.topic.rsplit(":", 1)[1] for n in batch)
        position = batch[-1].id
    return counts


def head(container: Container) -> int:
    return container.app.recorder.max_notification_id() or 0


def lag(container: Container) -> int:
    """How many events the read models are behind the ledger."""
    return head(container) - container.projector.position()


class LagSampler:
    """Samples the projection lag once a second in a thread while the load runs; keeps the largest."""

    def __init__(self, container: Container, every: float = 1.0) -> None:
        self.container, self.every = container, every
        self.largest, self.samples = 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LagSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.largest = max(self.largest, lag(self.container))
            self.samples += 1


def converge(container: Container, timeout: float) -> float | None:
    """Seconds until the worker's tracking position reaches the ledger's head, or None after `timeout`."""
    started, target = time.monotonic(), head(container)
    while container.projector.position() < target:
        if time.monotonic() - started > timeout:
            return None
        time.sleep(0.05)
    return time.monotonic() - started


def read_model_rows(engine: Engine) -> dict[str, list[tuple]]:
    """Every read-model table (and the tracking positions), rows sorted, to compare two states row for row."""
    with engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr) for name, table in metadata.tables.items()}


def rebuild_differences(container: Container) -> tuple[list[str], float]:
    """Rebuild every read model from zero (with the worker stopped) and name the tables whose rows differ
    from the incrementally maintained ones; also how long the rebuild took."""
    before = read_model_rows(container.read_engine)
    started = time.monotonic()
    container.projector.rebuild()
    took = time.monotonic() - started
    after = read_model_rows(container.read_engine)
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name)), took


def verify(thidua: Path, env: dict[str, str]) -> tuple[bool, str]:
    """`thidua verify` on the soak database: whether it passed, and what it said."""
    done = subprocess.run([str(thidua), "verify"], env=env, capture_output=True, text=True, timeout=600)
    return done.returncode == 0, (done.stdout + done.stderr).strip()


def logged_errors(*logs: Path) -> list[str]:
    """Lines of the server logs that report an error or a traceback."""
    return [f"{log.name}: {line.strip()}" for log in logs if log.exists()
            for line in log.read_text(errors="replace").splitlines() if LOGGED_ERROR.search(line)]
