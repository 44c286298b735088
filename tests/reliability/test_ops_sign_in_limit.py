"""Failed sign-ins are counted in the store itself by default, so the limit holds across web workers and
machines: two app instances on one database (SQLite and PostgreSQL) share the count."""

from __future__ import annotations

import pytest

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from tests.e2e.ui_support import post
from web import create_app


@pytest.fixture
def two_instances(database_url, tmp_path):
    """Two web apps, each with its own container (as two processes have), on one store."""
    settings = load_settings({}, database_url=database_url, instance_path=tmp_path, environment="test")
    containers = [bootstrap(settings), bootstrap(settings)]
    yield [create_app({"TESTING": True}, container=container).test_client() for container in containers]
    for container in containers:
        container.close()


def fail_to_sign_in(client, username: str = "khach") -> int:  # type: ignore[no-untyped-def]
    return post(client, "/login", {"username": username, "password": "sai"}).status_code


def test_failures_on_one_instance_count_on_the_other(two_instances):
    first, second = two_instances

    failed = [fail_to_sign_in(first, f"khach{i}") for i in range(6)] + [fail_to_sign_in(second, f"khach{i}") for i in range(6, 10)]

    assert failed == [422] * 10
    assert fail_to_sign_in(first, "khach10") == 429 and fail_to_sign_in(second, "khach11") == 429


def test_one_username_is_limited_across_instances_and_addresses(two_instances):
    first, second = two_instances

    for i in range(10):
        client = (first, second)[i % 2]
        assert post(client, "/login", {"username": "thuky", "password": "sai"}, environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code == 422

    refused = post(second, "/login", {"username": "thuky", "password": "sai"}, environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert refused.status_code == 429


def test_a_long_username_is_counted_like_any_other(two_instances):
    first, second = two_instances
    username = "k" * 5000

    assert [fail_to_sign_in((first, second)[i % 2], username) for i in range(10)] == [422] * 10
    assert post(first, "/login", {"username": username, "password": "sai"}, environ_base={"REMOTE_ADDR": "10.0.2.1"}).status_code == 429
