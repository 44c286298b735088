"""Reading the ledger back: the domain's `LedgerIndex` port (chain head, time index) and the paged
walks `verify` and `export` take over the events and their links. Every query uses an index (the
chain's position key and recorded-time index, the events table's identity key), except the one that
describes damage already found.

The dialect (placeholder, table names, the events table's id column, how an id is bound) comes
from the recorder class that mixes this in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.utils import retry

from adapters.ledger.chain import Link, index_time
from adapters.ledger.verify import StoredRow, verify_store
from domain.seal import ChainPoint, Verification

PAGE = 1000
LINK_COLUMNS = (
    "notification_id, originator_id, originator_version, topic, state_hash, prev_chain_hash, prev_aggregate_hash, "
    "chain_hash, seq"
)


def hex_of(originator_id: UUID | str) -> str:
    """An originator id as 32 hex digits (how SQLite stores it already)."""
    if isinstance(originator_id, UUID):
        return originator_id.hex
    return originator_id if len(originator_id) == 32 else UUID(originator_id).hex


def link_of(row: Any) -> Link:
    return Link(
        row["notification_id"], hex_of(row["originator_id"]), row["originator_version"], row["topic"], row["state_hash"],
        row["prev_chain_hash"], row["prev_aggregate_hash"], row["chain_hash"], row["seq"],
    )


def events_statement(
    select_events: str, mark: str, bound_id: Any, gt: int | None, lte: int | None, desc: bool, limit: int | None,
) -> tuple[str, list[Any]]:
    """The library's `select_events` query as plain text and its parameters: `select_events` selects an
    aggregate's events by id (placeholder `mark`), then the versions asked, their order and how many."""
    statement, params = select_events, [bound_id]
    if gt is not None:
        statement += f"AND originator_version>{mark} "
        params.append(gt)
    if lte is not None:
        statement += f"AND originator_version<={mark} "
        params.append(lte)
    statement += "ORDER BY originator_version DESC " if desc else "ORDER BY originator_version ASC "
    if limit is not None:
        statement += f"LIMIT {mark} "
        params.append(limit)
    return statement, params


class Unread(NamedTuple):
    """An event as a catch-up reads it: its position and what the library's mapper decodes (the originator
    id as stored: the mapper converts it for the event's class)."""

    id: int
    originator_id: Any
    originator_version: int
    topic: str
    state: bytes


class LedgerQueries:
    """Read-only queries over the events table, `ledger_chain` and `ledger_time_index`, and which
    aggregates have a snapshot (the library's snapshots table: a cache beside the ledger, outside its chain)."""

    param: str
    chain_table: str
    events_table: str
    snapshots_table: str
    id_column: str
    datastore: Any

    def bind_id(self, originator_id: UUID | str) -> Any:
        """An originator id as the store's column takes it (here: 32 hex digits)."""
        return hex_of(originator_id)

    def _sql(self, text: str) -> str:
        return text.replace("?", self.param)

    def _one(self, query: str, params: Sequence[Any] = ()) -> Any:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(query), params)
            return curs.fetchone()

    def chain_head(self) -> ChainPoint | None:
        """The chain's last link: the digest of the whole ledger."""
        return self.chain_at(None)

    def chain_at(self, position: int | None) -> ChainPoint | None:
        """The chain as of a position (its last link at or before it)."""
        where, params = ("WHERE notification_id <= ?", (position,)) if position is not None else ("", ())
        row = self._one(f"SELECT {LINK_COLUMNS} FROM {self.chain_table} {where} ORDER BY notification_id DESC LIMIT 1", params)
        return link_of(row).point() if row else None

    def version_at(self, originator_id: UUID, at: datetime) -> int | None:
        """The aggregate's last version recorded at or before `at` (its events, then their links)."""
        return self._one(
            f"SELECT MAX(e.originator_version) AS v FROM {self.events_table} e JOIN {self.chain_table} c "
            f"ON c.notification_id = e.{self.id_column} WHERE e.originator_id = ? AND c.recorded_at <= ?",
            (self.bind_id(hex_of(originator_id)), index_time(at)),
        )["v"]

    def version_at_position(self, originator_id: UUID, position: int) -> int | None:
        return self._one(
            f"SELECT MAX(originator_version) AS v FROM {self.events_table} WHERE originator_id = ? AND {self.id_column} <= ?",
            (self.bind_id(hex_of(originator_id)), position),
        )["v"]

    def position_at(self, at: datetime) -> int:
        """The position of the last event recorded at or before `at` (0 before the first)."""
        row = self._one(
            f"SELECT notification_id FROM {self.chain_table} WHERE recorded_at <= ? "
            "ORDER BY recorded_at DESC, notification_id DESC LIMIT 1", (index_time(at),),
        )
        return row["notification_id"] if row else 0

    def position_of(self, originator_id: UUID, version: int) -> int | None:
        return self.event_position(hex_of(originator_id), version)

    def verify(self, digest: str | None = None) -> Verification:
        """Check the whole store (and find a published digest in it)."""
        return verify_store(self, digest).outcome()

    def snapshotted(self) -> list[UUID]:
        """Every aggregate with a stored snapshot, each once (the table's primary key starts with the id)."""
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(f"SELECT DISTINCT originator_id FROM {self.snapshots_table} ORDER BY originator_id")
            return [UUID(hex_of(row["originator_id"])) for row in curs.fetchall()]

    def ledger_end(self) -> tuple[int, int]:
        """(last event position, last link position) read in one statement, so both are one snapshot."""
        row = self._one(
            f"SELECT (SELECT MAX({self.id_column}) FROM {self.events_table}) AS e, "
            f"(SELECT MAX(notification_id) FROM {self.chain_table}) AS c"
        )
        return row["e"] or 0, row["c"] or 0

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def notifications_after(self, start: int, limit: int, stop: int | None = None) -> list[Unread]:
        """At most `limit` events after position `start` (up to `stop`), in order: the library's
        `select_notifications` without a frozen dataclass and an id conversion per row, retried as it is (a
        pooled connection the server ended is replaced on the next attempt)."""
        bound, params = ("AND {0} <= ? ", (start, stop, limit)) if stop is not None else ("", (start, limit))
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(self._sql(
                f"SELECT {self.id_column}, originator_id, originator_version, topic, state FROM {self.events_table} "
                f"WHERE {self.id_column} > ? {bound.format(self.id_column)}ORDER BY {self.id_column} LIMIT ?"
            ), params)
            return [Unread(*(row.values() if isinstance(row, dict) else row)) for row in curs.fetchall()]

    def iter_events(self, stop: int) -> Iterator[StoredRow]:
        return self._paged(lambda curs, after: self._event_page(curs, after, stop))

    def iter_links(self, stop: int) -> Iterator[Link]:
        return self._paged(lambda curs, after: self._link_page(curs, after, stop))

    def _paged(self, page_after: Callable[[Any, int], list]) -> Iterator:
        """Rows in position order, a page per short read transaction."""
        after = 0
        while True:
            with self.datastore.transaction(commit=False) as curs:
                page = page_after(curs, after)
            if not page:
                return
            yield from page
            after = page[-1].position

    def _event_page(self, curs: Any, after: int, stop: int | None) -> list[StoredRow]:
        bound = f"AND {self.id_column} <= {int(stop)} " if stop is not None else ""
        curs.execute(self._sql(
            f"SELECT {self.id_column} AS notification_id, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE {self.id_column} > ? {bound}ORDER BY {self.id_column} LIMIT {PAGE}"
        ), (after,))
        return [
            StoredRow(r["notification_id"], hex_of(r["originator_id"]), r["originator_version"], r["topic"], bytes(r["state"]))
            for r in curs.fetchall()
        ]

    def _link_page(self, curs: Any, after: int, stop: int) -> list[Link]:
        curs.execute(self._sql(
            f"SELECT {LINK_COLUMNS} FROM {self.chain_table} WHERE notification_id > ? AND notification_id <= ? "
            f"ORDER BY notification_id LIMIT {PAGE}"
        ), (after, stop))
        return [link_of(r) for r in curs.fetchall()]

    def event_position(self, originator_id: str, version: int) -> int | None:
        return self._position_in(self.events_table, self.id_column, originator_id, version)

    def link_position(self, originator_id: str, version: int) -> int | None:
        """Where the chain recorded an event (a scan, taken only to describe damage already found)."""
        return self._position_in(self.chain_table, "notification_id", originator_id, version)

    def _position_in(self, table: str, column: str, originator_id: str, version: int) -> int | None:
        row = self._one(
            f"SELECT {column} AS n FROM {table} WHERE originator_id = ? AND originator_version = ?",
            (self.bind_id(originator_id), version),
        )
        return row["n"] if row else None
