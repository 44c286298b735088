"""Which commits to the read-model database wait for the disk, on SQLite and PostgreSQL.

The read models' own transactions do not: they are derived from the ledger and redone after a power loss.
Everything else kept in that database does: a login account deactivated, an API token revoked, an
idempotency answer or a ballot box's key lost to a power cut would come back wrong, not just late.
"""

from __future__ import annotations


import pytest
from sqlalchemy import event

from adapters.accounts import AccountStore
from adapters.tokens import TokenStore
from domain import commands as c
from domain.values import Role
from projections.tables import derived_transaction
from tests.builders import SYSTEM

pytest_plugins = ("tests.integration.state_fixtures",)

WAITS = {"sqlite": ("PRAGMA synchronous", {2: True, 1: False}), "postgresql": ("SHOW synchronous_commit", {"on": True, "off": False})}


@pytest.fixture
def commits(watched):
    """Whether each commit through the writer engine waited for the disk, in order."""
    engine, seen = watched.projector.engine, []
    question, answers = WAITS[engine.dialect.name]

    def record(conn) -> None:  # type: ignore[no-untyped-def]
        seen.append(answers[conn.exec_driver_sql(question).scalar()])

    event.listen(engine, "commit", record)
    yield seen
    event.remove(engine, "commit", record)


def test_a_catch_up_commits_without_waiting_for_the_disk(watched, commits):
    watched.app.register_unit(SYSTEM, c.RegisterUnit("u-1", "Sở Nội vụ", "SNV", "department", "p", "SNV"))

    assert commits and not any(commits)


def test_accounts_and_tokens_wait_for_the_disk_even_after_a_catch_up(watched, commits):
    accounts = AccountStore(watched.projector.engine)
    tokens = TokenStore.open(watched.projector.engine)
    opened = len(commits)
    unit = watched.app.register_unit(SYSTEM, c.RegisterUnit("u-1", "Sở Nội vụ", "SNV", "department", "p", "SNV"))
    person = watched.app.register_person(SYSTEM, c.RegisterPerson("p-1", "Lò Văn An", "male", unit, "Chuyên viên"))
    caught_up = len(commits)

    accounts.create_account("an.lv", "mật khẩu đủ dài 123", person)
    accounts.deactivate("an.lv")
    token, _secret = tokens.create(person, Role.UNIT_CLERK)
    tokens.revoke(token.token_id)

    assert caught_up > opened and not any(commits[opened:caught_up])
    assert commits[caught_up:] == [True] * 4


def test_a_derived_transaction_leaves_the_next_one_on_the_same_connection_waiting(watched, commits):
    engine = watched.projector.engine
    for _ in range(2):
        with derived_transaction(engine):
            pass
        with engine.begin():
            pass

    assert commits == [False, True, False, True]
