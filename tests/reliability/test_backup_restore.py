"""Backup and restore (SQLite online backup, pg_dump/pg_restore): a restored store has the same events,
the same read models, read models that rebuild identical, and a ledger that verifies clean."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from adapters.backup import BackupError, backup, restore
from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from domain import commands as c
from tests.builders import build_world, launch_campaign
from tests.conftest import empty_store_like
from tests.integration.test_stores import container, table_rows  # noqa: F401 - the store fixture, on SQLite and PostgreSQL
from tests.reliability.command_loop import events_after, start_loop, whole_commands, write_world
from tests.reliability.paths import draft, fresh_staff, voted
from web.cli.main import main


@pytest.fixture
def other_url(database_url, tmp_path):
    """A second, empty store of the same kind to restore into."""
    yield from empty_store_like(database_url, tmp_path / "restored")


def settings_for(url: str, tmp_path):
    return load_settings({}, database_url=url, instance_path=tmp_path / "restored", environment="test")


@pytest.fixture
def restored_store(other_url, tmp_path):
    """Open the restored store after the test restored into it."""
    opened = []

    def open_store():
        opened.append(bootstrap(settings_for(other_url, tmp_path), synchronous=True))
        return opened[-1]

    yield open_store
    for store in opened:
        store.close()


def stored_events(app) -> list[tuple]:
    return [(n.id, n.originator_id, n.originator_version, n.topic, n.state)
            for n in app.recorder.select_notifications(start=1, limit=10**9)]


def load_activity(container, clock) -> None:  # noqa: F811
    """A campaign with a sign-up and a signed decision (the whole path, as an auditor would restore it)."""
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app)
    launch_campaign(world)
    container.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", ["TLDTT"]))
    nominations = voted(world, clock, fresh_staff(world, 2))
    decision = container.app.draft_decision(world.as_drafter, draft(world, "05/QĐ-SKHCN", nominations))
    container.app.sign_decision(world.as_signer, c.SignDecision(decision))
    container.projector.catch_up()


def test_a_restored_backup_has_the_same_events_and_read_models(
    container, clock, tmp_path, other_url, restored_store,  # noqa: F811
):
    load_activity(container, clock)
    source_events, source_rows = stored_events(container.app), table_rows(container)

    backup_file = backup(container.settings, tmp_path / "thidua.backup")
    restore(settings_for(other_url, tmp_path), backup_file)

    restored = restored_store()
    assert stored_events(restored.app) == source_events
    assert table_rows(restored) == source_rows
    restored.projector.rebuild()
    assert table_rows(restored) == source_rows
    assert restored.app.verify_ledger().ok


def test_a_backup_taken_while_commands_run_is_a_consistent_snapshot(container, tmp_path, other_url, restored_store):  # noqa: F811
    world = build_world(container.app, staff=6, members=1)
    baseline = container.app.recorder.max_notification_id()
    world_json = write_world(tmp_path / "world.json", [world.department, world.division], world.staff)
    loop = start_loop(container.settings, world_json, seed=1)
    try:
        assert loop.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        backup_file = backup(container.settings, tmp_path / "online.backup")
        time.sleep(0.3)
    finally:
        loop.kill()
        loop.communicate()
    restore(settings_for(other_url, tmp_path), backup_file)

    restored = restored_store()
    saved, source = stored_events(restored.app), stored_events(container.app)
    assert baseline < len(saved) < len(source) and saved == source[:len(saved)]
    assert whole_commands(events_after(restored.app, baseline)) > 0
    restored.projector.catch_up()
    caught_up = table_rows(restored)
    restored.projector.rebuild()
    assert table_rows(restored) == caught_up
    assert restored.app.verify_ledger().ok


def test_restore_refuses_a_store_that_already_holds_events(container, tmp_path):  # noqa: F811
    build_world(container.app, staff=1, members=1)
    backup_file = backup(container.settings, tmp_path / "thidua.backup")

    with pytest.raises(BackupError, match="already holds"):
        restore(container.settings, backup_file)


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, other_url):
    not_a_backup = tmp_path / "notes.backup"
    not_a_backup.write_text("Biên bản họp Hội đồng, không phải bản sao lưu.")

    with pytest.raises(BackupError):
        restore(settings_for(other_url, tmp_path), not_a_backup)


def test_backup_restore_and_verify_commands_round_trip(container, clock, tmp_path, other_url):  # noqa: F811
    """The target was opened once before (empty tables exist), as after a first `thidua serve`."""
    load_activity(container, clock)
    bootstrap(settings_for(other_url, tmp_path)).close()
    runner, backup_file = CliRunner(), tmp_path / "cli.backup"
    source = {"THIDUA_DATABASE_URL": container.settings.database_url, "THIDUA_INSTANCE": str(tmp_path), "THIDUA_ENV": "test"}
    target = {**source, "THIDUA_DATABASE_URL": other_url, "THIDUA_INSTANCE": str(tmp_path / "restored")}

    backed_up = runner.invoke(main, ["backup", str(backup_file)], env=source)
    restored = runner.invoke(main, ["restore", str(backup_file)], env=target)
    verified = runner.invoke(main, ["verify"], env=target)

    assert backed_up.exit_code == 0 and "backed up to" in backed_up.output
    assert restored.exit_code == 0 and f"restored {len(stored_events(container.app)):,} events" in restored.output
    assert verified.exit_code == 0, verified.output
