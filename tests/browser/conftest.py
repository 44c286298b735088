"""Headless Chromium (Debian's) against the app served on 127.0.0.1 from a thread, on a tmp SQLite store."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.demo.accounts import ensure_demo_accounts
from adapters.demo.contacts import ensure_demo_contacts
from adapters.outbox import Outbox
from adapters.demo.loader import load_demo
from tests.conftest import demo_instance
from tests.e2e.ui_support import UIWorld, make_ui_world
from web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if shutil.which(CHROMIUM) is None:
        reason = f"{CHROMIUM} is missing: apt-get install chromium (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: object, **kwargs: object) -> None:
        """No access log in the test output."""


class Served:
    """The UI world behind a real HTTP server on a free port."""

    def __init__(self, ui: UIWorld) -> None:
        self.ui = ui
        self.server = make_server("127.0.0.1", 0, ui.app, threaded=True, request_handler=QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.ui.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    served = Served(make_ui_world(tmp_path_factory.mktemp("browser")))
    yield served
    served.close()


def serve_demo(instance: Path) -> Served:
    """The demo (`thidua demo`) with its accounts, in `instance`, served."""
    container = bootstrap(load_settings({}, instance_path=instance, environment="test"))
    load_demo(container.app)
    container.projector.catch_up()
    ensure_demo_accounts(container.projector.engine, container.read_engine)
    ensure_demo_contacts(Outbox(container.app.recorder, container.projector.engine), container.read_engine)
    return Served(SimpleNamespace(app=create_app({"TESTING": True}, container=container), close=container.close))


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Iterator[Served]:
    """The demo served once for the session (a copy of the run's: tests.conftest.demo_instance): the tests that act on it each take their
    own item of work (the unit head has two dossiers to approve: one for test_first_login, one for the
    keyboard-only path)."""
    served = serve_demo(demo_instance(tmp_path_factory, "demo-browser"))
    yield served
    served.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
