"""Verification: walk the ledger in position order and name the first broken position.

The same walk checks a live store (events beside their chain links) and an export (each line an
event with its link). What can be wrong: a changed byte, a deleted event, an inserted event, two
events swapped, a truncated tail, or a chain record that was itself altered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain as then, pairwise
from typing import NamedTuple, Protocol

from adapters.ledger.chain import GENESIS, Link, is_consistent, state_hash
from domain.seal import Verification


class StoredRow(NamedTuple):
    """An event as it is stored: position, identity, topic and the exact state bytes."""

    position: int
    originator_id: str  # uuid hex
    version: int
    topic: str
    state: bytes

    @property
    def identity(self) -> tuple[str, int]:
        return self.originator_id, self.version


class Entry(NamedTuple):
    """One position of the ledger: the stored event and its link, either of which may be missing."""

    position: int
    event: StoredRow | None
    link: Link | None


@dataclass(frozen=True)
class Finding:
    """The first broken position, what kind of damage it is (changed, deleted, inserted, swapped,
    reordered, truncated, chain) and a message for people."""

    position: int
    kind: str
    message: str
    other: int | None = None


@dataclass
class Report:
    checked: int = 0
    head: Link | None = None
    finding: Finding | None = None
    digest_position: int | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None

    def outcome(self) -> Verification:
        head = self.head.point() if self.head else None
        found = self.finding
        if found is None:
            return Verification(True, self.checked, head, digest_position=self.digest_position)
        return Verification(
            False, self.checked, head, found.position, found.kind, found.message, found.other, self.digest_position,
        )


class Locator(Protocol):
    """Where an event identity sits in the events table and in the chain (live stores only)."""

    def event_position(self, originator_id: str, version: int) -> int | None: ...

    def link_position(self, originator_id: str, version: int) -> int | None: ...


def merge(events: Iterable[StoredRow], links: Iterable[Link]) -> Iterator[Entry]:
    """Pair events and links by position (both streams ascend)."""
    events, links = iter(events), iter(links)
    event, link = next(events, None), next(links, None)
    while event is not None or link is not None:
        position = min(item.position for item in (event, link) if item is not None)
        entry = Entry(
            position,
            event if event is not None and event.position == position else None,
            link if link is not None and link.position == position else None,
        )
        if entry.event is not None:
            event = next(events, None)
        if entry.link is not None:
            link = next(links, None)
        yield entry


class LedgerReader(Locator, Protocol):
    def ledger_end(self) -> tuple[int, int]: ...

    def iter_events(self, stop: int) -> Iterator[StoredRow]: ...

    def iter_links(self, stop: int) -> Iterator[Link]: ...


def verify_store(store: LedgerReader, digest: str | None = None) -> Report:
    """Check a live store: every event against the link written with it, and the links against each other."""
    events_end, links_end = store.ledger_end()
    stop = max(events_end, links_end)
    return verify_entries(merge(store.iter_events(stop), store.iter_links(stop)), store, events_end, digest)


def verify_entries(
    entries: Iterable[Entry], locator: Locator | None = None, events_end: int | None = None, digest: str | None = None,
) -> Report:
    """Check every link and every event; stop at the first broken position; find a published digest."""
    report = Report()
    last_of: dict[str, str] = {}
    before: Link | None = None  # the link before the head, to recognise a well-forged insertion
    for entry, following in pairwise(then(entries, [None])):
        finding = _check_link(entry, (before, report.head), last_of, following)
        finding = finding or _check_event(entry, locator, events_end)
        if finding is not None:
            report.finding = finding
            return report
        link: Link = entry.link  # type: ignore[assignment]
        report.checked += 1
        before, report.head = report.head, link
        last_of[link.originator_id] = link.chain_hash
        if link.chain_hash == digest:
            report.digest_position = link.position
    if digest and report.digest_position is None:
        report.finding = _unanchored(report.head)
    return report


def _unanchored(head: Link | None) -> Finding:
    after = head.position if head else 0
    return Finding(after + 1, "truncated", (
        f"Mã niêm phong đã công bố không có trong sổ cái (kết thúc ở #{after}): phần cuối đã bị cắt bỏ "
        "hoặc đây không phải sổ cái đã được niêm phong."
    ))


def _check_link(
    entry: Entry, recent: tuple[Link | None, Link | None], last_of: dict[str, str], following: Entry | None,
) -> Finding | None:
    link, last = entry.link, recent[1]
    if link is None:
        return None
    if link.prev_chain != hash_of(last):
        return _broken_order(entry, recent, following)
    if not is_consistent(link):
        return Finding(link.position, "changed", f"Sự kiện #{link.position}: bản ghi chuỗi băm không khớp với nội dung của nó.")
    if link.prev_aggregate != last_of.get(link.originator_id, GENESIS):
        return Finding(link.position, "chain", f"Sự kiện #{link.position}: liên kết với sự kiện trước của cùng hồ sơ bị sai.")
    return None


def _broken_order(entry: Entry, recent: tuple[Link | None, Link | None], following: Entry | None) -> Finding:
    """A link that does not follow the previous one: swapped, inserted or something missing before it."""
    link, position = entry.link, entry.position
    before, last = recent
    after = following.link if following else None
    swapped = after is not None and after.chain_hash == link.prev_chain  # type: ignore[union-attr]
    if swapped and after.prev_chain == hash_of(last):  # type: ignore[union-attr]
        return Finding(position, "swapped", f"Sự kiện #{position} và #{after.position} bị đổi chỗ.", after.position)
    if after is not None and after.prev_chain == hash_of(last):
        return inserted(position)
    if last is not None and link.prev_chain == hash_of(before):  # type: ignore[union-attr]
        return inserted(last.position)
    gap = last.position + 1 if last else 1
    return Finding(gap, "deleted", f"Thiếu sự kiện giữa #{gap - 1} và #{position} (đã bị xóa).")


def hash_of(link: Link | None) -> str:
    return link.chain_hash if link else GENESIS


def inserted(position: int) -> Finding:
    return Finding(position, "inserted", f"Sự kiện #{position} bị chèn vào (không có trong chuỗi băm).")


def _check_event(entry: Entry, locator: Locator | None, events_end: int | None) -> Finding | None:
    event, link, position = entry.event, entry.link, entry.position
    if link is None:
        return inserted(position)
    if event is None:
        if events_end is not None and position > events_end:
            return Finding(position, "truncated", f"Mất phần cuối sổ cái từ sự kiện #{position} (đã bị cắt bỏ).")
        return Finding(position, "deleted", f"Sự kiện #{position} đã bị xóa.")
    if event.identity != link.identity:
        return _misplaced(event, link, locator)
    if event.topic != link.topic or state_hash(event.state) != link.state_hash:
        return Finding(position, "changed", f"Sự kiện #{position}: nội dung đã bị thay đổi so với lúc ghi.")
    return None


def _misplaced(event: StoredRow, link: Link, locator: Locator | None) -> Finding:
    """The event at this position is not the one the chain recorded here: find out why."""
    position = link.position
    recorded = locator.link_position(*event.identity) if locator else None
    if recorded is None:
        return inserted(position)
    moved_to = locator.event_position(*link.identity) if locator else None
    if moved_to is None:
        return Finding(position, "deleted", f"Sự kiện #{position} đã bị xóa (các sự kiện sau bị đánh số lại).")
    if moved_to == recorded:
        return Finding(position, "swapped", f"Sự kiện #{position} và #{recorded} bị đổi chỗ.", recorded)
    return Finding(position, "reordered", f"Sự kiện #{position} bị dời chỗ (chuỗi băm ghi nó ở #{recorded}).", recorded)
