"""Writing the ledger: in the transaction that inserts the events, one `ledger_chain` link per event
(with its recorded time, which `ledger_time_index` shows); the tables; adopting older history; importing.

Subclasses set the dialect: the placeholder, the qualified table names, the id column of the
events table, how an originator id is bound (see `reading.LedgerQueries`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from cachetools import LRUCache
from eventsourcing.persistence import StoredEvent

from adapters.ledger.chain import GENESIS, Link, make_link, recorded_at
from adapters.ledger.inline import InlineReadModels
from adapters.ledger.reading import LINK_COLUMNS, LedgerQueries, hex_of, link_of
from adapters.ledger.verify import StoredRow


ExtraWrite = Callable[[Any, Sequence[int], Sequence[StoredEvent]], None]  # (cursor, positions, events), in their transaction


def create_statements(chain: str, times: str, oid_type: str, int_type: str, create_view: str, keys: str) -> list[str]:
    """`ledger_chain` (one link per event, keyed by its position, with its recorded time) and the time
    index `ledger_time_index` as a view of it. Lookups by identity go through the events table's own
    primary key, so each commit adds two index entries beside the library's two, and no query scans.
    Beside them the API's idempotency keys (`adapters.idempotency`), claimed in the events' transaction."""
    return [
        f"CREATE TABLE IF NOT EXISTS {keys} (caller TEXT NOT NULL, idempotency_key TEXT NOT NULL, "
        f"fingerprint TEXT NOT NULL, position {int_type}, status INTEGER, body TEXT, created_at TEXT NOT NULL, "
        "PRIMARY KEY (caller, idempotency_key))",
        f"CREATE INDEX IF NOT EXISTS command_keys_created ON {keys} (created_at)",
        f"CREATE TABLE IF NOT EXISTS {chain} (notification_id {int_type} PRIMARY KEY, originator_id {oid_type} NOT NULL, "
        f"originator_version {int_type} NOT NULL, topic TEXT NOT NULL, state_hash TEXT NOT NULL, "
        "prev_chain_hash TEXT NOT NULL, prev_aggregate_hash TEXT NOT NULL, chain_hash TEXT NOT NULL, "
        f"seq {int_type} NOT NULL, recorded_at TEXT)",
        f"CREATE INDEX IF NOT EXISTS ledger_chain_recorded ON {chain} (recorded_at)",
        f"{create_view} {times} AS SELECT notification_id, originator_id, originator_version, recorded_at FROM {chain}",
    ]


LINKS_KEPT = 20_000  # aggregates whose latest committed link a process remembers (a province-year's worth)


class LedgerStore(LedgerQueries):
    """Mixin for an application recorder: the ledger's write path, and its queries.

    The latest link this process committed for each of the last `LINKS_KEPT` aggregates is kept: a
    link never changes once committed, so an aggregate's next event is chained to it without a query.
    So is the last link this process committed: it is the chain head while the next event's position
    follows it (positions only grow, so nothing was recorded in between); else the head is read.
    Links enter that memory only after their transaction committed.

    `commits_with` has a write of another table run in the transaction that inserts the events (the
    API's idempotency key, stored with the command's events or not at all); `inline`, when set, writes the
    inline read models in every such transaction (`adapters.ledger.inline`)."""

    keys_table: str
    inline: InlineReadModels | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._latest: LRUCache[str, tuple[int, str]] = LRUCache(LINKS_KEPT)
        self._head: Link | None = None  # the last link this process committed
        self._latest_lock = threading.Lock()
        self._writing = threading.local()

    @contextmanager
    def commits_with(self, write: ExtraWrite) -> Iterator[None]:
        """Run `write(cursor, positions, events)` in this thread's next transaction that inserts events and
        commits (a rolled back one does not count): both are committed together, or neither."""
        outer, self._writing.extra = getattr(self._writing, "extra", None), write
        try:
            yield
        finally:
            self._writing.extra = outer

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        self._writing.links = written = {}
        self._writing.head = None
        self._writing.wrote_extra = False
        self._writing.inline_reached = None
        try:
            positions = super().insert_events(stored_events, **kwargs)  # type: ignore[misc]
        finally:
            self._writing.links = None
        if self._writing.wrote_extra:
            self._writing.extra = None
        with self._latest_lock:
            self._latest.update(written)
            if self._writing.head is not None:
                self._head = self._writing.head
        if self._writing.inline_reached is not None and self.inline is not None:
            self.inline.committed(self._writing.inline_reached)
        return positions

    def _write_extra(self, curs: Any, positions: Sequence[int] | None, stored_events: Sequence[StoredEvent]) -> None:
        """The inline read models, then the write `commits_with` asked for, in the events' transaction (only when
        events were inserted)."""
        if not positions:
            return
        if self.inline is not None:
            self._writing.inline_reached = self.inline.write(self, curs, self.driver_connection(curs), positions, stored_events)
        extra = getattr(self._writing, "extra", None)
        if extra is not None:
            extra(curs, positions, stored_events)
            self._writing.wrote_extra = True

    def driver_connection(self, curs: Any) -> Any:
        """The driver's connection (sqlite3, psycopg) under a cursor of the library's transaction."""
        raise NotImplementedError

    def _append_chain(self, curs: Any, stored: Sequence[tuple[int, StoredEvent]]) -> None:
        """Link each newly stored event to the chain head and to its aggregate's previous link."""
        oids = [hex_of(event.originator_id) for _p, event in stored]
        identities = [(oid, event.originator_version) for oid, (_p, event) in zip(oids, stored, strict=True)]
        prev, last_of = self._links_before(curs, identities, stored[0][0] if stored else 0)
        written = getattr(self._writing, "links", None)
        rows = []
        for oid, (position, event) in zip(oids, stored, strict=True):
            aggregate = last_of.get((oid, event.originator_version - 1), GENESIS)
            prev = make_link(position, oid, event.originator_version, event.topic, event.state, prev, aggregate)
            last_of[(oid, event.originator_version)] = prev.chain_hash
            if written is not None:
                written[oid] = (prev.version, prev.chain_hash)
            rows.append((
                position, self.bind_id(event.originator_id), prev.version, prev.topic, prev.state_hash, prev.prev_chain,
                prev.prev_aggregate, prev.chain_hash, prev.seq, recorded_at(event.state),
            ))
        insert = f"INSERT INTO {self.chain_table} ({LINK_COLUMNS}, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
        curs.executemany(self._sql(insert), rows)
        if written is not None:
            self._writing.head = prev

    def _links_before(self, curs: Any, events: Sequence[tuple[str, int]], first: int) -> tuple[Link | None, dict]:
        """The chain head (before position `first`) and the previous link of each aggregate among these
        (originator, version) pairs: the kept ones from memory, the rest in one query (one round trip)."""
        wanted = {(oid, version - 1) for oid, version in events if version > 1} - set(events)
        with self._latest_lock:
            known, kept_head = self._kept_links(wanted), self._head
        earlier = wanted - known.keys()
        head = kept_head if kept_head is not None and kept_head.position == first - 1 else None
        parts, params = [], []
        if head is None:
            parts.append(f"SELECT {LINK_COLUMNS} FROM (SELECT {LINK_COLUMNS} FROM {self.chain_table} ORDER BY notification_id DESC LIMIT 1) h")
        if earlier:
            columns = ", ".join(f"c.{name.strip()}" for name in LINK_COLUMNS.split(","))
            source, params = self._earlier_links(list(earlier))
            parts.append(f"SELECT {columns} FROM {source}")
        if not parts:
            return head, known
        curs.execute(self._sql(" UNION ALL ".join(parts)), params)
        links = [link_of(row) for row in curs.fetchall()]
        if head is None:
            head = max(links, key=lambda link: link.position, default=None)
        known.update((link.identity, link.chain_hash) for link in links)
        return head, known

    def _kept_links(self, wanted: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The kept links among `wanted` (the caller holds the lock)."""
        kept = {oid: self._latest.get(oid) for oid, _version in wanted}
        return {(oid, version): kept[oid][1] for oid, version in wanted if kept[oid] and kept[oid][0] == version}

    def _earlier_links(self, earlier: list[tuple[str, int]]) -> tuple[str, list[Any]]:
        """The links (aliased `c`) of the events with these (originator id, version) pairs: the FROM clause
        and its parameters. The pairs as a VALUES list: an index lookup each (a list of ORs plans slower)."""
        pairs = ", ".join(["(?, ?)"] * len(earlier))
        source = (
            f"(VALUES {pairs}) k JOIN {self.events_table} e ON e.originator_id = k.column1 AND e.originator_version = "
            f"k.column2 JOIN {self.chain_table} c ON c.notification_id = e.{self.id_column}"
        )
        return source, [value for oid, version in earlier for value in (self.bind_id(oid), version)]

    def create_table(self) -> None:
        super().create_table()  # type: ignore[misc]
        with self.datastore.transaction(commit=True) as curs:
            self._adopt(curs)

    def _adopt(self, curs: Any) -> None:
        """When the ledger is first enabled on a store with history, chain that history as found.

        Runs in its own transaction after the tables exist, so that processes starting together do
        not deadlock (the table lock is only taken when there is history to adopt)."""
        if self._found(curs, self.chain_table) or not self._found(curs, self.events_table):
            return
        self._lock_events(curs)
        if self._found(curs, self.chain_table):
            return  # another process adopted it first
        after = 0
        while page := self._event_page(curs, after, None):
            self._append_chain(curs, [(row.position, stored_event(row)) for row in page])
            after = page[-1].position

    @staticmethod
    def _found(curs: Any, table: str) -> bool:
        curs.execute(f"SELECT 1 AS found FROM {table} LIMIT 1")
        return curs.fetchone() is not None

    def import_rows(self, rows: Sequence[StoredRow]) -> None:
        """Store exported events under their original positions, linking them as they were linked."""
        with self.datastore.transaction(commit=True) as curs:
            self._lock_events(curs)
            curs.executemany(self._sql(
                f"INSERT INTO {self.events_table} ({self.id_column}, originator_id, originator_version, topic, state) "
                "VALUES (?,?,?,?,?)"
            ), [(r.position, self.bind_id(r.originator_id), r.version, r.topic, r.state) for r in rows])
            self._append_chain(curs, [(r.position, stored_event(r)) for r in rows])
            self._after_import(curs)

    def _lock_events(self, curs: Any) -> None:
        """Keep other writers out while positions are chosen by hand (SQLite's write lock already does)."""

    def _after_import(self, curs: Any) -> None:
        """Let the store number later events after the imported ones."""


def stored_event(row: StoredRow) -> StoredEvent:
    return StoredEvent(originator_id=UUID(row.originator_id), originator_version=row.version, topic=row.topic, state=row.state)


def ledger_index(recorder: object) -> LedgerStore | None:
    """The recorder as the domain's ledger port, when the store keeps a ledger."""
    return recorder if isinstance(recorder, LedgerStore) else None
