"""Login accounts beside the read models, on SQLite and PostgreSQL; and the demo accounts for every role."""

from uuid import uuid4

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from adapters.accounts import AccountError, AccountStore, accounts
from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from adapters.demo.accounts import ALIASES, DEMO_PASSWORD, ensure_demo_accounts
from domain.organisation import Person
from projections import queries

FAST = PasswordHasher(time_cost=1, memory_cost=8 * 1024)


@pytest.fixture
def container(database_url, tmp_path):
    built = bootstrap(load_settings({}, database_url=database_url, instance_path=tmp_path, environment="test"))
    yield built
    built.close()


@pytest.fixture
def store(container):
    return AccountStore(container.projector.engine, container.read_engine, FAST)


def test_a_password_is_kept_only_as_an_argon2_hash_and_verifies(store, container):
    person = uuid4()

    store.create_account("CanBo", "mật-khẩu dài", person)

    with container.read_engine.connect() as conn:
        stored = conn.execute(select(accounts.c.password_hash).where(accounts.c.username == "canbo")).scalar_one()
    assert stored.startswith("$argon2id$") and "mật-khẩu" not in stored
    assert store.verify_password(" canbo ", "mật-khẩu dài").person_id == person


def test_a_wrong_password_an_unknown_name_and_a_deactivated_account_are_refused(store):
    store.create_account("thuky", "dung", uuid4())
    store.create_account("cu", "dung", uuid4())
    store.deactivate("cu")

    assert store.verify_password("thuky", "sai") is None
    assert store.verify_password("khong-co", "dung") is None
    assert store.verify_password("cu", "dung") is None


def test_a_username_is_taken_once(store):
    store.create_account("lanhdao", "a", uuid4())

    with pytest.raises(AccountError):
        store.create_account("LanhDao", "b", uuid4())


def test_rebuilding_the_read_models_keeps_the_accounts(store, container):
    store.create_account("kiemtoan", "bi-mat", uuid4())

    container.projector.rebuild()

    assert store.verify_password("kiemtoan", "bi-mat") is not None


def test_every_demo_role_holder_has_an_account_and_each_alias_holds_its_role(demo_container):
    ensure_demo_accounts(demo_container.projector.engine, demo_container.read_engine, FAST)
    store = AccountStore(demo_container.projector.engine, demo_container.read_engine, FAST)

    with demo_container.read_engine.connect() as conn:
        holders = [p for p in queries.list_people(conn) if queries.person_grants(conn, p["person_id"])]
        roles = {alias: {role for role, _scope in queries.person_grants(conn, Person.create_id(key))}
                 for alias, key in ALIASES.items()}

    assert all(store.get_account(p["key"]).person_id == p["person_id"] for p in holders)
    assert {role for held in roles.values() for role in held} >= {
        "admin", "unit_clerk", "unit_head", "secretariat", "council_member", "signer", "auditor",
    }
    assert store.verify_password("thuky", DEMO_PASSWORD).person_id == Person.create_id(ALIASES["thuky"])
    assert "secretariat" in roles["thuky"] and "signer" in roles["lanhdao"] and "unit_clerk" in roles["vanthu"]
