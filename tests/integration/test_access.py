"""Who a bearer secret is, kept per worker: asked once while nothing changes, and never kept past a revocation
or a role withdrawn, whichever process made the change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event

from adapters.access import Access
from adapters.database import make_engine
from adapters.tokens import TokenStore
from domain import commands as c
from domain.values import Role
from tests.builders import SYSTEM, build_world
from tests.integration.projections_support import eventually

pytest_plugins = ("tests.integration.state_fixtures",)


@pytest.fixture
def world(watched, clock):
    clock.set(2025, 1, 2, 9)
    return build_world(watched.app)


@pytest.fixture
def access(watched):
    return Access(TokenStore.open(watched.projector.engine), watched.read_engine, watched.read_models_state)


def statements(engine) -> list[str]:  # type: ignore[no-untyped-def]
    """The statements `engine` runs from now on (SQLite's BEGIN aside)."""
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda _c, _k, sql, *_a: sql == "BEGIN" or seen.append(sql))
    return seen


def test_a_holder_is_read_once_while_nothing_changes(access, world):
    token, secret = access.tokens.create(world.head, Role.UNIT_HEAD)
    reads = statements(access.engine)

    first, again = access.holder(secret), access.holder(secret)

    assert first == again and first.token == token and first.holds_role and len(reads) == 1  # token and roles at once
    assert first.actor.person_id == world.head and first.actor.role is Role.UNIT_HEAD


def test_an_unknown_secret_has_no_holder(access, world):
    access.tokens.create(world.head, Role.UNIT_HEAD)

    assert access.holder("thd_not-a-token") is None


def test_a_token_revoked_in_another_process_loses_its_holder(access, world, watched):
    token, secret = access.tokens.create(world.head, Role.UNIT_HEAD)
    assert access.holder(secret) is not None
    engine = make_engine(watched.settings.sqlalchemy_url)
    try:
        TokenStore(engine).revoke(token.token_id)
    finally:
        engine.dispose()

    assert eventually(lambda: access.holder(secret) is None)


def test_a_role_withdrawn_in_another_process_is_seen(access, world, elsewhere):
    _token, secret = access.tokens.create(world.head, Role.UNIT_HEAD)
    assert access.holder(secret).holds_role

    elsewhere.app.revoke_role(SYSTEM, c.RevokeRole(world.head, "unit_head", world.division))

    assert eventually(lambda: not access.holder(secret).holds_role)


def test_holders_are_kept_across_token_uses_written(access, world):
    _token, secret = access.tokens.create(world.head, Role.UNIT_HEAD)
    other_token, other_secret = access.tokens.create(world.head, Role.UNIT_HEAD, read_only=True)
    first, other = access.holder(secret), access.holder(other_secret)
    reads = statements(access.engine)

    access.tokens.record_use(other_token.token_id, "GET", "/api/v1/inbox", 200)
    access.tokens.write_uses()  # a commit to the read-model database touching neither revocations nor roles
    access.state.moved()  # as this process's own commits tell it (another process's are heard)

    again, kept = access.holder(secret), access.holder(other_secret)

    assert len(reads) == 1  # the first asked, with the marks; the other kept under them
    assert kept is other and (again.actor, again.grants) == (first.actor, first.grants)


def test_a_revocation_is_seen_though_another_holder_was_read_since(access, world, watched):
    _token, secret = access.tokens.create(world.head, Role.UNIT_HEAD)
    revoked, revoked_secret = access.tokens.create(world.head, Role.UNIT_HEAD, read_only=True)
    assert access.holder(secret) is not None and access.holder(revoked_secret) is not None
    engine = make_engine(watched.settings.sqlalchemy_url)
    try:
        TokenStore(engine).revoke(revoked.token_id)
    finally:
        engine.dispose()

    assert eventually(lambda: access.holder(secret) is not None and access.holder(revoked_secret) is None)


def test_every_use_is_recorded_and_last_used_at_moves_at_most_once_a_minute(watched, world, clock):
    store = TokenStore.open(watched.projector.engine, clock)
    token, _secret = store.create(world.head, Role.UNIT_HEAD)
    first = clock()
    for seconds in (0, 30, 31):  # used now, 30 s later, then a minute and a second after the first use
        clock.advance(seconds=seconds)
        store.record_use(token.token_id, "POST", "/api/v1/nominations", 200)
        store.write_uses()
        if seconds == 30:
            assert store.get(token.token_id).last_used_at == first

    assert len(store.uses(token.token_id)) == 3
    assert store.get(token.token_id).last_used_at == clock() == first + timedelta(seconds=61)
