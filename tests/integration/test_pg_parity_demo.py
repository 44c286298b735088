"""The demo on PostgreSQL as on SQLite: `thidua demo`, `thidua worker --once` and `thidua rebuild` run on a
fresh PostgreSQL database, and every read answer of the JSON API is the same JSON on both stores.

Both loads read the same clock (one millisecond per reading, for the app's business time and the ledger's
recorded time), draw the same ids where the domain draws random ones and shuffle opened ballots alike, so
nothing may differ but the store. Only the hash chain differs, by design: each sealed ballot is encrypted
with a fresh key and IV, so every chain hash after the first ballot differs (`chain_hash` is left out).
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from uuid import UUID

import eventsourcing.domain
import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner

import adapters.accounts
import adapters.bootstrap
import domain.ballot.group
import domain.ballot.trustees
import domain.services.council
import domain.services.nominations
import domain.services.organisation
from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.database import drop_read_model_schema, make_engine
from domain.organisation import Person
from domain.values import Role
from tests.conftest import postgres_database
from web import create_app
from web.cli.main import main

pytestmark = pytest.mark.postgres

API = "/api/v1"
# the API's own description and assets; webhook subscriptions' delivery state (tested on both stores in
# tests/integration/test_webhooks_delivery.py)
NOT_READ_MODELS = ("/docs", "/openapi.json", "/swagger-ui/", "/webhooks")
ITEM_OF = {  # a collection's item id, to fill the routes under it
    "campaigns": "campaign_id", "bonus-funds": "fund_id", "council-sessions": "session_id", "decisions": "decision_id",
    "nominations": "nomination_id", "people": "person_id", "units": "unit_id",
}
ANY_ITEM = ("audit-trails", "items")  # routes that take the id of any item
SEALED = "chain_hash"  # covers the sealed ballots' ciphertexts, random by design


class Ticks:
    """A clock that moves one millisecond at each reading: the same readings for the same load."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 30, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)
        return self.now


@contextmanager
def same_draws() -> Iterator[None]:
    """The app's clock, the ledger's recorded time and the domain's random ids, drawn alike on every load."""
    clock, numbers = Ticks(), itertools.count(1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eventsourcing.domain, "datetime_now_with_tzinfo", clock)
        patch.setattr(adapters.bootstrap, "utc_now", clock)
        patch.setattr(eventsourcing.domain, "uuid4", lambda: UUID(int=next(numbers), version=4))
        for module in (domain.services.council, domain.services.nominations, domain.services.organisation):
            patch.setattr(module, "uuid4", lambda: UUID(int=next(numbers), version=4))
        draws = random.Random(2025)
        patch.setattr(domain.ballot.group, "random_scalar", lambda: domain.ballot.group.reduce64(draws.randbytes(64)))
        patch.setattr(domain.ballot.trustees, "new_salt", lambda: draws.randbytes(16).hex())
        yield


def thidua(url: str, instance: Path, *args: str) -> str:
    env = {"THIDUA_DATABASE_URL": url, "THIDUA_INSTANCE": str(instance), "THIDUA_ENV": "test"}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> Iterator[dict[str, tuple[str, Path]]]:
    """The demo loaded by `thidua demo` into a SQLite file and into a fresh PostgreSQL database (its accounts'
    passwords hashed cheaply: they take no part here)."""
    folder = tmp_path_factory.mktemp("parity")
    postgres = postgres_database()
    found = {"sqlite": (f"sqlite:///{folder / 'thidua.sqlite'}", folder / "sqlite"), "postgres": (next(postgres), folder / "postgres")}
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(adapters.accounts, "PasswordHasher", lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
            for url, instance in found.values():
                with same_draws():
                    assert "bonus fund 2025" in thidua(url, instance, "demo")
        yield found
    finally:
        postgres.close()


def test_the_worker_and_a_rebuild_run_on_the_demo_on_postgresql(stores):
    url, instance = stores["postgres"]
    settings = load_settings({}, database_url=url, instance_path=instance, environment="test")
    engine = make_engine(settings.sqlalchemy_url)
    drop_read_model_schema(engine)  # the worker projects the whole ledger, the bonus fund's billions included
    engine.dispose()

    thidua(url, instance, "worker", "--once")
    container = bootstrap(settings)
    try:
        head = container.app.recorder.max_notification_id()
        assert container.projector.position() == head
        assert f"rebuilt to event #{head} " in thidua(url, instance, "rebuild") and container.projector.position() == head
    finally:
        container.close()


def test_every_read_answer_of_the_api_is_the_same_on_both_stores(stores):
    answers = {kind: read_everything(url, instance) for kind, (url, instance) in stores.items()}

    assert len(answers["sqlite"]) > 500
    differing = [path for path, answer in answers["sqlite"].items() if answers["postgres"].get(path) != answer]
    assert differing == [], differing[:5]
    assert answers["postgres"].keys() == answers["sqlite"].keys()


def read_everything(url: str, instance: Path) -> dict[str, object]:
    """Every GET route of the JSON API, with every id the lists give, as the auditing administrator reads it."""
    container = bootstrap(load_settings({}, database_url=url, instance_path=instance, environment="test"), synchronous=False)
    app = create_app({"TESTING": True}, container=container)
    tokens = app.extensions["thidua_tokens"]
    try:
        _token, secret = tokens.create(Person.create_id("p046"), Role.ADMIN, read_only=True)
        return Walk(app.test_client(), {"Authorization": f"Bearer {secret}"}, container.app.recorder.max_notification_id()).run(app)
    finally:
        tokens.write_uses()  # now, while the store is there
        container.close()


class Walk:
    def __init__(self, client, headers: dict[str, str], head: int) -> None:  # type: ignore[no-untyped-def]
        self.client, self.headers, self.head = client, headers, head
        self.answers: dict[str, object] = {}

    def get(self, path: str) -> object:
        response = self.client.get(path, headers=self.headers)
        body = response.get_json() if response.is_json else response.get_data(as_text=True)
        self.answers[path] = (response.status_code, unsealed(body))
        return body

    def run(self, app) -> dict[str, object]:  # type: ignore[no-untyped-def]
        rules = sorted(r.rule for r in app.url_map.iter_rules() if "GET" in r.methods and r.rule.startswith(API))
        rules = [r for r in rules if not any(part in r for part in NOT_READ_MODELS)]
        ids = {collection: self.every_page(f"{API}/{collection}", key) for collection, key in ITEM_OF.items()}
        ids["*"] = [i for found in ids.values() for i in found]
        for rule in rules:
            for path in self.paths(rule, ids):
                if path not in self.answers:
                    self.get(path)
        self.events()
        return self.answers

    def every_page(self, path: str, key: str) -> list[str]:
        found: list[str] = []
        for page in itertools.count(1):
            body = self.get(f"{path}?page={page}&page_size=500")
            found += [item[key] for item in body["items"]]  # type: ignore[index]
            if len(found) >= body["total"]:  # type: ignore[index]
                return found

    def paths(self, rule: str, ids: dict[str, list[str]]) -> list[str]:
        """The rule with each id its collection gives (any item's id for the audit routes), CSV for exports."""
        rule = rule.replace("<any(xlsx, csv):fmt>", "csv")
        if rule.endswith("/audit/diff"):
            return [f"{rule}?from=1&to={self.head}&limit=5000"]
        match = re.search(r"/([a-z-]+)/<uuid:\w+>", rule)
        if match is None:
            return [rule]
        collection = "*" if match.group(1) in ANY_ITEM else match.group(1)
        return [re.sub(r"<uuid:\w+>", item, rule) for item in ids[collection]]

    def events(self) -> None:
        after = 0
        while after < self.head:
            items = self.get(f"{API}/events?after={after}&limit=1000")["items"]  # type: ignore[index]
            after = items[-1]["position"]


def unsealed(body: object) -> object:
    """The answer with every chain hash left out."""
    if isinstance(body, dict):
        return {k: unsealed(v) for k, v in body.items() if k != SEALED}
    if isinstance(body, list):
        return [unsealed(v) for v in body]
    return body
