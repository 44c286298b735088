"""The thidua application: one event-sourced ledger, one method per command (see domain.services).

Campaigns are snapshotted every few events, so that a long history loads as fast as a short one. A
snapshot is a cache beside the ledger: it is not a ledger fact (no hash-chain link, no notification),
it is taken after the events are committed, and `verify_ledger` checks each one against a replay.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, ProcessingEvent, Recording, Repository, project_aggregate
from eventsourcing.domain import BaseAggregate, CanMutateAggregate
from eventsourcing.persistence import StoredEvent

from domain.accounts_security import AccountSecurityService
from domain.campaign import Campaign
from domain.imports_service import ImportService
from domain.seal import Verification
from domain.services.audit import AuditService, LedgerIndex
from domain.services.base import own_copy
from domain.services.bonus import BonusService
from domain.services.campaigns import CampaignService
from domain.services.council import CouncilService
from domain.services.decisions import DecisionService
from domain.services.nominations import NominationService
from domain.services.organisation import OrganisationService
from domain.services.webhooks import WebhookService

log = logging.getLogger(__name__)


class Collected(ProcessingEvent[UUID]):
    """The library's collection of the events to save, told apart by class instead of by its runtime
    `Protocol` checks (two per object, ~15 µs each on Python 3.11; 9 % of a bulk load): thidua saves
    its own aggregates, or their events when a ledger is copied. Anything else takes the library's checks."""

    def collect_events(self, *objs: Any, **kwargs: Any) -> None:
        for obj in objs:
            if isinstance(obj, BaseAggregate):
                self.events.extend(obj.collect_events())
                self.aggregates[obj.id] = obj
            elif isinstance(obj, CanMutateAggregate):
                self.events.append(obj)
            elif obj is not None:
                super().collect_events(obj)
        self.saved_kwargs.update(kwargs)


LedgerEnd = Callable[[], "int | None"]  # the ledger's last position, cheaply (adapters.ledger.freshness); None: unknown
CHANGES_READ = 500  # notifications per query when finding which cached aggregates another process changed
CHANGES_KEPT = 5_000  # more changes than this since the last look: the cache is dropped instead


class CurrentRepository(Repository[UUID]):
    """The library's repository, fast-forwarding a cached aggregate only when the ledger may have moved past it.

    Every cached aggregate is current up to the ledger position `known`. A get first asks `ledger_end` (no
    query unless another connection committed); when the ledger's end has moved past `known`, the
    notifications in between are read once, for every aggregate (not a query per aggregate), and those they
    name are fast-forwarded at their next get. This process's commits move `known` along when nothing else
    was recorded before them, and leave the saved aggregates in the cache. Without `ledger_end` (or while it
    answers None) every get fast-forwards, the library's way.

    An id found to have no event is answered "not found" without a query until an event of it is seen.
    A load asks for a snapshot only for an aggregate that may have one: those with a snapshot when this
    process first looked (`list_snapshotted`) and those it snapshotted since. Another process's newer
    snapshot is not used here: the aggregate is replayed from its events, to the same state.

    A copy to change (`deepcopy_from_cache`) is `own_copy` of the cached instance; an aggregate not cached yet
    is loaded for that caller alone and left out of the cache (nothing to copy: its save caches it).
    """

    ledger_end: LedgerEnd | None = None
    list_snapshotted: Callable[[], "Sequence[UUID] | None"] = staticmethod(lambda: None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self._known: int | None = None
        self._stale: set[UUID] = set()
        self._snapshotted: set[UUID] | None = None
        self._absent: set[UUID] = set()  # ids found to have no event (e.g. a calendar nobody declared yet)
        self._moves = 0  # counts the times events were seen recorded (here or elsewhere)
        self._looks = threading.local()  # a command's one look at the ledger's end (`one_look`)

    def get(self, aggregate_id: UUID, *, version: int | None = None, deepcopy_from_cache: bool = True, **kwargs: Any) -> Any:
        copy = version is None and self.cache is not None and deepcopy_from_cache and self.deepcopy_from_cache
        private = False  # loaded for the caller alone: a copy to change, not cached (its save caches it)
        if version is None and self.cache is not None and self._current(aggregate_id):
            if aggregate_id in self._absent:
                raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} not found.")
            try:
                aggregate = self.cache.get(aggregate_id)
            except KeyError:
                private = copy
            else:
                return own_copy(aggregate) if copy else aggregate
        moves = self._moves  # what this load read may be older than what is seen meanwhile
        try:
            if private:
                aggregate = self._reconstruct_aggregate(aggregate_id, None, kwargs.get("projector_func", project_aggregate))
            else:
                aggregate = super().get(aggregate_id, version=version, deepcopy_from_cache=False, **kwargs)
        except AggregateNotFoundError:
            if version is None and self._known is not None:
                with self._lock:
                    if len(self._absent) > CHANGES_KEPT:
                        self._absent.clear()
                    if self._moves == moves:
                        self._absent.add(aggregate_id)  # until an event of it is seen (`_mark`)
            raise
        if version is None:
            with self._lock:
                if self._moves == moves:
                    self._stale.discard(aggregate_id)
                else:  # events were seen while it was read: it may lack one, read it again next time
                    self._stale.add(aggregate_id)
        return own_copy(aggregate) if copy and not private else aggregate

    def recorded(self, recordings: Sequence[Recording[UUID]], aggregates: dict[UUID, Any]) -> None:
        """This process committed these events of these aggregates: they are current in the cache."""
        if self.cache is None or self.ledger_end is None or not recordings:
            return
        with self._lock:
            self._moves += 1
            self._mark({r.domain_event.originator_id for r in recordings} - aggregates.keys())  # events saved alone
            for aggregate_id, aggregate in aggregates.items():
                self.cache.put(aggregate_id, aggregate)
                self._stale.discard(aggregate_id)
                self._absent.discard(aggregate_id)
            if self._known is not None and recordings[0].notification.id == self._known + 1:
                self._known = recordings[-1].notification.id

    def snapshot_taken(self, aggregate_id: UUID) -> None:
        with self._lock:
            if self._snapshotted is not None:
                self._snapshotted.add(aggregate_id)

    def _reconstruct_aggregate(self, aggregate_id: UUID, version: int | None, projector_func: Any) -> Any:
        """The library's load, without its snapshot query for an aggregate that has none."""
        if self.snapshot_store is None or self._may_have_snapshot(aggregate_id):
            return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
        aggregate = projector_func(None, self.event_store.get(originator_id=aggregate_id, lte=version))
        if aggregate is None:
            raise AggregateNotFoundError(f"Aggregate {aggregate_id!r} version {version!r} not found.")
        return aggregate

    def _may_have_snapshot(self, aggregate_id: UUID) -> bool:
        with self._lock:
            if self._snapshotted is None:
                found = self.list_snapshotted()
                if found is None:
                    return True
                self._snapshotted = set(found)
            return aggregate_id in self._snapshotted

    @contextmanager
    def one_look(self) -> Iterator[None]:
        """Within it (a command, in this thread), the ledger's end is asked once, at the first get: the command's
        loads see the ledger as of then (a change recorded meanwhile conflicts with its save, as any does)."""
        if getattr(self._looks, "open", False):
            yield
            return
        self._looks.open, self._looks.end = True, None
        try:
            yield
        finally:
            self._looks.open = False

    def _ledger_end(self) -> int | None:
        if self.ledger_end is None:
            return None
        looks = self._looks
        if not getattr(looks, "open", False):
            return self.ledger_end()
        if looks.end is None:
            looks.end = self.ledger_end()
        return looks.end

    def _current(self, aggregate_id: UUID) -> bool:
        """Whether the cached copy (if any) has every event of the aggregate the ledger holds (as far as seen)."""
        end = self._ledger_end()
        if end is None:
            return False
        with self._lock:
            if self._known is None:
                self._known = end  # the first look: the cache holds nothing older
            elif end > self._known:
                self._moves += 1
                self._mark_changed(self._known, end)
                self._known = end
            return aggregate_id not in self._stale

    def _mark_changed(self, after: int, end: int) -> None:
        """Mark the cached aggregates with events after position `after` (up to `end`): one query per page."""
        recorder = self.event_store.recorder
        changed: set[UUID] = set()
        while after < end:
            page = recorder.select_notifications(after, CHANGES_READ, stop=end, inclusive_of_start=False)
            if not page:
                break
            changed.update(UUID(str(n.originator_id)) for n in page)
            after = page[-1].id
            if len(changed) > CHANGES_KEPT:
                self.cache.clear()  # type: ignore[union-attr]
                self._stale.clear()
                self._absent.clear()
                return
        self._mark(changed)

    def _mark(self, changed: set[UUID]) -> None:
        """These aggregates have events the cache may not have: fast-forward them at their next get."""
        self._absent -= changed
        for aggregate_id in changed:
            try:
                self.cache.get(aggregate_id)  # type: ignore[union-attr]
            except KeyError:
                continue  # not cached: its next get loads it whole
            self._stale.add(aggregate_id)


class SnapshotIndex(LedgerIndex, Protocol):
    """The ledger port, and which aggregates have a stored snapshot."""

    def snapshotted(self) -> Sequence[UUID]: ...


class Thidua(
    ImportService, OrganisationService, CampaignService, NominationService, CouncilService, DecisionService, BonusService, AuditService,
    AccountSecurityService, WebhookService,
):
    """Campaigns from launch to signed award decision, recorded as immutable events."""

    name = "Thidua"
    env = {"AGGREGATE_CACHE_MAXSIZE": "5000"}  # an LRU of aggregates, fast-forwarded on every get
    snapshotting_intervals = {Campaign: 3}  # a load replays at most 2 events after the last snapshot
    ledger: SnapshotIndex | None = None
    repository: CurrentRepository

    def construct_repository(self) -> CurrentRepository:
        """The library's repository, built the library's way, as a `CurrentRepository` (its `ledger_end` is set
        by the composition root)."""
        library = super().construct_repository()
        repository = CurrentRepository(
            event_store=library.event_store, snapshot_store=library.snapshot_store, fastforward=library.fastforward,
            fastforward_skipping=library.fastforward_skipping, deepcopy_from_cache=library.deepcopy_from_cache,
        )
        repository.cache = library.cache
        repository.list_snapshotted = lambda: self.ledger.snapshotted() if self.ledger is not None else None
        return repository

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """The library's `save`, collecting with `Collected` (and without its deprecated `notify` hook, which
        nothing here overrides); the saved aggregates stay current in the cache."""
        processing_event = Collected()
        processing_event.collect_events(*objs, **kwargs)
        recordings = self._record(processing_event)
        self.repository.recorded(recordings, processing_event.aggregates)
        self._take_snapshots(processing_event)
        self._notify(recordings)
        return recordings

    def take_snapshot(self, aggregate_id: UUID, version: int | None = None, projector_func: Any = project_aggregate) -> None:
        """The library's snapshot, remembered by the repository (its loads ask for snapshots of such aggregates only)."""
        super().take_snapshot(aggregate_id, version, projector_func)
        self.repository.snapshot_taken(aggregate_id)

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """The events are committed before snapshots are taken: a snapshot that cannot be stored must
        not turn a recorded command into an error (it would be reported as failed, or run again)."""
        try:
            super()._take_snapshots(processing_event)
        except Exception:  # noqa: BLE001 - logged; loads replay the events instead
            log.exception("snapshot not taken; the aggregate is loaded from its events until the next one")

    def verify_ledger(self, digest: str | None = None) -> Verification:
        """The hash chain, then every stored snapshot against its aggregate replayed from the events: the
        chain does not cover snapshots, and a changed one would change what every later load sees."""
        verification = super().verify_ledger(digest)
        if not verification.ok:
            return verification
        for aggregate_id in self._ledger().snapshotted():
            version = self._first_false_snapshot(aggregate_id)
            if version is not None:
                return replace(
                    verification, ok=False, kind="snapshot", position=self._ledger().position_of(aggregate_id, version),
                    message=(f"Ảnh chụp trạng thái (snapshot) của mục «{aggregate_id}» ở phiên bản {version} khác với "
                             "trạng thái dựng lại từ các sự kiện: nó đã bị sửa hoặc giả mạo."),
                )
        return verification

    def _first_false_snapshot(self, aggregate_id: UUID) -> int | None:
        """The version of the aggregate's first snapshot that differs from its replayed state (one replay in all)."""
        stored = self.snapshots.recorder.select_events(aggregate_id)  # type: ignore[union-attr]
        events = iter(self.events.get(aggregate_id, lte=stored[-1].originator_version) if stored else ())
        replayed: Any = None
        following = next(events, None)
        for snapshot in stored:
            while following is not None and following.originator_version <= snapshot.originator_version:
                replayed = following.mutate(replayed)
                following = next(events, None)
            if not self._restores(snapshot, replayed):
                return snapshot.originator_version
        return None

    def _restores(self, snapshot: StoredEvent, replayed: Any) -> bool:
        """Whether a stored snapshot decodes to exactly the replayed aggregate (same class, same attributes)."""
        try:
            restored = self.mapper.to_domain_event(snapshot).mutate(None)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a snapshot that cannot be read back restores nothing
            return False
        return type(restored) is type(replayed) and vars(restored) == vars(replayed)
