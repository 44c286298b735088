"""Fixtures for the read-model tests: a SQLite store, and the builders' world with a launched campaign."""

import pytest

from tests.builders import build_world, launch_campaign
from tests.integration.projections_support import open_container


@pytest.fixture
def container(tmp_path, clock):
    built = open_container(f"sqlite:///{tmp_path / 'thidua.sqlite'}", tmp_path, clock)
    yield built
    built.close()


@pytest.fixture
def world(container, clock):
    clock.set(2025, 1, 2, 9)
    w = build_world(container.app)
    launch_campaign(w)
    return w
