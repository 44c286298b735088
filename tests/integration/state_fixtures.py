"""Fixtures for tests of what a web worker keeps: a store of each kind, a container on it, and a second
container on the same database standing for another process."""

from __future__ import annotations

import pytest

from tests.conftest import postgres_database
from tests.integration.projections_support import open_container


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'thidua.sqlite'}"
    else:
        yield from postgres_database()


@pytest.fixture
def watched(store_url, tmp_path, clock):
    """The container whose kept state the tests watch."""
    built = open_container(store_url, tmp_path, clock)
    yield built
    built.close()


@pytest.fixture
def elsewhere(store_url, tmp_path, clock):
    """A second container on the same database: another process (the projection worker, the CLI)."""
    built = open_container(store_url, tmp_path / "elsewhere", clock)
    yield built
    built.close()
