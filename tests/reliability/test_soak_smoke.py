"""The soak machinery (bench/soak) on a small scale: 20 s of the mixed locust workload against gunicorn with two
workers and the projection worker on PostgreSQL, with every check of the ten-minute run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.processes import BIN
from bench.soak.run import Options, soak
from tests.conftest import PG_ADMIN_URL, postgres_database


@pytest.fixture
def soak_database() -> Iterator[str]:
    yield from postgres_database()


@pytest.mark.slow
@pytest.mark.postgres
def test_short_soak_fails_no_request_and_leaves_the_events_of_the_accepted_commands(soak_database, tmp_path, request):
    if not (BIN / "locust").exists():
        pytest.fail("locust is missing: install the test extra (pip install -e '.[test]')")
    options = Options(
        folder=tmp_path, minutes=1 / 3, users=5, offices=2, staff=30, web_workers=2,
        admin_url=PG_ADMIN_URL, database=soak_database.rsplit("/", 1)[1],
    )

    outcome = soak(options)

    request.node.user_properties += [
        ("requests", outcome.total["requests"]), ("commands", sum(outcome.accepted.values())),
        ("events", sum(outcome.ledger.values())),
    ]
    assert [check for check in outcome.checks() if not check[1]] == []
    assert sum(outcome.accepted.values()) >= 10
    assert {"Participation.SignedUp", "Nomination.Drafted"} <= set(outcome.ledger)

