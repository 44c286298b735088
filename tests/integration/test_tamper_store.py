"""Tamper trials on real stores: an attacker with SQL access edits the events table; `verify` must
fail and name the first broken position and the kind of damage, every time."""

from __future__ import annotations

import random
import threading

import pytest

from adapters.config import load_settings
from adapters.event_store import event_store_env
from domain import commands as c
from domain.application import Thidua
from domain.values import Actor
from tests.builders import build_world
from tests.integration.ledger_store import (  # noqa: F401 - fixtures
    RawStore, filled_url, open_store, raw, store, template, world,
)

TRIALS = 20


def change_byte(raw: RawStore, rows: list[tuple], rng: random.Random) -> tuple[int, int | None]:
    position, *_, state = rows[rng.randrange(len(rows))]
    at = rng.randrange(len(state))
    changed = bytes(state[:at]) + bytes([state[at] ^ rng.randrange(1, 256)]) + bytes(state[at + 1:])
    raw.execute(f"UPDATE {raw.table} SET state = ? WHERE {raw.id} = ?", changed, position)
    return position, None


def delete_event(raw: RawStore, rows: list[tuple], rng: random.Random) -> tuple[int, int | None]:
    position = rows[rng.randrange(len(rows) - 1)][0]
    raw.execute(f"DELETE FROM {raw.table} WHERE {raw.id} = ?", position)
    return position, None


def insert_event(raw: RawStore, rows: list[tuple], rng: random.Random) -> tuple[int, int | None]:
    """Forge an event and slip it in at a position, renumbering the later ones as a careful attacker would."""
    index = rng.randrange(len(rows) + 1)
    position = rows[index][0] if index < len(rows) else rows[-1][0] + 1
    raw.execute(f"UPDATE {raw.table} SET {raw.id} = -{raw.id} - 1 WHERE {raw.id} >= ?", position)
    raw.execute(f"UPDATE {raw.table} SET {raw.id} = -{raw.id} WHERE {raw.id} < 0")
    _, _, _, topic, state = rows[rng.randrange(len(rows))]
    raw.execute(
        f"INSERT INTO {raw.table} ({raw.id}, originator_id, originator_version, topic, state) VALUES (?,?,?,?,?)",
        position, raw.fresh_id(), 1, topic, state,
    )
    return position, None


def swap_events(raw: RawStore, rows: list[tuple], rng: random.Random) -> tuple[int, int | None]:
    first, second = sorted(rng.sample(range(len(rows)), 2))
    p, q = rows[first][0], rows[second][0]
    for old, new in ((p, -1), (q, p), (-1, q)):
        raw.execute(f"UPDATE {raw.table} SET {raw.id} = ? WHERE {raw.id} = ?", new, old)
    return p, q


def truncate_tail(raw: RawStore, rows: list[tuple], rng: random.Random) -> tuple[int, int | None]:
    position = rows[rng.randrange(len(rows))][0]
    raw.execute(f"DELETE FROM {raw.table} WHERE {raw.id} >= ?", position)
    return position, None


TAMPERINGS = {
    "changed": change_byte, "deleted": delete_event, "inserted": insert_event, "swapped": swap_events,
    "truncated": truncate_tail,
}


def test_an_untouched_store_verifies_clean(store, world):
    result = store.app.verify_ledger()

    assert result.ok and result.checked == store.app.recorder.max_notification_id()


@pytest.mark.parametrize("kind", sorted(TAMPERINGS))
def test_each_kind_of_tampering_is_named_at_the_right_position(store, world, raw, kind):
    original = raw.rows()
    rng = random.Random(f"tamper-{kind}")
    misses = []

    for _trial in range(TRIALS):
        position, other = TAMPERINGS[kind](raw, original, rng)
        result = store.app.verify_ledger()
        if (result.ok, result.kind, result.position, result.other if other else None) != (False, kind, position, other):
            misses.append({"expected": (kind, position, other), "found": (result.kind, result.position, result.other)})
        raw.restore(original)

    assert misses == []
    assert store.app.verify_ledger().ok


def test_an_attacker_who_also_edits_the_chain_record_is_still_caught(store, world, raw):
    position, *_, state = raw.rows()[40]
    raw.execute(f"UPDATE {raw.table} SET state = ? WHERE {raw.id} = ?", bytes(state) + b" ", position)
    raw.execute("UPDATE ledger_chain SET state_hash = ? WHERE notification_id = ?", "0" * 64, position)

    result = store.app.verify_ledger()

    assert (result.ok, result.kind, result.position) == (False, "changed", position)


def test_cutting_the_tail_of_events_and_chain_alike_is_caught_by_a_published_digest(store, world, raw):
    published = store.app.verify_ledger().head
    cut = published.position - 5
    raw.execute(f"DELETE FROM {raw.table} WHERE {raw.id} > ?", cut)
    raw.execute("DELETE FROM ledger_chain WHERE notification_id > ?", cut)

    result = store.app.verify_ledger(published.chain_hash)

    assert (result.ok, result.kind, result.position) == (False, "truncated", cut + 1)


def test_concurrent_writers_extend_one_chain_without_forks(store, world):
    app = store.app

    def rate(person):
        for year in range(2000, 2010):
            app.record_rating(Actor.system(), c.RecordRating(person, year, "HTTNV"))

    writers = [threading.Thread(target=rate, args=(person,)) for person in world.staff]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    result = app.verify_ledger()
    assert result.ok and result.checked == app.recorder.max_notification_id()


def test_a_store_written_before_the_ledger_was_enabled_is_chained_as_found(database_url, tmp_path, clock):
    plain = {k: v for k, v in event_store_env(load_settings({}, database_url=database_url, instance_path=tmp_path)).items()
             if k != "APPLICATION_RECORDER_TOPIC"}
    before = Thidua(env=plain, clock=clock)
    build_world(before, staff=1, members=1)
    written = before.recorder.max_notification_id()
    before.close()

    container = open_store(database_url, tmp_path, clock)
    result = container.app.verify_ledger()
    container.close()

    assert result.ok and result.checked == written
