"""Rebuild: every read model dropped and rebuilt from the first event, against merely selecting and
decoding the same notifications with the library (pages of 500, `mapper.to_domain_event`).

Beside it, the floor under any rebuild: the rebuilt read models' rows written alone, as they are stored,
into empty tables of a fresh store of the same kind, in as many transactions as the rebuild used, their
indexes built afterwards as a rebuild builds them. A rebuild must select and decode as the baseline does
and write at least these rows, so baseline ÷ (baseline + floor) bounds its ratio even with handlers that
cost nothing."""

from __future__ import annotations

import math
from collections.abc import Sequence

from eventsourcing.application import Application
from sqlalchemy import Connection, Engine, Table
from sqlalchemy.sql.compiler import IdentifierPreparer

from adapters.config import load_settings
from adapters.database import make_engine
from bench.context import Bench
from bench.ledger import PAGE, open_store
from bench.measure import figure, median, rate, timed
from projections.bulk import copy_form
from projections.registry import all_projections
from projections.tables import create_indexes, create_tables, derived_transaction

SUITE = "rebuild"


def select_and_decode(app: Application) -> int:
    """The baseline: read every notification in pages and decode it into a domain event."""
    position, count = 0, 0
    while batch := app.recorder.select_notifications(position, PAGE, inclusive_of_start=False):
        for notification in batch:
            app.mapper.to_domain_event(notification)
        position, count = batch[-1].id, count + len(batch)
    return count


def stored_rows(engine: Engine, tables: Sequence[Table]) -> dict[Table, list[tuple]]:
    """Every row of `tables` as the driver returns it (SQLite: the stored values, already converted)."""
    quote = engine.dialect.identifier_preparer
    with engine.connect() as conn:
        return {t: [tuple(r) for r in conn.exec_driver_sql(f"SELECT {columns(t, quote)} FROM {quote.format_table(t)}")]
                for t in tables}


def columns(table: Table, quote: IdentifierPreparer) -> str:
    return ", ".join(quote.format_column(c) for c in table.columns)


def rows_alone(url: str, rows: dict[Table, list[tuple]], transactions: int) -> tuple[float, float]:
    """Seconds to create the tables in the empty store at `url`, and to write `rows` into them in `transactions`
    read-model transactions (each a contiguous share of every table: executemany on SQLite, a binary COPY on
    PostgreSQL, as the projections' own bulk writes do) and build their indexes, as `Projector.rebuild` does."""
    engine = make_engine(load_settings({}, database_url=url, environment="test").sqlalchemy_url, writer=True)
    quote = engine.dialect.identifier_preparer

    def write(conn: Connection, table: Table, part: Sequence[tuple]) -> None:
        cursor = conn.connection.cursor()
        try:
            if engine.dialect.name == "postgresql":
                sql, oids = copy_form(conn, table, tuple((c.key, None) for c in table.columns))
                with cursor.copy(sql) as copy:
                    copy.set_types(oids)
                    for row in part:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(table.columns))
                cursor.executemany(f"INSERT INTO {quote.format_table(table)} ({columns(table, quote)}) VALUES ({marks})", part)
        finally:
            cursor.close()

    def create() -> None:
        with engine.begin() as conn:
            create_tables(conn, list(rows))

    def fill() -> None:
        for share in range(transactions):
            with derived_transaction(engine) as conn:
                for table, stored in rows.items():
                    part = stored[len(stored) * share // transactions:len(stored) * (share + 1) // transactions]
                    if part:
                        write(conn, table, part)
        create_indexes(engine, list(rows))

    try:
        return timed(create), timed(fill)
    finally:
        engine.dispose()


def run(bench: Bench) -> None:
    tables = [t for p in all_projections() for t in p.tables]
    for kind in bench.kinds():
        container = open_store(bench.store(kind, built=False), bench.folder, synchronous=False)
        try:
            count = container.app.recorder.max_notification_id()
            transactions = math.ceil(count / container.projector.rebuild_batch_size)
            container.projector.rebuild()
            rows = stored_rows(container.projector.engine, tables)
            ours, base, floors = bench.alternately(
                lambda _r: rate(count, timed(container.projector.rebuild)),
                lambda _r: rate(count, timed(lambda: select_and_decode(container.app))),
                lambda r: rows_alone(bench.fresh(kind, f"rows{r}"), rows, transactions),
            )
            bench.built(kind)
        finally:
            container.close()
        bench.figures.append(figure(
            SUITE, f"{kind}: all read models from zero, {count:,} events", ours, base, "events/s",
            "select + decode the same notifications", 0.5,
        ))
        decoding = count / median(base)
        creating, writing = median([c for c, _w in floors]), median([w for _c, w in floors])
        bench.note(SUITE, f"{kind}: the floor under a rebuild (its rows written alone)",
                   f"{sum(map(len, rows.values())):,} rows of {len(tables)} tables, written as stored in "
                   f"{transactions} transactions with their indexes built after: {writing:.2f} s, and {creating:.2f} s "
                   f"to create the tables, against {decoding:.2f} s to select and decode; a rebuild whose handlers "
                   f"cost nothing would reach at most {decoding / (decoding + creating + writing):.2f}× the baseline")
