"""A demo-loaded SQLite store shared by the web tests (loading it takes a few seconds)."""

import pytest

pytest.register_assert_rewrite("tests.e2e.api_support")  # test modules import it directly as well as a plugin

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.demo.loader import load_demo
from web import create_app


@pytest.fixture(scope="session")
def demo_container(tmp_path_factory):
    instance = tmp_path_factory.mktemp("demo")
    settings = load_settings({}, instance_path=instance, environment="test")
    container = bootstrap(settings)
    load_demo(container.app)
    container.projector.catch_up()
    yield container
    container.close()


@pytest.fixture
def client(demo_container):
    return create_app({"TESTING": True}, container=demo_container).test_client()
