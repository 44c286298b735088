"""TOTP as RFC 6238 defines it (the appendix B vectors, through pyotp) and the codes the sign-in accepts."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta, timezone

import pyotp
import pytest

from adapters.accounts_second_factor import matching_step, provisioning_uri, recovery_code, typed

SEEDS = {  # RFC 6238 Appendix B: the ASCII seed "12345678901234567890" repeated to the hash's key length
    "sha1": b"12345678901234567890", "sha256": b"12345678901234567890123456789012", "sha512": b"1234567890" * 6 + b"1234",
}
VECTORS = [  # (Unix time, SHA-1, SHA-256, SHA-512), eight digits
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize("unix_time, sha1, sha256, sha512", VECTORS)
def test_pyotp_gives_the_rfc_6238_codes(unix_time, sha1, sha256, sha512):
    at = datetime.fromtimestamp(unix_time, timezone.utc)
    codes = [
        pyotp.TOTP(base64.b32encode(SEEDS[name]).decode(), digits=8, digest=getattr(hashlib, name)).at(at)
        for name in ("sha1", "sha256", "sha512")
    ]

    assert codes == [sha1, sha256, sha512]


def test_the_current_code_and_its_neighbours_match_their_steps():
    secret, at = pyotp.random_base32(), datetime(2026, 12, 5, 9, 0, 10, tzinfo=timezone.utc)
    totp, step = pyotp.TOTP(secret), int(at.timestamp()) // 30

    assert matching_step(secret, totp.at(at), at) == step
    assert matching_step(secret, totp.at(at - timedelta(seconds=30)), at) == step - 1
    assert matching_step(secret, totp.at(at + timedelta(seconds=30)), at) == step + 1


def test_a_code_two_steps_old_or_wrong_matches_nothing():
    secret, at = pyotp.random_base32(), datetime(2026, 12, 5, 9, 0, 10, tzinfo=timezone.utc)
    old = pyotp.TOTP(secret).at(at - timedelta(seconds=60))

    assert matching_step(secret, old, at) is None
    assert matching_step(secret, "", at) is None
    assert matching_step(secret, "12345a", at) is None


def test_a_code_is_read_as_typed_with_spaces_and_dashes():
    secret, at = pyotp.random_base32(), datetime(2026, 12, 5, 9, 0, 10, tzinfo=timezone.utc)
    code = pyotp.TOTP(secret).at(at)

    assert matching_step(secret, f" {code[:3]} {code[3:]} ", at) is not None
    assert typed(" ABCDE-fghjk ") == "abcdefghjk"


def test_recovery_codes_are_two_groups_of_five_without_look_alikes():
    codes = {recovery_code() for _ in range(50)}

    assert len(codes) == 50
    assert all(len(c) == 11 and c[5] == "-" and not set(c) & set("01ilo") for c in codes)


def test_the_enrolment_address_names_the_issuer_and_the_account():
    assert provisioning_uri("LanhDao", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") == "otpauth://totp/thidua:lanhdao?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=thidua"


def test_the_policy_covers_a_sessions_chair_as_its_ballot_trustee_only_when_trustees_are_named() -> None:
    from domain.accounts_security import requires_second_factor

    asked: list[bool] = []

    def chairing() -> bool:
        asked.append(True)
        return True

    assert requires_second_factor(["signer"], ["signer", "trustee"], chairing) and not asked  # a role decides first
    assert requires_second_factor(["council_member"], ["signer", "trustee"], chairing)
    assert not requires_second_factor(["council_member"], ["signer"], chairing)
    assert not requires_second_factor(["council_member"], ["signer", "trustee"], lambda: False)
