"""Tamper trials on an export file: offline verification against the published digest names the
first broken position and the kind of damage."""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.ledger.chain import GENESIS, link_hash
from adapters.ledger.transfer import export_ledger, verify_export
from tests.conftest import MutableClock
from tests.integration.ledger_store import fill, open_store

TRIALS = 20


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[list[str], str]:
    """The lines of a SQLite store's export and its published digest."""
    folder = tmp_path_factory.mktemp("export")
    clock = MutableClock(datetime(2025, 1, 2, 2, 0, tzinfo=timezone.utc))
    container = open_store(f"sqlite:///{folder / 'source.sqlite'}", folder, clock)
    fill(container, clock)
    path = folder / "ledger.jsonl"
    with path.open("w", encoding="utf-8") as out:
        digest = export_ledger(container.app.recorder, out).head.chain_hash
    container.close()
    return path.read_text(encoding="utf-8").splitlines(), digest


def change_state(events: list[dict], rng: random.Random) -> int:
    line = events[rng.randrange(len(events))]
    text = line["state"]
    at = rng.randrange(len(text))
    line["state"] = text[:at] + ("x" if text[at] != "x" else "y") + text[at + 1:]
    return line["notification_id"]


def delete_line(events: list[dict], rng: random.Random) -> int:
    return events.pop(rng.randrange(len(events) - 1))["notification_id"]


def insert_line(events: list[dict], rng: random.Random) -> int:
    """A careful forgery: linked to the line before it, later lines renumbered."""
    index = rng.randrange(len(events) + 1)
    position = events[index]["notification_id"] if index < len(events) else events[-1]["notification_id"] + 1
    forged = {**events[rng.randrange(len(events))], "notification_id": position, "originator_id": str(uuid4()), "version": 1}
    forged["prev_chain_hash"] = events[index - 1]["chain_hash"] if index else GENESIS
    forged["prev_aggregate_hash"] = GENESIS
    forged["chain_hash"] = link_hash(
        forged["prev_chain_hash"], GENESIS, forged["originator_id"].replace("-", ""), 1, forged["topic"], forged["state_hash"],
    )
    for line in events[index:]:
        line["notification_id"] += 1
    events.insert(index, forged)
    return position


def swap_lines(events: list[dict], rng: random.Random) -> int:
    """Two neighbours exchange places; the positions stay in ascending order."""
    index = rng.randrange(len(events) - 1)
    first, second = events[index], events[index + 1]
    events[index] = {**second, "notification_id": first["notification_id"]}
    events[index + 1] = {**first, "notification_id": second["notification_id"]}
    return first["notification_id"]


def cut_tail(events: list[dict], rng: random.Random) -> int:
    """Cut the tail and write a fresh closing line for what is left, so the file is consistent in itself."""
    index = rng.randrange(1, len(events))
    position = events[index]["notification_id"]
    del events[index:]
    return position


TAMPERINGS = {
    "changed": change_state, "deleted": delete_line, "inserted": insert_line, "swapped": swap_lines, "truncated": cut_tail,
}


def write(path: Path, header: str, events: list[dict], kind: str) -> None:
    closing = {"digest": events[-1]["chain_hash"], "notification_id": events[-1]["notification_id"], "count": len(events)}
    if kind == "inserted":
        closing["notification_id"] -= 1  # the attacker leaves the sealed closing line as it was
    lines = [header, *(json.dumps(e, ensure_ascii=False) for e in events), json.dumps(closing)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_untouched_export_verifies_against_its_published_digest(exported, tmp_path):
    lines, digest = exported
    path = tmp_path / "copy.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = verify_export(path, digest)

    assert report.ok and report.digest_position == report.head.position == len(lines) - 2


@pytest.mark.parametrize("kind", sorted(TAMPERINGS))
def test_each_kind_of_tampering_with_an_export_is_named_at_the_right_position(exported, tmp_path, kind):
    lines, digest = exported
    rng = random.Random(f"export-{kind}")
    misses = []

    for trial in range(TRIALS):
        events = [json.loads(line) for line in lines[1:-1]]
        position = TAMPERINGS[kind](events, rng)
        path = tmp_path / f"{kind}-{trial}.jsonl"
        write(path, lines[0], events, kind)
        finding = verify_export(path, digest).finding
        if finding is None or (finding.kind, finding.position) != (kind, position):
            misses.append({"expected": (kind, position), "found": finding})

    assert misses == []
