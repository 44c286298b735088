"""A web worker's write path in a loop, killed at random moments (test_crash_safety) or backed up while it
writes (test_backup_restore), and the check that its commands reached the ledger whole.

Every command saves several aggregates at once: `transfer_person` (the person, the old and the new unit)
or `register_person` (the person and the unit). After each one the loop prints the ledger position the
command reached, so a killer knows what was committed.

    python -m tests.reliability.command_loop DATABASE_URL INSTANCE_PATH WORLD_JSON SEED
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from uuid import UUID, uuid4

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from domain import commands as c
from domain.values import Actor

SYSTEM = Actor.system()
ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {"Person.Transferred": ("Unit.MemberLeft", "Unit.MemberJoined"), "Person.Registered": ("Unit.MemberJoined",)}


def step(app, rng: random.Random, units: list[UUID], people: list[UUID]) -> int:
    """One multi-aggregate command; returns the ledger position it reached."""
    if rng.random() < 0.75:
        person = rng.choice(people)
        current = app.repository.get(person).unit_id
        target = next(u for u in units if u != current)
        return app.transfer_person(SYSTEM, c.TransferPerson(person, target, "Chuyên viên", "Điều động công tác"))
    key = uuid4().hex
    app.register_person(SYSTEM, c.RegisterPerson(key, f"Cán bộ {key[:6]}", "f", rng.choice(units), "Chuyên viên"))
    return app.recorder.max_notification_id()


def main(database_url: str, instance_path: str, world_json: str, seed: str) -> None:
    world = json.loads(Path(world_json).read_text())
    units, people = [UUID(u) for u in world["units"]], [UUID(p) for p in world["people"]]
    settings = load_settings({}, database_url=database_url, instance_path=instance_path, environment="test")
    container = bootstrap(settings)
    rng = random.Random(int(seed))
    print("ready", flush=True)
    while True:
        print(step(container.app, rng, units, people), flush=True)


def start_loop(settings, world_json: Path, seed: int) -> subprocess.Popen:
    """Start the loop on the store of `settings`; it prints "ready", then one position per command."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.command_loop", settings.database_url, str(settings.instance_path),
         str(world_json), str(seed)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )


def write_world(path: Path, units: list[UUID], people: list[UUID]) -> Path:
    path.write_text(json.dumps({"units": [str(u) for u in units], "people": [str(p) for p in people]}))
    return path


def whole_commands(events: list) -> int:
    """Check every command's events came together in notification order; returns how many commands."""
    count, i = 0, 0
    while i < len(events):
        head = events[i]
        tail = COMMANDS.get(type(head).__qualname__)
        assert tail is not None, f"event without its command: {type(head).__qualname__}"
        group = events[i + 1:i + 1 + len(tail)]
        assert [type(e).__qualname__ for e in group] == list(tail), f"partial command at {head.originator_id}"
        assert all(e.person_id == head.originator_id for e in group) and group[-1].originator_id == head.unit_id
        count, i = count + 1, i + 1 + len(tail)
    return count


def events_after(app, position: int) -> list:
    return [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(position, 10**9, inclusive_of_start=False)]


if __name__ == "__main__":
    main(*sys.argv[1:])
