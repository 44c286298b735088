"""Buffered read-model writes (`Writes`): merged per row, written in bulk, visible to later reads, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, Float, Integer, MetaData, String, Table, Text, Uuid, func, select, text,
)

from adapters.config import load_settings
from adapters.database import make_engine
from projections.base import Writes
from projections.runner import DriverWrites

scratch = MetaData()
dossiers = Table(
    "scratch_dossiers", scratch,
    Column("dossier_id", Uuid, primary_key=True),
    Column("stage", String(20), nullable=False),
    Column("votes", Integer, nullable=False),
    Column("tags", JSON),
)
steps = Table(
    "scratch_steps", scratch,
    Column("dossier_id", Uuid, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("at", DateTime),
)
labels = Table(
    "scratch_labels", scratch,
    Column("label_id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, default="plain"),
)


def every_type(name: str) -> Table:
    return Table(
        name, scratch,
        Column("row_id", Integer, primary_key=True), Column("item_id", Uuid), Column("at", DateTime), Column("on", Date),
        Column("label", String(20)), Column("note", Text), Column("flag", Boolean), Column("score", Float), Column("data", JSON),
    )


by_sqlalchemy, by_writes, by_columns = every_type("scratch_typed_a"), every_type("scratch_typed_b"), every_type("scratch_typed_c")


@pytest.fixture
def engine(database_url, tmp_path):
    built = make_engine(load_settings({}, database_url=database_url, instance_path=tmp_path).sqlalchemy_url, writer=True)
    scratch.create_all(built)
    yield built
    built.dispose()


def rows(engine, table) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(select(table)).all()), key=repr)


def written(engine, *actions) -> None:
    """Run `actions(writes)` in one transaction and flush at the end, as the runner does for a batch."""
    with engine.begin() as conn:
        writes = Writes(conn)
        for action in actions:
            action(writes)
        writes.flush()


def test_writes_to_one_row_in_a_batch_end_as_its_final_state(engine):
    dossier = uuid4()

    written(engine, lambda w: w.insert(dossiers, dossier_id=dossier, stage="drafted", votes=0, tags=["a"]),
            lambda w: w.update(dossiers, dossier, stage="submitted"),
            lambda w: w.update(dossiers, dossier, stage="checked", votes=3))

    assert rows(engine, dossiers) == [(dossier, "checked", 3, ["a"])]


def test_rows_inserted_then_deleted_in_one_batch_leave_nothing(engine):
    dossier = uuid4()

    written(engine, lambda w: w.insert(dossiers, dossier_id=dossier, stage="drafted", votes=0),
            lambda w: w.delete(dossiers, dossier))

    assert rows(engine, dossiers) == []


def test_a_stored_row_deleted_then_inserted_again_is_replaced(engine):
    dossier = uuid4()
    written(engine, lambda w: w.insert(dossiers, dossier_id=dossier, stage="drafted", votes=1, tags=["old"]))

    written(engine, lambda w: w.delete(dossiers, dossier),
            lambda w: w.insert(dossiers, dossier_id=dossier, stage="posted", votes=2))

    assert rows(engine, dossiers) == [(dossier, "posted", 2, None)]


def test_upsert_inserts_a_missing_row_and_sets_the_columns_of_an_existing_one(engine):
    stored, missing = uuid4(), uuid4()
    written(engine, lambda w: w.insert(dossiers, dossier_id=stored, stage="drafted", votes=1, tags=["kept"]))

    written(engine, lambda w: w.upsert(dossiers, dossier_id=stored, stage="voted", votes=5),
            lambda w: w.upsert(dossiers, dossier_id=missing, stage="drafted", votes=0))

    assert sorted(rows(engine, dossiers), key=lambda r: r[1]) == [(missing, "drafted", 0, None), (stored, "voted", 5, ["kept"])]


def test_a_statement_reads_the_rows_buffered_before_it(engine):
    dossier = uuid4()
    counted = []

    written(engine, *(lambda w, v=v: w.insert(steps, dossier_id=dossier, version=v) for v in range(1, 4)),
            lambda w: counted.append(w.execute(select(func.count()).select_from(steps)).scalar_one()))

    assert counted == [3]


def test_get_returns_a_stored_row_with_the_batch_writes_applied(engine):
    dossier, absent = uuid4(), uuid4()
    written(engine, lambda w: w.insert(dossiers, dossier_id=dossier, stage="drafted", votes=1))
    seen = []

    written(engine, lambda w: w.update(dossiers, dossier, stage="checked"),
            lambda w: seen.extend([w.get(dossiers, dossier), w.get(dossiers, absent)]))

    assert seen == [{"dossier_id": dossier, "stage": "checked", "votes": 1, "tags": None}, None]


def test_an_update_computed_in_sql_runs_in_order_with_the_buffered_writes(engine):
    dossier = uuid4()

    written(engine, lambda w: w.insert(dossiers, dossier_id=dossier, stage="posted", votes=1),
            lambda w: w.update(dossiers, dossier, votes=dossiers.c.votes + 1),
            lambda w: w.update(dossiers, dossier, stage="voted"))

    assert rows(engine, dossiers) == [(dossier, "voted", 2, None)]


def test_column_defaults_apply_to_buffered_inserts(engine):
    written(engine, lambda w: w.insert(labels, label_id=1), lambda w: w.insert(labels, label_id=2, kind="special"))

    assert rows(engine, labels) == [(1, "plain"), (2, "special")]


def test_nothing_buffered_is_written_when_the_batch_fails(engine):
    dossier = uuid4()

    with pytest.raises(RuntimeError):
        written(engine, lambda w: w.insert(dossiers, dossier_id=dossier, stage="drafted", votes=0),
                lambda w: w.flush(), lambda _w: (_ for _ in ()).throw(RuntimeError("handler failed")))

    assert rows(engine, dossiers) == []


def test_text_sql_reads_every_buffered_row(engine):
    counted = []

    written(engine, lambda w: w.insert(steps, dossier_id=uuid4(), version=1),
            lambda w: counted.append(w.execute(text("SELECT count(*) FROM scratch_steps")).scalar_one()))

    assert counted == [1]


def test_many_rows_written_in_bulk_are_stored_exactly_as_sqlalchemy_stores_them(engine):
    """150 rows take the bulk paths (a binary COPY on PostgreSQL, the faster DATETIME text on SQLite)."""
    start = datetime(2025, 1, 2, 9, 30)
    rows = [
        {"row_id": i, "item_id": uuid4() if i % 7 else None, "at": start + timedelta(seconds=i, microseconds=i) if i % 5 else None,
         "on": date(2025, 1, 1) + timedelta(days=i), "label": f"nhãn {i}", "note": None if i % 3 else "Ghi chú «đủ»",
         "flag": i % 2 == 0, "score": i / 4 if i % 2 else i, "data": {"n": i, "tags": ["a", None]} if i % 4 else None}
        for i in range(150)
    ]
    with engine.begin() as conn:
        conn.execute(by_sqlalchemy.insert(), rows)
    written(engine, *(lambda w, r=r: w.insert(by_writes, **r) for r in rows),
            lambda w: w.extend(by_columns, **{name: [r[name] for r in rows] for name in rows[0]}))

    stored = [raw(engine, table) for table in (by_sqlalchemy, by_writes, by_columns)]

    assert stored[0] == stored[1] == stored[2] and len(stored[0]) == 150


def test_many_rows_deleted_in_one_batch_leave_the_others(engine):
    """25 rows by a one-column key (one statement over an array on PostgreSQL) and 25 by a composite key."""
    ids = [uuid4() for _ in range(30)]
    written(engine, *(lambda w, i=i: w.insert(dossiers, dossier_id=i, stage="drafted", votes=0) for i in ids),
            *(lambda w, i=i: w.insert(steps, dossier_id=ids[0], version=i) for i in range(30)))

    written(engine, *(lambda w, i=i: w.delete(dossiers, i) for i in ids[5:]),
            *(lambda w, i=i: w.delete(steps, {"dossier_id": ids[0], "version": i}) for i in range(5, 30)))

    assert sorted(r[0] for r in rows(engine, dossiers)) == sorted(ids[:5])
    assert [r[1] for r in rows(engine, steps)] == list(range(5))


def test_a_catch_up_reads_a_row_through_the_driver_as_sqlalchemy_reads_it(engine):
    """Every type and NULLs, and a composite key with a DATETIME in it; a missing row is None."""
    start = datetime(2025, 1, 2, 9, 30, 1, 5)
    rows = [
        {"row_id": i, "item_id": uuid4() if i % 2 else None, "at": start if i % 2 else None, "on": date(2025, 1, 1) if i % 2 else None,
         "label": "nhãn «đủ»" if i % 2 else None, "note": "Ghi chú" if i % 2 else None, "flag": i == 1, "score": 2.5 if i else None,
         "data": {"n": i, "tags": ["a", None]} if i % 2 else None}
        for i in range(3)
    ]
    dossier = uuid4()
    with engine.begin() as conn:
        conn.execute(by_sqlalchemy.insert(), rows)
        conn.execute(steps.insert(), [{"dossier_id": dossier, "version": 1, "at": start}])
    keys = [(by_sqlalchemy, (i,)) for i in range(4)] + [(steps, (dossier, 1)), (steps, (dossier, 2))]

    with engine.begin() as conn:
        through_sqlalchemy = [Writes(conn).select(table, key) for table, key in keys]
        through_driver = [DriverWrites(conn).select(table, key) for table, key in keys]

    assert through_driver == through_sqlalchemy
    assert through_driver[1]["data"] == {"n": 1, "tags": ["a", None]} and through_driver[3] is None and through_driver[5] is None


def raw(engine, table) -> list:
    """The rows as the database holds them (SQLite's stored values, PostgreSQL's text form)."""
    with engine.connect() as conn:
        row = f"{table.name}::text" if engine.dialect.name == "postgresql" else "*"
        return conn.execute(text(f"SELECT {row} FROM {table.name} ORDER BY row_id")).all()


@pytest.mark.parametrize("kind", [Writes, DriverWrites])
def test_rows_prefetched_are_those_get_reads_one_by_one(engine, kind):
    stored, missing, updated = uuid4(), uuid4(), uuid4()
    written(engine, lambda w: w.insert(dossiers, dossier_id=stored, stage="drafted", votes=2, tags=["a"]),
            lambda w: w.insert(dossiers, dossier_id=updated, stage="drafted", votes=0, tags=None))
    with engine.begin() as conn:
        one_by_one = kind(conn)
        expected = [one_by_one.get(dossiers, key) for key in (stored, missing, updated)]
        writes = kind(conn)
        writes.update(dossiers, updated, stage="checked")
        writes.prefetch(dossiers, [stored, missing, updated, stored])
        conn.execute(dossiers.delete())  # what `get` gives now comes from the prefetched rows alone
        assert [writes.get(dossiers, key) for key in (stored, missing)] == expected[:2]
        assert writes.get(dossiers, updated) == {**expected[2], "stage": "checked"}
        conn.rollback()
