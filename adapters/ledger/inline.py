"""Inline read models: written by the transaction that inserts a command's events, through its connection.

The projections write SQLAlchemy statements; here they run on the event store's own driver connection
(sqlite3 or psycopg), inside the library's transaction, which alone commits or rolls back: events, read-model
rows and their tracking positions are committed together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, StoredEvent
from psycopg.rows import tuple_row
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool, PoolProxiedConnection

from adapters.ledger.reading import PAGE, LedgerQueries

ApplyInline = Callable[[Connection, Sequence[Notification]], int | None]  # (connection, events) -> position reached


class Borrowed(PoolProxiedConnection):
    """The library's driver connection, lent to SQLAlchemy for the statements of one transaction: its commit,
    rollback and close do nothing (the library ends the transaction), and psycopg cursors return tuples (the
    library's connections make dict rows)."""

    def __init__(self, driver: Any) -> None:
        self.dbapi_connection = self.driver_connection = driver
        self._info: dict = {}

    @property
    def info(self) -> dict:  # type: ignore[override]
        return self._info

    @property
    def record_info(self) -> dict:  # type: ignore[override]
        return self._info

    is_valid = True
    is_detached = False

    def cursor(self, *args: Any, **kwargs: Any) -> Any:
        if hasattr(self.driver_connection, "pgconn"):
            kwargs.setdefault("row_factory", tuple_row)
        return self.driver_connection.cursor(*args, **kwargs)

    def commit(self) -> None:
        """The library commits."""

    def rollback(self) -> None:
        """The library rolls back."""

    def close(self) -> None:
        """The library's pool keeps the connection."""

    def invalidate(self, e: BaseException | None = None, soft: bool = False) -> None:
        """The library's pool decides what becomes of a broken connection."""

    def detach(self) -> None:
        """Never detached: the connection is the library's."""


class InlineReadModels:
    """The recorder's write beside the events: the notifications this transaction is inserting, preceded by
    any the read models have not seen yet (events recorded without them, e.g. an import), handed to `apply`
    on a SQLAlchemy connection over the same transaction. More than a page of unseen events is left to the
    catch-up (`projections.runner.Projector`): a command does not replay an import. `committed(position)` is
    told after the transaction committed."""

    def __init__(self, engine: Engine, apply: ApplyInline, committed: Callable[[int], None]) -> None:
        self.engine = engine  # its dialect compiles the statements; its pool is never used here
        self.apply = apply
        self.committed = committed

    def write(self, ledger: LedgerQueries, curs: Any, driver: Any, positions: Sequence[int], events: Sequence[StoredEvent]) -> int | None:
        """Write the read models in the events' transaction; the position they reached, or None when left behind."""
        conn = Connection(self.engine, connection=Borrowed(driver), _has_events=False, _allow_revalidate=False)
        notifications = [
            Notification(id=p, originator_id=e.originator_id, originator_version=e.originator_version, topic=e.topic, state=e.state)
            for p, e in zip(positions, events, strict=True)
        ]
        try:
            return self.apply(conn, Unseen(ledger, curs, notifications))
        except DBAPIError as error:  # the driver's own error, as the library translates it (busy, conflict...)
            raise error.orig from error


def statement_engine(url: str) -> Engine:
    """An engine whose dialect compiles the inline statements, set up from the database once (server version,
    features); it never lends its own connections to a command."""
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect():
        pass
    return engine


class Unseen(Sequence[Notification]):
    """This transaction's notifications, and a way to read the ones between a read model's position and them."""

    def __init__(self, ledger: LedgerQueries, curs: Any, notifications: list[Notification]) -> None:
        self.ledger, self.curs, self.mine = ledger, curs, notifications

    def __getitem__(self, index: Any) -> Any:
        return self.mine[index]

    def __len__(self) -> int:
        return len(self.mine)

    def since(self, position: int) -> list[Notification] | None:
        """Every notification after `position` up to this transaction's, or None when there are more than a page."""
        first = self.mine[0].id
        if position >= first - 1:
            return self.mine
        rows = self.ledger._event_page(self.curs, position, first - 1)  # noqa: SLF001 - the ledger's own reader
        if len(rows) >= PAGE:
            return None
        earlier = [
            Notification(id=r.position, originator_id=UUID(r.originator_id), originator_version=r.version, topic=r.topic, state=r.state)
            for r in rows
        ]
        return earlier + self.mine
