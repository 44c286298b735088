"""The idempotency keys beside the ledger, on SQLite and PostgreSQL: claimed by the events' transaction
or not at all, answers stored, expiry, one answer per key."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.idempotency import IdempotencyStore
from domain import commands as c
from domain.exceptions import ConflictError
from tests.builders import SYSTEM
from tests.integration.test_stores import container  # noqa: F401 - the store fixture, on SQLite and PostgreSQL

CALLER = "p1/system"


def expected(position: int, _created: list) -> tuple[int, str]:
    return 200, f'{{"position": {position}}}'


@pytest.fixture
def store(container):  # noqa: F811
    return IdempotencyStore(container.app.recorder, container.app.clock, timedelta(hours=24))


def register(app, key: str):  # type: ignore[no-untyped-def]
    return app.register_unit(SYSTEM, c.RegisterUnit(
        key=key, name=f"Sở {key}", short_name=key, kind="department", province="A", abbreviation=key.upper(),
    ))


def test_the_key_and_its_expected_answer_are_claimed_with_the_events_until_they_expire(container, store):  # noqa: F811
    with store.claimed_by_commit(CALLER, "k", "fp", expected) as claim:
        register(container.app, "u1")
    store.finish(claim, *expected(claim.position, []))
    store.clock.advance(hours=23)
    retried, other = store.find(CALLER, "k", "fp"), store.find(CALLER, "k", "another request")
    store.clock.advance(hours=2)

    assert claim.position == container.app.recorder.max_notification_id()
    assert (retried.state, retried.position) == ("stored", claim.position)
    assert (retried.status, retried.body) == expected(claim.position, [])
    assert other.state == "mismatch"
    assert store.find(CALLER, "k", "fp").state == "new"


def test_another_answer_replaces_the_expected_one_and_the_next_commit_is_not_claimed(container, store):  # noqa: F811
    with store.claimed_by_commit(CALLER, "k", "fp", expected) as claim:
        register(container.app, "u1")
        register(container.app, "u2")
    store.finish(claim, 201, '{"id": "x"}')

    found = store.find(CALLER, "k", "fp")

    assert (found.status, found.body, found.position) == (201, '{"id": "x"}', claim.position)
    assert claim.position < container.app.recorder.max_notification_id()


def test_a_refused_commit_claims_nothing(container, store):  # noqa: F811
    register(container.app, "u1")
    before = container.app.recorder.max_notification_id()

    with store.claimed_by_commit(CALLER, "k", "fp", expected) as claim, pytest.raises(Exception):  # noqa: B017, PT011
        register(container.app, "u1")

    assert claim.position is None and store.find(CALLER, "k", "fp").state == "new"
    assert container.app.recorder.max_notification_id() == before


def test_a_key_claimed_by_another_commit_refuses_the_whole_transaction(container, store):  # noqa: F811
    with store.claimed_by_commit(CALLER, "k", "fp", expected):
        register(container.app, "u1")
    before = container.app.recorder.max_notification_id()

    with store.claimed_by_commit(CALLER, "k", "fp", expected), pytest.raises(ConflictError):
        register(container.app, "u2")

    assert container.app.recorder.max_notification_id() == before


def test_a_remembered_answer_is_the_first_one_stored(store):
    first = store.remember(CALLER, "k", "fp", 403, '{"code": "permission_denied"}')
    second = store.remember(CALLER, "k", "fp", 200, '{"position": 9}')

    assert (first.status, first.body) == (second.status, second.body) == (403, '{"code": "permission_denied"}')
    assert store.find("p2/unit_head", "k", "fp").state == "new"


def test_a_key_runs_once_at_a_time_in_a_process(store):
    with store.exclusive(CALLER, "k") as first, store.exclusive(CALLER, "k") as second:
        pass
    with store.exclusive(CALLER, "k") as again:
        pass

    assert (first, second, again) == (True, False, True)
