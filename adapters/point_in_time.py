"""Read models as they stood at an earlier event position ("as of event #N"), or on a business date.

Two clocks: `engine_at(N)` answers what the ledger knew at a recording moment; `engine_on(DATE)` answers
what was in force on a business date as known now — every event recorded so far whose business time
(`at`, Vietnam's civil date) is on or before DATE, in the ledger's order. An event without `at` (a ballot
box's) goes with the event recorded before it, written by the same command.

The ledger is replayed up to N into a private in-memory SQLite database by the same projections that
keep the live read models, so every query answers for the past exactly as it answered then. Replicas
are kept (least recently used first out); a new position starts from a copy of the nearest kept
replica or checkpoint before it and replays only the events in between. Checkpoints are files of the
read models at every `CHECKPOINT_EVERY`-th position, written as replays pass them, so no replay is
longer than that however long the history. They are derived data, in a folder named after the
projections' code (a change of code starts a new folder), and `thidua rebuild` deletes them.
Positions come from timestamps through the ledger's time index, never from a scan.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

import projections as projections_package
from domain.clock import local_date
from projections.base import Projection
from projections.runner import Projector
from projections.tables import metadata

KEEP = 4  # replicas kept in memory
CHECKPOINT_EVERY = 10_000  # events: the longest replay a point-in-time read needs
_names = itertools.count(1)


class Replica:
    """One in-memory copy of every read model, at one position; alive while its anchor connection is open.

    Each checkout opens its own connection to the shared in-memory database, so concurrent requests
    never share a connection, and a request still reading keeps the data while the replica is evicted.
    """

    def __init__(self, position: int) -> None:
        self.position = position
        uri = f"file:thidua-as-of-{next(_names)}?mode=memory&cache=shared"
        self.anchor = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.engine: Engine = create_engine(
            "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False), poolclass=NullPool,
        )

    def dispose(self) -> None:
        self.engine.dispose()
        self.anchor.close()


class PointInTime:
    """Replays the ledger into in-memory read models at a position, keeping the last few."""

    def __init__(
        self, app: Application, projections: Callable[[], Sequence[Projection]], folder: Path | None = None,
        keep: int = KEEP, every: int = CHECKPOINT_EVERY,
    ) -> None:
        self.app, self.projections, self.keep, self.every = app, projections, keep, every
        self.folder = folder
        self.checkpoints = folder / code_fingerprint() if folder is not None else None
        self.replicas: OrderedDict[int, Replica] = OrderedDict()
        self.dated: OrderedDict[tuple[date, int], Replica] = OrderedDict()
        self.lock = threading.Lock()

    def engine_on(self, day: date) -> Engine:
        """An engine over the read models on business date `day`, as the ledger knows it now (kept until
        the ledger moves)."""
        key = (day, self.app.recorder.max_notification_id() or 0)
        with self.lock:
            replica = self.dated.get(key)
            if replica is None:
                replica = self.dated[key] = Replica(key[1])
                metadata.create_all(replica.engine)
                Projector(KnownNow(self.app, day, key[1]), replica.engine, self.projections()).catch_up()
                while len(self.dated) > self.keep:
                    self.dated.popitem(last=False)[1].dispose()
            self.dated.move_to_end(key)
            return replica.engine

    def engine_at(self, position: int) -> Engine:
        """An engine over the read models as of `position` (built on first use, then kept)."""
        with self.lock:
            replica = self.replicas.get(position)
            if replica is None:
                replica = self._build(position)
                self.replicas[position] = replica
                while len(self.replicas) > self.keep:
                    self.replicas.popitem(last=False)[1].dispose()
            self.replicas.move_to_end(position)
            return replica.engine

    def close(self) -> None:
        with self.lock:
            for replica in (*self.replicas.values(), *self.dated.values()):
                replica.dispose()
            self.replicas.clear()
            self.dated.clear()

    def forget_checkpoints(self) -> None:
        """Delete every checkpoint (after a rebuild, or to free the space); they are written again on use."""
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _build(self, position: int) -> Replica:
        """Start from the nearest kept replica or checkpoint at or before `position`, then replay the rest,
        writing a checkpoint at each multiple of `every` passed on the way."""
        replica = Replica(position)
        kept = max((p for p in self.replicas if p <= position), default=-1)
        saved = max((p for p in self._saved() if p <= position), default=-1)
        if kept >= saved and kept >= 0:
            self.replicas[kept].anchor.backup(replica.anchor)
        elif saved >= 0:
            with sqlite3.connect(self._path(saved)) as source:
                source.backup(replica.anchor)
        else:
            metadata.create_all(replica.engine)
        projector = Projector(self.app, replica.engine, self.projections())
        start = max(kept, saved, 0)
        for boundary in range(start - start % self.every + self.every, position + 1, self.every):
            if projector.catch_up(stop=boundary) == boundary:
                self._save(replica, boundary)
        projector.catch_up(stop=position)
        return replica

    def _saved(self) -> list[int]:
        if self.checkpoints is None or not self.checkpoints.is_dir():
            return []
        return [int(f.stem) for f in self.checkpoints.glob("*.sqlite") if f.stem.isdigit()]

    def _path(self, position: int) -> Path:
        return self.checkpoints / f"{position}.sqlite"  # type: ignore[operator]

    def _save(self, replica: Replica, position: int) -> None:
        """Write a checkpoint atomically (processes sharing the folder never see half a file)."""
        if self.checkpoints is None or self._path(position).exists():
            return
        self.checkpoints.mkdir(parents=True, exist_ok=True)
        partial = self.checkpoints / f".{position}.{os.getpid()}.{threading.get_ident()}"
        with sqlite3.connect(partial) as target:
            replica.anchor.backup(target)
        target.close()
        os.replace(partial, self._path(position))


class KnownNow:
    """The application as a projector reads it, holding only the events in force on `day` up to `head`."""

    def __init__(self, app: Application, day: date, head: int, batch: int = 1000) -> None:
        self.mapper = app.mapper
        kept, start, business = [], 0, datetime.min
        while start < head:
            notifications = app.recorder.select_notifications(start, batch, stop=head, inclusive_of_start=False)
            if not notifications:
                break
            for notification in notifications:
                business = getattr(self.mapper.to_domain_event(notification), "at", None) or business
                if business is datetime.min or local_date(business) <= day:
                    kept.append(notification)
            start = notifications[-1].id
        self.recorder = InForce(kept)


@dataclass
class InForce:
    """A recorder over a fixed list of notifications (ids keep their ledger positions, with gaps)."""

    notifications: list[Any]

    def select_notifications(self, start: int, limit: int, stop: int | None = None, inclusive_of_start: bool = True,
                             **_: Any) -> list[Any]:
        after = [n for n in self.notifications if (n.id >= start if inclusive_of_start else n.id > start)]
        return [n for n in after if stop is None or n.id <= stop][:limit]

    def max_notification_id(self) -> int:
        return self.notifications[-1].id if self.notifications else 0


def code_fingerprint() -> str:
    """A digest of the projections' source: checkpoints made by other code are never read."""
    digest = hashlib.sha256()
    for source in sorted(Path(projections_package.__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]
