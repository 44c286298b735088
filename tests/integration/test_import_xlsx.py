"""A generated office (200 people in two units, five years of ratings and past awards) imported from a
real .xlsx file on SQLite and PostgreSQL: dry run, import, the same file again; the read models follow."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.xlsx_import import read_workbook
from bench.import_xlsx import office_workbook
from bench.ledger import batched_dossiers
from domain import commands as c
from domain.exceptions import ConflictError
from domain.imports_file import ImportedFile
from domain.organisation import Person
from domain.values import Actor
from projections import queries
from projections.history import award_history
from tests.conftest import MutableClock, postgres_database

YEARS = range(2020, 2025)


@pytest.fixture(scope="module")
def office() -> tuple[bytes, object]:
    return office_workbook(200, YEARS, seed=7)


@pytest.fixture
def container(database_url, tmp_path, clock: MutableClock):
    settings = load_settings({}, database_url=database_url, instance_path=tmp_path, environment="test")
    built = bootstrap(settings, clock=clock)
    yield built
    built.close()


def test_a_generated_office_is_imported_whole_once(container, office):
    content, workbook = office
    app, rows = container.app, sum(len(r) - 1 for r in workbook.sheets.values())

    dry = app.import_workbook(Actor.system(), workbook, dry_run=True)
    assert dry.problems == [] and (app.recorder.max_notification_id() or 0) == 0

    report = app.import_workbook(Actor.system(), workbook)
    container.projector.catch_up()
    again = app.import_workbook(Actor.system(), read_workbook(content, "lan-hai.xlsx"))

    assert report.imported and sum(report.recorded.values()) == rows == sum(dry.recorded.values())
    assert again.already_imported and app.recorder.max_notification_id() == report.position
    with container.read_engine.connect() as conn:
        assert len(queries.list_people(conn)) == 200
        assert conn.execute(select(func.count()).select_from(award_history)).scalar() == report.recorded["awards"]
    assert sorted(app.repository.get(Person.create_id("cb-00001")).ratings) == list(YEARS)


def test_a_file_whose_rows_another_writer_changed_meanwhile_records_nothing(container, office, database_url, tmp_path):
    _content, workbook = office
    other = bootstrap(load_settings({}, database_url=database_url, instance_path=tmp_path, environment="test"))
    rows, done = sum(len(r) - 1 for r in workbook.sheets.values()), []

    def meanwhile(step: int) -> None:
        done.append(step)
        if len(done) == rows:  # every row checked, nothing saved yet
            other.app.register_unit(Actor.system(), c.RegisterUnit("dv-001", "Phòng khác", "P khác", "division", "A", "PK"))

    try:
        with pytest.raises(ConflictError):
            container.app.import_workbook(Actor.system(), workbook, progress=meanwhile)
        recorded = container.app.recorder.select_notifications(1, 100)
    finally:
        other.close()
    assert [n.topic.rsplit(".", 1)[-1] for n in recorded] == ["Registered"]
    assert container.app.find(ImportedFile.create_id(workbook.sha256), ImportedFile) is None


@pytest.mark.postgres
def test_a_save_as_large_as_a_province_office_completes_on_postgresql(tmp_path, clock):
    """One save of 60,000 events (an office's import is one save): psycopg's pipeline mode waited forever on an
    INSERT this large, holding the ledger's table lock."""
    for url in postgres_database():
        container = bootstrap(load_settings({}, database_url=url, instance_path=tmp_path, environment="test"), clock=clock)
        try:
            aggregates = [dossier for batch in batched_dossiers(120) for dossier in batch]
            saving = threading.Thread(target=container.app.save, args=aggregates, daemon=True)
            saving.start()
            saving.join(timeout=120)
            assert not saving.is_alive(), "the save of 60,000 events did not finish in two minutes"
            assert container.app.recorder.max_notification_id() == 60_000
        finally:
            container.close()
