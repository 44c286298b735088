"""A demo-loaded SQLite store shared by the web tests (a copy of the run's demo: tests.conftest.demo_instance)."""

import pytest

pytest.register_assert_rewrite("tests.e2e.api_support")  # test modules import it directly as well as a plugin

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from tests.conftest import demo_instance
from web import create_app


@pytest.fixture(scope="session")
def demo_container(tmp_path_factory):
    instance = demo_instance(tmp_path_factory, "demo")
    settings = load_settings({}, instance_path=instance, environment="test")
    container = bootstrap(settings)
    yield container
    container.close()


@pytest.fixture
def client(demo_container):
    return create_app({"TESTING": True}, container=demo_container).test_client()
