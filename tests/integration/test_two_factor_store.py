"""Second factors kept beside the accounts, on SQLite and PostgreSQL: enrolment confirmed by a first code, each
code accepted once, recovery codes single-use and kept only as digests, an admin's reset, codes checked against
the wall clock, and a person's codes found through their accounts (the API's signing path)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pyotp
import pytest
from argon2 import PasswordHasher
from freezegun import freeze_time
from sqlalchemy import select

from adapters.accounts import AccountStore
from adapters.accounts_second_factor import SecondFactorError, SecondFactorStore, recovery_codes
from adapters.config import load_settings
from adapters.database import make_engine

AT = datetime(2026, 12, 5, 9, 0, 10, tzinfo=timezone.utc)


@pytest.fixture
def store(database_url, tmp_path):
    engine = make_engine(load_settings({"THIDUA_DATABASE_URL": database_url}, instance_path=tmp_path).sqlalchemy_url)
    AccountStore(engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))  # the accounts a token's person has
    yield SecondFactorStore(engine)
    engine.dispose()


def enrolled(store: SecondFactorStore, username: str = "lanhdao") -> tuple[pyotp.TOTP, list[str]]:
    totp = pyotp.TOTP(store.begin_enrolment(username))
    return totp, store.confirm_enrolment(username, totp.at(AT), AT)


def test_a_secret_is_enrolled_only_when_a_first_code_confirms_it(store):
    totp = pyotp.TOTP(store.begin_enrolment("lanhdao"))

    with pytest.raises(SecondFactorError, match="Mã xác thực không đúng"):
        store.confirm_enrolment("lanhdao", "000000" if totp.at(AT) != "000000" else "111111", AT)
    assert not store.is_enrolled("lanhdao")
    assert len(store.confirm_enrolment("LanhDao", totp.at(AT), AT)) == 10
    assert store.is_enrolled("lanhdao")


def test_an_enrolled_account_cannot_enrol_again_until_reset(store):
    enrolled(store)

    with pytest.raises(SecondFactorError, match="đặt lại"):
        store.begin_enrolment("lanhdao")
    assert store.reset("lanhdao") and not store.is_enrolled("lanhdao")
    assert store.begin_enrolment("lanhdao")


def test_each_code_is_accepted_once_and_never_an_earlier_one(store):
    totp, _codes = enrolled(store)
    later = AT + timedelta(seconds=60)

    assert not store.verify("lanhdao", totp.at(AT), AT)  # the enrolment used it
    assert store.verify("lanhdao", totp.at(later), later)
    assert not store.verify("lanhdao", totp.at(later), later)
    assert not store.verify("lanhdao", totp.at(AT + timedelta(seconds=30)), later)


def test_a_recovery_code_signs_in_once(store):
    _totp, codes = enrolled(store)

    assert store.verify("lanhdao", codes[3].upper().replace("-", " "), AT)
    assert not store.verify("lanhdao", codes[3], AT)
    assert store.unused_recovery_codes("lanhdao") == 9


def test_codes_of_another_account_or_of_none_are_refused(store):
    mine, codes = enrolled(store, "lanhdao")
    other, _ = enrolled(store, "chutich")
    later = AT + timedelta(seconds=30)

    assert store.verify("lanhdao", other.at(later), later) is (other.at(later) == mine.at(later))
    assert not store.verify("chutich", codes[0], AT)
    assert not store.verify("nobody", "123456", AT)


def test_a_reset_forgets_the_recovery_codes_too(store):
    _totp, codes = enrolled(store)

    store.reset("lanhdao")

    assert not store.verify("lanhdao", codes[0], AT)
    assert store.unused_recovery_codes("lanhdao") == 0


def test_recovery_codes_are_kept_only_as_digests(store):
    _totp, codes = enrolled(store)

    with store.reader.connect() as conn:
        kept = conn.execute(select(recovery_codes.c.code_hash)).scalars().all()
    assert len(kept) == 10 and not {c.replace("-", "") for c in codes} & set(kept)
    assert all(len(k) == 64 for k in kept)


def test_without_a_moment_a_code_is_checked_against_the_wall_clock(store):
    totp = pyotp.TOTP(store.begin_enrolment("lanhdao"))
    with freeze_time("2026-12-05 09:00:10"):
        store.confirm_enrolment("lanhdao", totp.now())
    with freeze_time("2026-12-05 09:01:10"):
        assert not store.verify("lanhdao", totp.at(AT - timedelta(days=400)))  # a business date set back a year
        assert store.verify("lanhdao", totp.now())


def test_a_person_is_verified_through_any_enrolled_active_account(store, tmp_path):
    accounts = AccountStore(store.writer, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
    signer = accounts.create_account("lanhdao", "mk", uuid4()).person_id
    accounts.create_account("p001", "mk", signer)
    totp, codes = enrolled(store, "lanhdao")

    assert store.enrolled_accounts(signer) == ["lanhdao"]
    assert store.verify_person(signer, codes[0], AT) and not store.verify_person(signer, codes[0], AT)
    assert not store.verify_person(uuid4(), codes[1], AT)
    accounts.deactivate("lanhdao")
    assert store.enrolled_accounts(signer) == []
