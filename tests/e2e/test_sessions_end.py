"""Signing out, a new password, a disabled account and a revoked role end every session of the
account: a session cookie kept from before is refused (Flask test client)."""

from uuid import uuid4

from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from adapters.accounts import AccountStore
from domain import commands as c
from domain.values import Actor, Role
from tests.e2e.ui_support import PASSWORD, post, ui_world_fixture

ui = ui_world_fixture("sessions-end")


def kept_cookie(ui, username: str) -> str:
    """The session cookie of a fresh sign-in, which is let into the inbox."""
    client = ui.signed_in(username)
    assert client.get("/inbox").status_code == 200
    return client.get_cookie("session").value


def inbox_with(ui, cookie: str) -> int:
    client = ui.client()
    client.set_cookie("session", cookie)
    return client.get("/inbox").status_code


def test_signing_out_ends_the_other_sessions_and_the_old_cookie(ui):
    cookie, elsewhere = kept_cookie(ui, "canbo"), kept_cookie(ui, "canbo")
    client = ui.client()
    client.set_cookie("session", cookie)

    post(client, "/logout", {})

    assert inbox_with(ui, cookie) == 302 and inbox_with(ui, elsewhere) == 302
    assert ui.signed_in("canbo").get("/inbox").status_code == 200


def test_a_new_password_ends_every_session(ui):
    cookie = kept_cookie(ui, "hoidong1")

    ui.app.extensions["accounts"].set_password("hoidong1", PASSWORD)

    assert inbox_with(ui, cookie) == 302


def test_disabling_the_account_ends_every_session(ui):
    cookie = kept_cookie(ui, "hoidong2")

    ui.app.extensions["accounts"].deactivate("hoidong2")

    assert inbox_with(ui, cookie) == 302


def test_a_revoked_role_ends_every_session(ui):
    cookie = kept_cookie(ui, "hoidong3")
    member = ui.accounts["hoidong3"]

    ui.container.app.revoke_role(Actor.system(), c.RevokeRole(member, Role.COUNCIL_MEMBER.value, ui.world.department))
    ui.container.projector.catch_up()

    assert inbox_with(ui, cookie) == 302


def test_another_account_signing_out_leaves_a_session_alone(ui):
    cookie = kept_cookie(ui, "hoidong4")

    post(ui.signed_in("hoidong5"), "/logout", {})

    assert inbox_with(ui, cookie) == 200


def test_a_role_granted_later_leaves_the_session_alone(ui):
    cookie = kept_cookie(ui, "thuky")

    ui.container.app.grant_role(Actor.system(), c.GrantRole(ui.world.secretary, Role.UNIT_CLERK.value, ui.world.division))
    ui.container.projector.catch_up()

    assert inbox_with(ui, cookie) == 200


def test_an_accounts_table_from_before_session_generations_gets_the_column(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE accounts (username VARCHAR(64) PRIMARY KEY, password_hash TEXT NOT NULL, "
                          "person_id CHAR(32) NOT NULL, active BOOLEAN NOT NULL, created_at DATETIME NOT NULL)"))
    store = AccountStore(engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
    store.create_account("cu", PASSWORD, uuid4())

    store.end_sessions("cu")

    assert store.get_account("cu").session_generation == 1
