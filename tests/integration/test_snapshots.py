"""Campaign snapshots on real stores: written every three events beside the ledger (never in its chain or
its feed), used by loads, kept by backups, left out of exports, and checked by `verify` against a replay:
an attacker with SQL access who edits or forges a snapshot is named."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Snapshot
from eventsourcing.utils import get_topic

from adapters.backup import backup, restore
from adapters.config import load_settings
from adapters.ledger.reading import hex_of
from adapters.ledger.transfer import LedgerTransferError, export_ledger, import_ledger
from domain import commands as c
from tests.conftest import empty_store_like
from tests.integration.ledger_store import (  # noqa: F401 - fixtures
    RawStore, filled_url, open_store, raw, store, template, world,
)

FORGED = "Chủ đề giả mạo"


@pytest.fixture
def empty_url(filled_url, tmp_path):
    """A second store of the same kind, not created yet."""
    yield from empty_store_like(filled_url, tmp_path / "other")


def snapshots_table(raw: RawStore) -> str:
    return "stored_snapshots" if raw.id == "rowid" else "thidua_snapshots"


def snapshot_rows(raw: RawStore) -> list[tuple]:
    return raw.execute(f"SELECT originator_id, originator_version, topic, state FROM {snapshots_table(raw)} "
                       "ORDER BY originator_id, originator_version")


def insert_snapshot(raw: RawStore, originator_id: UUID, version: int, topic: str, state: Any) -> None:
    raw.execute(f"INSERT INTO {snapshots_table(raw)} (originator_id, originator_version, topic, state) VALUES (?,?,?,?)",
                originator_id.hex if raw.id == "rowid" else originator_id, version, topic, state)


def with_theme(state: Any, theme: str) -> bytes:
    snapshot = json.loads(bytes(state))
    snapshot["state"]["theme"] = theme
    return json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")).encode()


def amend(store, world, times: int) -> None:
    for k in range(times):
        store.app.amend_target(world.as_secretary, c.AmendTarget(world.campaign, "dvc-online", 81 + k, "Điều chỉnh"))


def test_a_campaign_is_snapshotted_every_three_events_outside_the_chain_and_the_feed(store, world, raw):
    amend(store, world, 4)  # the launched campaign had 5 events: now 9

    rows = snapshot_rows(raw)
    notifications = store.app.recorder.select_notifications(1, 10**6)
    result = store.app.verify_ledger()

    assert [(hex_of(oid), version) for oid, version, _topic, _state in rows] == [
        (world.campaign.hex, 3), (world.campaign.hex, 6), (world.campaign.hex, 9),
    ]
    assert all(n.topic != get_topic(Snapshot) for n in notifications)
    assert result.ok, result
    assert result.checked == len(notifications) == store.app.recorder.max_notification_id()


def test_a_load_starts_from_the_snapshot_and_verify_names_a_changed_one(store, world, raw, filled_url, tmp_path, clock):
    oid, version, _topic, state = snapshot_rows(raw)[0]
    raw.execute(f"UPDATE {snapshots_table(raw)} SET state = ? WHERE originator_id = ? AND originator_version = ?",
                with_theme(state, FORGED), oid, version)

    cold = open_store(filled_url, tmp_path / "cold", clock)
    try:
        loaded = cold.app.repository.get(world.campaign)
        result = cold.app.verify_ledger()
    finally:
        cold.close()

    assert loaded.theme == FORGED  # what the snapshot says, not the events
    assert (result.ok, result.kind) == (False, "snapshot")
    assert result.position == store.app.ledger.position_of(world.campaign, version)
    assert str(world.campaign) in result.message


def test_a_snapshot_forged_for_another_item_is_named(store, world, raw):
    _oid, _version, topic, state = snapshot_rows(raw)[0]
    insert_snapshot(raw, world.division, 1, topic, state)  # the campaign's state, for a unit

    result = store.app.verify_ledger()

    assert (result.ok, result.kind) == (False, "snapshot")
    assert result.position == store.app.ledger.position_of(world.division, 1)


def test_a_restored_backup_keeps_the_snapshots_and_verifies_clean(store, raw, empty_url, tmp_path):
    target = load_settings({}, database_url=empty_url, instance_path=tmp_path / "other", environment="test")

    restore(target, backup(store.settings, tmp_path / "thidua.backup"))

    restored = open_store(empty_url, tmp_path / "other", store.app.clock)
    restored_raw = RawStore(restored)
    try:
        assert snapshot_rows(restored_raw) == snapshot_rows(raw) != []
        assert restored.app.verify_ledger().ok
    finally:
        restored_raw.close()
        restored.close()


def test_an_export_leaves_snapshots_out_and_is_imported_only_into_a_store_without_any(store, raw, empty_url, tmp_path):
    export = tmp_path / "ledger.jsonl"
    with export.open("w", encoding="utf-8") as out:
        export_ledger(store.app.recorder, out)
    other = open_store(empty_url, tmp_path / "other", store.app.clock)
    other_raw = RawStore(other)
    try:
        _oid, _version, topic, state = snapshot_rows(raw)[0]
        insert_snapshot(other_raw, uuid4(), 1, topic, state)
        with pytest.raises(LedgerTransferError):
            import_ledger(other.app.recorder, export)
        other_raw.execute(f"DELETE FROM {snapshots_table(other_raw)}")

        report = import_ledger(other.app.recorder, export)

        assert report.ok and snapshot_rows(other_raw) == []
        assert other.app.verify_ledger().ok
        assert "Snapshot" not in export.read_text(encoding="utf-8")
    finally:
        other_raw.close()
        other.close()
