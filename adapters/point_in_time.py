"""Read models as they stood at an earlier event position ("as of event #N").

The ledger is replayed up to N into a private in-memory SQLite database by the same projections that
keep the live read models, so every query answers for the past exactly as it answered then. Replicas
are kept (least recently used first out); a new position starts from a copy of the nearest kept
replica before it and replays only the events in between, so stepping forward through history is
cheap. Positions come from timestamps through the ledger's time index, never from a scan.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from eventsourcing.application import Application
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from projections.base import Projection
from projections.runner import Projector
from projections.tables import metadata

KEEP = 4  # replicas kept in memory
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

    def __init__(self, app: Application, projections: Callable[[], Sequence[Projection]], keep: int = KEEP) -> None:
        self.app, self.projections, self.keep = app, projections, keep
        self.replicas: OrderedDict[int, Replica] = OrderedDict()
        self.lock = threading.Lock()

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
            for replica in self.replicas.values():
                replica.dispose()
            self.replicas.clear()

    def _build(self, position: int) -> Replica:
        replica = Replica(position)
        base = max((r for p, r in self.replicas.items() if p <= position), key=lambda r: r.position, default=None)
        if base is None:
            metadata.create_all(replica.engine)
        else:
            base.anchor.backup(replica.anchor)
        Projector(self.app, replica.engine, self.projections()).catch_up(stop=position)
        return replica
