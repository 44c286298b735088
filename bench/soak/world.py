"""The soak's world: a fresh PostgreSQL database holding a province's offices, a campaign running this year,
this year's ratings, and an API token for every role the workload acts in, written down as a plan file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import psycopg

from adapters.rulebook import ensure_shipped_rules
from adapters.tokens import TokenStore
from bench.generator import ROLE_HOLDERS, ProvinceYear, Shape
from bench.ledger import GENERATOR_ENV, copy_events, open_store
from domain import commands as c
from domain.application import Thidua
from domain.clock import local_date, utc_now
from domain.rules.read_access import SCOPES
from domain.values import Actor, Role

SYSTEM = Actor.system()
ELIGIBLE = ("HTXSNV", "HTTNV")  # LĐTT needs at least HTTNV in the campaign's year
COUNCIL = 3


@dataclass(frozen=True)
class World:
    """What the load starts from: the plan file for the locustfile and the ledger position before the load."""

    plan: Path
    baseline: int


def recreate_database(admin_url: str, name: str) -> str:
    """Drop the database `name` if it exists, create it empty, and return its URL."""
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + "/" + name


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def generate(offices: int, staff: int, seed: int) -> tuple[Thidua, ProvinceYear, UUID, dict[UUID, list[UUID]]]:
    """In memory: the organisation and this year's launched campaign (bench.generator), an integration
    account, and this year's ratings recorded today; the people each office may nominate for LĐTT."""
    app = Thidua(env=GENERATOR_ENV)
    ensure_shipped_rules(app)
    year = local_date(utc_now()).year
    shape = Shape(units=offices, staff=offices * staff, council=COUNCIL, year=year)
    province = ProvinceYear(app, seed=seed, shape=shape, province="soak")
    province.organisation()
    province.launch()
    app.clock = utc_now
    integration = app.register_person(SYSTEM, c.RegisterPerson(
        "soak-integration", "Hệ thống tích hợp (soak)", "female", province.committee, "Tài khoản tích hợp",
    ))
    app.grant_role(SYSTEM, c.GrantRole(integration, Role.INTEGRATION.value))
    eligible: dict[UUID, list[UUID]] = {}
    for office in province.offices:
        eligible[office.id] = []
        for person in office.staff[ROLE_HOLDERS + COUNCIL:]:
            rating = province.rating()
            app.record_rating(SYSTEM, c.RecordRating(person, year, rating))
            if rating in ELIGIBLE:
                eligible[office.id].append(person)
    return app, province, integration, eligible


def prepare(url: str, folder: Path, *, offices: int, staff: int, seed: int = 1) -> World:
    """Load the world into the (empty) store at `url`, project it, and write the plan with fresh tokens."""
    source, province, integration, eligible = generate(offices, staff, seed)
    container = open_store(url, folder, synchronous=False)
    try:
        copy_events(source, container.app)
        baseline = container.projector.catch_up()
        store = TokenStore.open(container.projector.engine)

        def token(person: UUID, role: Role, scopes: tuple[str, ...] = ()) -> str:
            return store.create(person, role, label="soak", scopes=scopes)[1]

        today = local_date(utc_now())
        plan = {
            "campaign_id": str(province.campaign),
            "targets": sorted(source.repository.get(province.campaign).targets),
            "today": today.isoformat(),
            "posting_days": source.ruleset_on(today).posting_days("LDTT"),
            "integration": token(integration, Role.INTEGRATION, SCOPES),  # reads personal data too
            "checkers": [token(a.person_id, Role.SECRETARIAT) for a in province.secretariat],
            "offices": [{
                "key": office.key,
                "unit_id": str(office.id),
                "clerk": token(office.staff[0], Role.UNIT_CLERK),
                "head": token(office.staff[1], Role.UNIT_HEAD),
                "secretary": token(office.staff[2], Role.SECRETARIAT),
                "members": [{"person_id": str(m), "token": token(m, Role.COUNCIL_MEMBER)} for m in office.members],
                "nominees": [str(p) for p in eligible[office.id]],
            } for office in province.offices],
        }
    finally:
        container.close()
    path = folder / "plan.json"
    path.write_text(json.dumps(plan, indent=1))
    return World(path, baseline)
