"""Export the whole ledger, verify it offline, import it into an empty store: same digest, same read models."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from adapters.ledger.transfer import LedgerTransferError, export_ledger, import_ledger
from domain import commands as c
from domain.values import Actor
from projections.tables import metadata
from tests.conftest import postgres_database
from tests.integration.ledger_store import fill, filled_url, open_store, template  # noqa: F401 - fixtures
from web.cli.main import main


@pytest.fixture
def source(filled_url, tmp_path, clock):
    """A copy of the filled store, its read models caught up."""
    container = open_store(filled_url, tmp_path, clock, synchronous=True)
    container.projector.catch_up()
    yield container
    container.close()


@pytest.fixture
def exported(source, tmp_path):
    path = tmp_path / "ledger.jsonl"
    with path.open("w", encoding="utf-8") as out:
        export_ledger(source.app.recorder, out)
    return path


@pytest.fixture
def target_url(template, tmp_path):
    """An empty store of the same kind as the source."""
    if template.url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'imported.sqlite'}"
    else:
        yield from postgres_database()


def read_models(container) -> dict[str, list[tuple]]:
    with container.read_engine.connect() as conn:
        return {name: sorted(map(tuple, conn.execute(select(table)).all()), key=repr) for name, table in metadata.tables.items()}


def test_importing_an_export_into_an_empty_store_gives_the_same_digest_and_read_models(
    source, exported, target_url, tmp_path, clock,
):
    target = open_store(target_url, tmp_path, clock)

    report = import_ledger(target.app.recorder, exported)
    target.projector.rebuild()

    assert report.ok and report.digest_position == source.app.verify_ledger().head.position
    assert target.app.verify_ledger().head == source.app.verify_ledger().head
    assert read_models(target) == read_models(source)
    target.close()


def test_the_imported_store_goes_on_recording_after_the_imported_positions(exported, target_url, template, tmp_path, clock):
    target = open_store(target_url, tmp_path, clock)
    imported = import_ledger(target.app.recorder, exported).head.position

    position = target.app.record_rating(Actor.system(), c.RecordRating(template.world.staff[0], 2030, "HTTNV", "Bổ sung"))

    assert position > imported and target.app.verify_ledger().checked == imported + 1
    target.close()


def test_an_export_imported_into_the_other_kind_of_store_keeps_its_digest(source, exported, template, tmp_path, clock):
    other = postgres_database() if template.url.startswith("sqlite") else iter([f"sqlite:///{tmp_path / 'other.sqlite'}"])
    target = open_store(next(other), tmp_path, clock)

    import_ledger(target.app.recorder, exported)

    assert target.app.verify_ledger().head == source.app.verify_ledger().head
    target.close()
    next(other, None)


def test_import_refuses_a_store_that_already_has_events(source, exported):
    with pytest.raises(LedgerTransferError):
        import_ledger(source.app.recorder, exported)


def test_import_refuses_a_tampered_export_and_stores_nothing(exported, target_url, tmp_path, clock):
    lines = exported.read_text(encoding="utf-8").splitlines()
    line = json.loads(lines[5])
    lines[5] = json.dumps({**line, "state": line["state"].replace("{", "{ ", 1)}, ensure_ascii=False)
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = open_store(target_url, tmp_path, clock)

    with pytest.raises(LedgerTransferError):
        import_ledger(target.app.recorder, exported)

    assert target.app.recorder.max_notification_id() in (None, 0)
    target.close()


def test_the_cli_exports_verifies_offline_imports_and_seals(tmp_path, clock):
    source = open_store(f"sqlite:///{tmp_path / 'cli.sqlite'}", tmp_path, clock)
    fill(source, clock)
    source.close()
    runner = CliRunner()
    env = {"THIDUA_DATABASE_URL": str(tmp_path / "cli.sqlite"), "THIDUA_INSTANCE": str(tmp_path), "THIDUA_ENV": "test"}
    path = tmp_path / "cli.jsonl"

    exported = runner.invoke(main, ["export", str(path)], env=env)
    digest = exported.output.split("Mã tổng (digest): ")[1].strip()
    offline = runner.invoke(main, ["verify", "--export", str(path), "--digest", digest], env=env)
    copy = {**env, "THIDUA_DATABASE_URL": str(tmp_path / "copy.sqlite")}
    imported = runner.invoke(main, ["import", str(path)], env=copy)
    sealed = runner.invoke(main, ["seal", "--reason", "Kiểm tra định kỳ"], env=copy)
    again = runner.invoke(main, ["seal"], env=copy)

    assert [r.exit_code for r in (exported, offline, imported, sealed, again)] == [0] * 5
    assert "Mã niêm phong đã công bố khớp với sổ cái" in offline.output and digest in imported.output
    assert "Đã niêm phong sổ cái" in sealed.output and "Không có sự kiện mới" in again.output


def test_the_cli_names_the_broken_position_of_a_tampered_store(tmp_path, clock):
    source = open_store(f"sqlite:///{tmp_path / 'cli.sqlite'}", tmp_path, clock)
    fill(source, clock)
    source.close()
    with sqlite3.connect(tmp_path / "cli.sqlite") as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid = 42")
    env = {"THIDUA_DATABASE_URL": str(tmp_path / "cli.sqlite"), "THIDUA_INSTANCE": str(tmp_path), "THIDUA_ENV": "test"}

    result = CliRunner().invoke(main, ["verify"], env=env)

    assert result.exit_code == 1 and "#42 (deleted)" in result.output
