"""Export and import: the whole ledger as JSON Lines, verifiable offline against a published digest.

Line 1 names the format; then one line per stored event (position, identity, topic, the exact
state bytes as UTF-8 text or base64, and its link); the last line is the digest of the chain.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO
from uuid import UUID

from adapters.ledger.chain import Link
from adapters.ledger.store import LedgerStore
from adapters.ledger.verify import Entry, Finding, Report, StoredRow, merge, verify_entries, verify_store

FORMAT = "thidua-ledger/1"
BATCH = 500


class LedgerTransferError(Exception):
    """Raised when an export cannot be imported (broken, unsealed, or the store is not empty)."""


def export_ledger(store: LedgerStore, out: TextIO) -> Report:
    """Write every event with its link, verifying as it goes; the digest line only follows a clean walk."""
    events_end, links_end = store.ledger_end()
    stop = max(events_end, links_end)
    out.write(json.dumps({"format": FORMAT}) + "\n")

    def written(entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            if entry.event is not None and entry.link is not None:
                out.write(json.dumps(line_of(entry.event, entry.link), ensure_ascii=False) + "\n")
            yield entry

    report = verify_entries(written(merge(store.iter_events(stop), store.iter_links(stop))), store, events_end)
    if report.ok and report.head is not None:
        head = report.head
        out.write(json.dumps({"digest": head.chain_hash, "notification_id": head.position, "count": head.seq}) + "\n")
    return report


def line_of(event: StoredRow, link: Link) -> dict:
    try:
        state = {"state": event.state.decode("utf-8")}
    except UnicodeDecodeError:
        state = {"state_b64": base64.b64encode(event.state).decode()}
    return {
        "notification_id": event.position, "originator_id": str(UUID(event.originator_id)), "version": event.version,
        "topic": event.topic, **state, "state_hash": link.state_hash, "prev_chain_hash": link.prev_chain,
        "prev_aggregate_hash": link.prev_aggregate, "chain_hash": link.chain_hash,
    }


def verify_export(path: Path, digest: str | None = None) -> Report:
    """Check an export offline: every line, its closing digest line, and a digest published elsewhere."""
    closing: dict = {}
    report = verify_entries(_entries(path, closing), digest=digest)
    if report.ok:
        report.finding = _check_closing(report, closing)
    return report


def _check_closing(report: Report, closing: dict) -> Finding | None:
    """The closing line must name the last line's position and hash: no line cut off, none added."""
    head = report.head
    end = head.position if head else 0
    if not closing or closing["notification_id"] > end:
        return Finding(end + 1, "truncated", f"Tệp xuất bị cắt bỏ phần sau sự kiện #{end}.")
    if closing["notification_id"] < end:
        position = closing["notification_id"] + 1
        return Finding(position, "inserted", f"Sự kiện #{position} bị chèn vào sau vị trí được niêm phong.")
    if closing["digest"] != head.chain_hash:  # type: ignore[union-attr]
        return Finding(end, "changed", "Dòng mã tổng kết không khớp với chuỗi băm của tệp xuất.")
    return None


def _entries(path: Path, closing: dict) -> Iterator[Entry]:
    """Each event line as an entry (event and link together); the closing line is put in `closing`."""
    with path.open(encoding="utf-8") as lines:
        header = json.loads(next(lines, "{}"))
        if header.get("format") != FORMAT:
            raise LedgerTransferError(f"Không phải tệp xuất sổ cái thidua ({FORMAT}).")
        for seq, text in enumerate(lines, start=1):
            data = json.loads(text)
            if "digest" in data:
                closing.update(data)
                return
            event, link = _parse(data, seq)
            yield Entry(event.position, event, link)


def _parse(data: dict, seq: int) -> tuple[StoredRow, Link]:
    state = data["state"].encode("utf-8") if "state" in data else base64.b64decode(data["state_b64"])
    oid = UUID(data["originator_id"]).hex
    event = StoredRow(data["notification_id"], oid, data["version"], data["topic"], state)
    link = Link(
        event.position, oid, event.version, event.topic, data["state_hash"], data["prev_chain_hash"],
        data["prev_aggregate_hash"], data["chain_hash"], seq,
    )
    return event, link


def import_ledger(store: LedgerStore, path: Path) -> Report:
    """Load a verified export into an empty store, keeping positions; the store must end on the same digest."""
    if store.ledger_end() != (0, 0) or store.snapshotted():  # a snapshot left over would stand for no event
        raise LedgerTransferError("Chỉ nhập sổ cái vào một kho dữ liệu trống.")
    checked = verify_export(path)
    if not checked.ok or checked.head is None:
        reason = checked.finding.message if checked.finding else "tệp xuất trống"
        raise LedgerTransferError(f"Tệp xuất không hợp lệ: {reason}")
    batch: list[StoredRow] = []
    for entry in _entries(path, {}):
        batch.append(entry.event)  # type: ignore[arg-type]
        if len(batch) >= BATCH:
            store.import_rows(batch)
            batch = []
    if batch:
        store.import_rows(batch)
    return verify_store(store, checked.head.chain_hash)
