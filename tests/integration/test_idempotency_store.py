"""The idempotency keys' table on SQLite and PostgreSQL: claims, stored answers, expiry, concurrent claims."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from adapters.config import load_settings
from adapters.database import make_engine
from adapters.idempotency import RUNNING_LEASE, IdempotencyStore
from tests.conftest import MutableClock


@pytest.fixture
def store(database_url, tmp_path):
    engine = make_engine(load_settings({}, database_url=database_url, instance_path=tmp_path).sqlalchemy_url, writer=True)
    yield IdempotencyStore.open(engine, MutableClock(datetime(2025, 6, 1, tzinfo=timezone.utc)), timedelta(hours=24))
    engine.dispose()


def test_a_finished_key_answers_until_it_expires(store):
    first = store.claim("p1/unit_clerk", "k", "fp")
    store.finish("p1/unit_clerk", "k", 201, '{"id": "x"}')
    store.clock.advance(hours=23)
    retried = store.claim("p1/unit_clerk", "k", "fp")
    other = store.claim("p1/unit_clerk", "k", "another request")
    store.clock.advance(hours=2)

    assert first.state == "new"
    assert (retried.state, retried.status, retried.body) == ("stored", 201, '{"id": "x"}')
    assert other.state == "mismatch"
    assert store.claim("p1/unit_clerk", "k", "another request").state == "new"


def test_keys_of_different_callers_are_apart(store):
    store.claim("p1/unit_clerk", "k", "fp")

    assert store.claim("p2/unit_head", "k", "other").state == "new"


def test_a_released_claim_runs_again_and_a_stale_one_is_taken_over(store):
    store.claim("p1/unit_clerk", "released", "fp")
    store.release("p1/unit_clerk", "released")
    store.claim("p1/unit_clerk", "crashed", "fp")
    running = store.claim("p1/unit_clerk", "crashed", "fp")
    store.clock.advance(seconds=RUNNING_LEASE.total_seconds() + 1)

    assert store.claim("p1/unit_clerk", "released", "fp").state == "new"
    assert running.state == "running"
    assert store.claim("p1/unit_clerk", "crashed", "fp").state == "new"
    assert store.claim("p1/unit_clerk", "crashed", "fp").state == "running"


def test_concurrent_claims_of_one_key_let_exactly_one_run(store):
    tries = 8
    start, states = threading.Barrier(tries), []

    def claim() -> None:
        start.wait(10)
        states.append(store.claim("p1/unit_clerk", "k", "fp").state)

    threads = [threading.Thread(target=claim) for _ in range(tries)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(states) == ["new"] + ["running"] * (tries - 1)
