"""A command's write transaction on PostgreSQL in psycopg's pipeline mode: BEGIN, the statements and COMMIT
are sent without waiting for each answer. The client waits where it needs one (the events' positions, rows
it reads, a row count) and once for the commit; every other statement rides along with the next wait.

An error in any statement aborts the rest of the transaction on the server, the COMMIT included, and is
raised at the next wait: the transaction is then rolled back, nothing of it committed. A COPY cannot run in
pipeline mode: the transaction leaves the mode before it and goes on statement by statement.
"""

from __future__ import annotations

import re
from contextlib import suppress
from functools import lru_cache
from types import TracebackType
from typing import Any

import psycopg
from psycopg import Connection
from psycopg.pq import TransactionStatus

ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES|TABLE|SHOW|FETCH|EXPLAIN)\b|\bRETURNING\b", re.IGNORECASE)
COUNTED = re.compile(r"^\s*(INSERT|UPDATE|DELETE|MERGE|SELECT|WITH|VALUES|TABLE|FETCH|MOVE|COPY)\b", re.IGNORECASE)  # tags with a count
OPEN = (TransactionStatus.INTRANS, TransactionStatus.INERROR)


@lru_cache(maxsize=256)
def answers(query: str) -> tuple[bool, bool]:
    """Whether the statement returns rows, and whether its command tag has a row count (kept per statement text:
    the two searches cost more than the rest of queueing a statement)."""
    return ROWS.search(query) is not None, COUNTED.match(query) is not None


class PipelinedTransaction:
    """`with PipelinedTransaction(conn) as tx:` on a connection in autocommit mode (the library's): one
    transaction, committed at the end of the block or rolled back by an error."""

    def __init__(self, conn: Connection[Any]) -> None:
        self.conn = conn
        self._mode: Any = None  # psycopg's pipeline context while the transaction is in pipeline mode
        self._pipeline: psycopg.Pipeline | None = None
        self.statements = conn.cursor()  # BEGIN, the events' statements and COMMIT: a cursor each costs its set-up
        self.syncs = 0  # waits so far: a statement queued before the last one has its answer

    def __enter__(self) -> PipelinedTransaction:
        self._mode = self.conn.pipeline()
        self._pipeline = self._mode.__enter__()
        self.statements.execute("BEGIN")
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            if error is None:
                try:
                    self.statements.execute("COMMIT")
                    self.leave()
                    return
                except BaseException:
                    self._roll_back()
                    raise
            self._roll_back()
        finally:
            self.statements.close()

    @property
    def pipelined(self) -> bool:
        return self._pipeline is not None

    def sync(self) -> None:
        """Send what is queued and wait for its answers (raising the first error among them)."""
        if self._pipeline is not None:
            self.syncs += 1
            self._pipeline.sync()

    def leave(self) -> None:
        """Send what is queued, wait for its answers, and go on outside pipeline mode."""
        mode, self._mode, self._pipeline = self._mode, None, None
        self.syncs += 1
        if mode is not None:
            mode.__exit__(None, None, None)

    def cursor(self) -> PipelinedCursor:
        return PipelinedCursor(self.conn.cursor(), self)

    def _roll_back(self) -> None:
        with suppress(psycopg.Error):  # the error being raised already says what failed
            self.leave()
        if self.conn.info.transaction_status in OPEN:
            with suppress(psycopg.Error):  # a broken connection: the pool discards it
                self.conn.execute("ROLLBACK")


class PipelinedConnection:
    """The psycopg connection as the statements beside the events see it: its cursors wait only when asked
    for what the server answered."""

    def __init__(self, conn: Connection[Any], transaction: PipelinedTransaction) -> None:
        self._conn = conn
        self._transaction = transaction

    def cursor(self, *args: Any, **kwargs: Any) -> PipelinedCursor:
        return PipelinedCursor(self._conn.cursor(*args, **kwargs), self._transaction)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


class PipelinedCursor:
    """A psycopg cursor whose statements are queued: its rows, its row count or a row-returning statement's
    description wait for the answers. What is known without asking is not asked: a statement returning no
    rows has no description, and one whose command tag has no count (NOTIFY, SET) has a row count of -1."""

    def __init__(self, cursor: psycopg.Cursor[Any], transaction: PipelinedTransaction) -> None:
        self._cursor = cursor
        self._transaction = transaction
        self._rows = self._counted = True
        self._queued = -1  # the transaction's waits when the last statement was queued

    @property
    def connection(self) -> PipelinedConnection:
        return PipelinedConnection(self._cursor.connection, self._transaction)

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> PipelinedCursor:
        self._rows, self._counted = answers(query) if isinstance(query, str) else (True, True)
        self._queued = self._transaction.syncs
        self._cursor.execute(query, params, **kwargs)
        return self

    def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
        self._rows = bool(kwargs.get("returning"))
        self._counted = True
        self._queued = self._transaction.syncs
        self._cursor.executemany(query, params_seq, **kwargs)

    @property
    def description(self) -> Any:
        if not self._rows and self._transaction.pipelined:
            return None
        self._answered()
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        if not self._counted and self._transaction.pipelined:
            return -1
        self._answered()
        return self._cursor.rowcount

    def _answered(self) -> None:
        if self._queued == self._transaction.syncs:
            self._transaction.sync()

    def copy(self, *args: Any, **kwargs: Any) -> Any:
        self._transaction.leave()
        return self._cursor.copy(*args, **kwargs)

    def __iter__(self) -> Any:
        return iter(self._cursor)

    def __enter__(self) -> PipelinedCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._cursor.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)
