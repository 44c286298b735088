"""The read models' engine on PostgreSQL: a reader's statements run without BEGIN and ROLLBACK around them, and a
pooled connection the server closed is replaced at checkout without a query on the healthy ones."""

from __future__ import annotations

import psycopg
import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import text

from adapters.database import make_engine
from tests.conftest import postgres_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def url():  # type: ignore[no-untyped-def]
    for found in postgres_database():
        yield found.replace("postgresql://", "postgresql+psycopg://")


def test_a_reader_holds_no_transaction_open_between_its_statements(url):
    reader, writer = make_engine(url), make_engine(url, writer=True)
    try:
        with reader.connect() as conn:
            conn.execute(text("SELECT 1"))
            assert conn.connection.driver_connection.info.transaction_status is TransactionStatus.IDLE
        with writer.connect() as conn:
            conn.execute(text("SELECT 1"))
            assert conn.connection.driver_connection.info.transaction_status is TransactionStatus.INTRANS
    finally:
        reader.dispose()
        writer.dispose()


def test_a_pooled_connection_the_server_ended_is_replaced_at_checkout(url):
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ended = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (ended,))
            admin.execute("SELECT pg_sleep(0.2)")  # the server's goodbye reaches the pooled socket

        with engine.connect() as conn:
            assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != ended
    finally:
        engine.dispose()
