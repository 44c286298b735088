"""Helpers for the API tests: tokens for demo people, and checking answers against /api/v1/openapi.json."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from uuid import UUID

import pytest
from openapi_schema_validator import OAS30Validator, validate

from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.rulebook import ensure_shipped_rules
from adapters.tokens import TokenStore
from domain import commands as c
from domain.organisation import Person
from domain.values import Actor, Role
from tests.ballot_support import passphrases, register_trustees
from tests.builders import SYSTEM, World, build_world, launch_campaign
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
def open_api_world(path: Path, clock: MutableClock, staff: int = 4, database_url: str | None = None) -> Iterator[ApiWorld]:
    """The world on a SQLite file under `path`, or on the (empty) database `database_url` names."""
    from web import create_app

    url = database_url or f"sqlite:///{path / 'thidua.sqlite'}"
    settings = load_settings({}, database_url=url, instance_path=path, environment="test")
    container = bootstrap(settings, clock=clock)
    ensure_shipped_rules(container.app)
    clock.set(2025, 1, 2, 9)
    world = build_world(container.app, staff=staff)
    launch_campaign(world)
    app = create_app({"TESTING": True}, container=container)
    try:
        yield ApiWorld(world, clock, container, app.test_client(), app.extensions["thidua_tokens"])
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


def populate_scene(api: ApiWorld) -> dict[str, str]:
    """An item of every kind a path names, each in a state where the role check is what is left to pass
    (the authorization matrix), or where a fuzzed request gets past "not found" (the OpenAPI fuzzing)."""
    w, app, clock = api.world, api.world.app, api.clock
    clock.set(2025, 1, 10, 9)
    participation = app.sign_up(w.as_clerk, c.SignUp(w.campaign, w.division, "unit"))
    app.approve_sign_up(w.as_head, c.ApproveSignUp(participation))
    clock.set(2025, 4, 2, 9)
    report = app.report_progress(w.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": 55}))
    clock.set(2025, 12, 1, 9)
    drafted, posted, voted = (app.nominate(w.as_clerk, c.Nominate(w.campaign, nominee, "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))
                              for nominee in w.staff[:3])
    for n in (posted, voted):
        app.submit_nomination(w.as_clerk, c.SubmitNomination(n))
        app.approve_stage(w.as_head, c.ApproveStage(n, "unit_approved"))
        app.approve_stage(w.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(w.as_secretary, c.PostPublicly([posted, voted], date(2025, 12, 20)))
    objection = app.raise_objection(None, c.RaiseObjection(posted, "Đề nghị làm rõ ngày công."))
    clock.set(2025, 12, 22, 9)
    session = app.convene_session(w.as_secretary, c.ConveneSession(w.department, "Hội đồng", w.members, w.members[0], [voted], date(2025, 12, 22)))
    register_trustees(app, session)
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members))
    for member in w.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(voted): "yes"}))
    app.close_session(w.as_secretary, c.CloseSession(session))
    app.tally_session(w.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    open_session = app.convene_session(w.as_secretary, c.ConveneSession(w.department, "Hội đồng", w.members, w.members[0], [posted], date(2025, 12, 22)))
    register_trustees(app, open_session)
    decision = app.draft_decision(w.as_drafter, c.DraftDecision(
        w.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến", date(2025, 12, 23), w.signer, "Giám đốc Sở", [voted]))
    app.open_proceeding(SYSTEM, c.OpenProceeding(w.staff[3], "vv-01", "complaint", "Đơn khiếu nại"))
    fund = app.open_bonus_fund(SYSTEM, c.OpenBonusFund(w.department, 2025, 500_000_000, "Quyết định 12/QĐ-SKHCN ngày 05/01/2025"))
    bystander_unit = app.register_unit(SYSTEM, c.RegisterUnit("phong-b", "Phòng B", "Phòng B", "division", "A", "PB", w.department))
    cluster = app.form_cluster(SYSTEM, c.FormCluster("cum-a", "Cụm thi đua A"))
    api.container.projector.catch_up()
    ids = {
        "campaign_id": w.campaign, "participation_id": participation, "report_id": report, "nomination_id": posted,
        "drafted": drafted, "objection_id": objection, "session_id": open_session, "decision_id": decision,
        "unit_id": bystander_unit, "department": w.department, "division": w.division, "person_id": w.staff[4],
        "subject_id": w.staff[3], "item_id": posted, "cluster_id": cluster, "fund_id": fund, "code": "dvc-online",
        "proceeding_id": "vv-01", "fmt": "csv", "filename": "swagger-ui.css", "sha256": "0" * 64,
        "member": w.members[0], "signer": w.signer, "voted": voted, "staff": w.staff[5],
    }
    return {name: str(value) for name, value in ids.items()}
