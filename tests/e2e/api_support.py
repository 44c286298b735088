"""Helpers for the API tests: tokens for demo people, and checking answers against /api/v1/openapi.json."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from uuid import UUID

import pytest
from openapi_schema_validator import OAS30Validator, validate

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from adapters.tokens import TokenStore
from domain.organisation import Person
from domain.values import Role
from tests.builders import World, build_world, launch_campaign
from tests.conftest import MutableClock

Bearer = Callable[..., dict[str, str]]


@pytest.fixture
def bearer(demo_container) -> Bearer:
    """`bearer("p005", "secretariat")` -> an Authorization header for a new token of that demo person."""
    store = TokenStore.open(demo_container.projector.engine)

    def make(key: str, role: str, *, read_only: bool = False) -> dict[str, str]:
        _token, secret = store.create(Person.create_id(key), Role(role), read_only=read_only)
        return {"Authorization": f"Bearer {secret}"}

    return make


class OpenApi:
    """Validates a test-client response against the schema the OpenAPI document gives its path and status."""

    def __init__(self, document: dict) -> None:
        self.document = document
        self.paths = [(re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", p) + "$"), p) for p in document["paths"]]

    def check(self, response) -> dict:  # type: ignore[no-untyped-def]
        request = response.request
        template = next(p for pattern, p in self.paths if pattern.match(request.path))
        operation = self.document["paths"][template][request.method.lower()]
        entry = operation["responses"].get(str(response.status_code)) or operation["responses"]["default"]
        if "$ref" in entry:
            entry = self.document["components"]["responses"][entry["$ref"].rsplit("/", 1)[1]]
        return self._valid(response.get_json(), entry["content"]["application/json"]["schema"])

    def error(self, response) -> dict:  # type: ignore[no-untyped-def]
        """An error body from a route outside the document, against the documented error schema."""
        return self._valid(response.get_json(), {"$ref": "#/components/schemas/Error"})

    def _valid(self, body: dict, schema: dict) -> dict:
        validate(body, {**schema, "components": self.document["components"]}, cls=OAS30Validator)
        return body


@pytest.fixture(scope="session")
def openapi(demo_container) -> OpenApi:
    from web import create_app

    return OpenApi(create_app({"TESTING": True}, container=demo_container).test_client().get("/api/v1/openapi.json").get_json())


@dataclass(eq=False)
class ApiWorld:
    """A fresh store with the builders' world and launched campaign, served by the app; tokens on demand."""

    world: World
    clock: MutableClock
    container: object
    client: object
    store: TokenStore

    @functools.cached_property
    def openapi(self) -> OpenApi:
        return OpenApi(self.client.get("/api/v1/openapi.json").get_json())

    def token(self, person: UUID, role: Role, *, read_only: bool = False) -> dict[str, str]:
        _token, secret = self.store.create(person, role, read_only=read_only)
        return {"Authorization": f"Bearer {secret}"}

    def post(self, path: str, body: dict, person: UUID | None = None, role: Role | None = None):  # type: ignore[no-untyped-def]
        headers = self.token(person, role) if person is not None else {}
        return self.client.post(f"/api/v1{path}", json=body, headers=headers)


@contextmanager
def open_api_world(path: Path, clock: MutableClock, staff: int = 4) -> Iterator[ApiWorld]:
    from web import create_app

    settings = load_settings({}, database_url=f"sqlite:///{path / 'thidua.sqlite'}", instance_path=path, environment="test")
    container = bootstrap(settings, clock=clock)
    ensure_shipped_rules(container.app)
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=staff)
    launch_campaign(world)
    client = create_app({"TESTING": True}, container=container).test_client()
    try:
        yield ApiWorld(world, clock, container, client, TokenStore.open(container.projector.engine))
    finally:
        container.close()


@pytest.fixture
def api_world(tmp_path: Path, clock: MutableClock) -> Iterator[ApiWorld]:
    with open_api_world(tmp_path, clock) as world:
        yield world


@pytest.fixture(scope="module")
def shared_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiWorld]:
    """One world for a module's tests that each use their own nominee or item."""
    with open_api_world(tmp_path_factory.mktemp("api"), MutableClock(datetime.now(timezone.utc)), staff=8) as world:
        yield world
