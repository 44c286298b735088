"""Second factors kept beside the accounts, on SQLite and PostgreSQL: enrolment confirmed by a first code, each
code accepted once, recovery codes single-use, an admin's reset."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pyotp
import pytest
from argon2 import PasswordHasher

from adapters.accounts_second_factor import SecondFactorError, SecondFactorStore
from adapters.config import load_settings
from adapters.database import make_engine

AT = datetime(2026, 12, 5, 9, 0, 10, tzinfo=timezone.utc)


@pytest.fixture
def store(database_url, tmp_path):
    engine = make_engine(load_settings({"THIDUA_DATABASE_URL": database_url}, instance_path=tmp_path).sqlalchemy_url)
    yield SecondFactorStore(engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
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
