"""`thidua token create|list|revoke`: a printed token works against the API until it is revoked."""

from datetime import datetime
from uuid import uuid4

import pytest
from click.testing import CliRunner
from sqlalchemy import Column, MetaData, Table, create_engine

from adapters.tokens import TokenStore, api_tokens
from domain.values import Role
from tests.builders import grant, person
from web.cli.main import main

pytest_plugins = ("tests.e2e.api_support",)


@pytest.fixture
def thidua(api_world):
    env = {"THIDUA_DATABASE_URL": api_world.container.settings.database_url, "THIDUA_INSTANCE": str(api_world.container.settings.instance_path)}

    def run(*args: str):
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)

    return run


def test_created_token_acts_for_its_person_until_revoked(api_world, thidua):
    created = thidua("token", "create", "--person", "head", "--role", "unit_head", "--label", "e-office")
    headers = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}

    before = api_world.client.get("/api/v1/inbox", headers=headers).status_code
    listed = thidua("token", "list").stdout
    thidua("token", "revoke", "1")

    assert created.exit_code == 0 and before == 200
    assert "unit_head\tread-write" in listed and "e-office" in listed
    assert api_world.client.get("/api/v1/inbox", headers=headers).status_code == 401
    assert "revoked" in thidua("token", "list").stdout


def test_a_token_needs_a_role_the_person_holds(thidua):
    result = thidua("token", "create", "--person", "clerk", "--role", "signer")

    assert result.exit_code != 0 and "không giữ vai trò" in result.output


@pytest.fixture
def integration(api_world):
    """A system account holding the integration role for the division."""
    app = api_world.world.app
    bridge = person(app, "e-office", "Hệ thống văn phòng điện tử", api_world.world.division)
    grant(app, bridge, Role.INTEGRATION, api_world.world.division)
    api_world.container.projector.catch_up()
    return bridge


def test_an_integration_token_reads_personal_data_only_by_its_scopes_and_answers_are_kept_per_scope(api_world, thidua, integration):
    scoped = thidua("token", "create", "--person", "e-office", "--role", "integration", "--scope", "ratings")
    bare = thidua("token", "create", "--person", "e-office", "--role", "integration")
    path = f"/api/v1/people/{api_world.world.staff[0]}/awards"

    answers = [api_world.client.get(path, headers={"Authorization": f"Bearer {token.stdout.strip().splitlines()[-1]}"})
               for token in (scoped, bare, scoped)]

    assert [a.status_code for a in answers] == [200, 403, 200]
    assert "Nghị định 13/2023" in answers[1].get_json()["message"]
    assert "read-only +ratings" in thidua("token", "list").stdout


def test_only_integration_tokens_take_scopes_and_only_known_ones(thidua, integration):
    head = thidua("token", "create", "--person", "head", "--role", "unit_head", "--scope", "ratings")
    unknown = thidua("token", "create", "--person", "e-office", "--role", "integration", "--scope", "everything")

    assert head.exit_code != 0 and "Chỉ mã truy cập của hệ thống tích hợp" in head.output
    assert unknown.exit_code != 0 and "everything" in unknown.output


def test_a_token_table_from_before_scopes_gains_the_column_and_its_tokens_read_public_data_only(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    old = MetaData()
    Table("api_tokens", old, *(Column(c.name, c.type, primary_key=c.primary_key) for c in api_tokens.columns if c.name != "scopes"))
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(old.tables["api_tokens"].insert().values(
            token_id=1, token_hash="0" * 64, person_id=uuid4(), role="integration", read_only=True, label="cũ",
            created_at=datetime(2025, 1, 1)))

    assert TokenStore.open(engine).get(1).scopes == frozenset()
