"""`thidua token create|list|revoke`: a printed token works against the API until it is revoked."""

import pytest
from click.testing import CliRunner

from web.cli import main

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
