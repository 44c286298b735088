"""A world for the UI tests: a department with a launched 2025 campaign on a real SQLite store, an
account per role, a clock the test moves, and a Flask test client that signs in like a person does."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from uuid import UUID

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from adapters.accounts import AccountStore
from adapters.bootstrap import Container, bootstrap
from adapters.config import load_settings
from domain.values import Role
from tests.builders import World, build_world, grant, launch_campaign, person, publish_shipped_rules
from tests.conftest import MutableClock
from tests.second_factor import answer_second_factor
from web import create_app

PASSWORD = "mat-khau-thu-nghiem"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class UIWorld:
    world: World
    container: Container
    app: Flask
    clock: MutableClock
    accounts: dict[str, UUID]

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def signed_in(self, username: str) -> FlaskClient:
        client = self.client()
        response = answer_second_factor(client, post(client, "/login", {"username": username, "password": PASSWORD}), username)
        assert response.status_code == 303, response.get_data(as_text=True)
        return client

    def close(self) -> None:
        self.container.close()


def accounts_of(world: World) -> dict[str, UUID]:
    """Usernames for the people of `build_world` (one per role; five council members)."""
    names = {
        "canbo": world.clerk, "truongphong": world.head, "thuky": world.secretary, "soanthao": world.drafter,
        "lanhdao": world.signer,
    }
    return names | {f"hoidong{i}": member for i, member in enumerate(world.members, 1)}


def make_ui_world(instance: Path, staff: int = 4) -> UIWorld:
    """Build the world through the application service at 2025-01-02, then the web app on top of it."""
    clock = MutableClock(datetime(2025, 1, 2, 2, 0, tzinfo=timezone.utc))
    container = bootstrap(load_settings({}, instance_path=instance, environment="test"), clock=clock)
    on_saved, container.app.on_saved = container.app.on_saved, None  # catch the read models up once, below
    publish_shipped_rules(container.app)
    world = build_world(container.app, staff=staff)
    launch_campaign(world)
    container.app.on_saved = on_saved
    container.projector.catch_up()
    accounts = accounts_of(world)
    store = AccountStore(container.projector.engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
    for username, person_id in accounts.items():
        store.create_account(username, PASSWORD, person_id)
    app = create_app({"TESTING": True}, container=container)
    return UIWorld(world, container, app, clock, accounts)


def ui_world_fixture(name: str, staff: int = 4):
    """A module-scoped `ui` fixture: one world per test module, closed at the end."""

    @pytest.fixture(scope="module")
    def ui(tmp_path_factory) -> Iterator[UIWorld]:
        world = make_ui_world(tmp_path_factory.mktemp(name), staff)
        yield world
        world.close()

    return ui


def signed_in_admin(ui: UIWorld) -> FlaskClient:
    """An administrator («Đinh Quản Trị», account «quantri») of the world, signed in."""
    admin = person(ui.container.app, "admin", "Đinh Quản Trị", ui.world.department, position="Quản trị hệ thống")
    grant(ui.container.app, admin, Role.ADMIN, None)
    ui.container.projector.catch_up()
    AccountStore(ui.container.projector.engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024)).create_account(
        "quantri", PASSWORD, admin,
    )
    return ui.signed_in("quantri")


def csrf_token(client: FlaskClient) -> str:
    """A CSRF token of the client's session, read from a page as a browser would."""
    page = client.get("/login").get_data(as_text=True)
    found = CSRF.search(page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def post(client: FlaskClient, path: str, data: dict, **kwargs: object):
    """POST a form with the session's CSRF token, as the page's own form would."""
    return client.post(path, data={"csrf_token": csrf_token(client), **data}, **kwargs)


def page_text(response) -> str:
    """The page's visible text, whitespace collapsed (for "contains" checks)."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(text))
