"""The read policy as a pure rule: who reads which kind of personal data about whom."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.council import BallotBox, CouncilSession
from domain.nomination import Nomination
from domain.organisation import Person
from domain.rules.read_access import (
    Kind, Reach, Reader, decision_kind, event_kind, may_read, may_read_file, published, reads_any, token_kinds, trail_kind,
)
from domain.values import Role

OWN, MERGED, OTHER, ISSUER = uuid4(), uuid4(), uuid4(), uuid4()
SIGNER, SOMEONE = uuid4(), uuid4()
NOMINEE = Reach(units=frozenset({MERGED, OWN}), issuers=frozenset({ISSUER}), signers=frozenset({SIGNER}))
PERSONAL = [k for k in Kind if k not in (Kind.PUBLIC, Kind.BALLOTS, Kind.INTEGRATIONS)]  # INTEGRATIONS: tests/unit/test_webhooks.py


def reader(role: Role, *units: object, person: object = SOMEONE, kinds: frozenset[Kind] = frozenset()) -> Reader:
    return Reader(person, role, units, kinds)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", PERSONAL)
def test_admin_and_auditor_read_every_kind_and_nobody_reads_ballots(kind: Kind) -> None:
    assert may_read(reader(Role.ADMIN, None), kind, Reach()) and may_read(reader(Role.AUDITOR, None), kind, Reach())
    assert not may_read(reader(Role.ADMIN, None), Kind.BALLOTS, NOMINEE)


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.UNIT_CLERK])
@pytest.mark.parametrize("kind", PERSONAL)
def test_unit_head_and_clerk_read_their_unit_and_units_merged_into_it(role: Role, kind: Kind) -> None:
    assert may_read(reader(role, OWN), kind, NOMINEE)
    assert may_read(reader(role, OWN), kind, Reach(units=frozenset({MERGED, OWN})))
    assert not may_read(reader(role, OTHER), kind, NOMINEE)
    assert not may_read(reader(role, MERGED), kind, Reach(units=frozenset({OWN})))  # a merged unit reads nothing of its successor


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.COUNCIL_MEMBER])
def test_the_issuers_secretariat_and_council_read_the_dossiers_before_them_and_the_nominees_facts(role: Role) -> None:
    assert [k for k in PERSONAL if may_read(reader(role, ISSUER), k, NOMINEE)] == [Kind.DOSSIERS, Kind.RATINGS, Kind.DISCIPLINE]
    assert not any(may_read(reader(role, OTHER), k, NOMINEE) for k in PERSONAL)
    assert not may_read(reader(role, OWN), Kind.DOSSIERS, NOMINEE)  # held for the nominee's unit, not the issuer


def test_a_signer_reads_the_dossiers_of_the_decisions_they_sign() -> None:
    assert [k for k in PERSONAL if may_read(reader(Role.SIGNER, None, person=SIGNER), k, NOMINEE)] == [
        Kind.DOSSIERS, Kind.RATINGS, Kind.DISCIPLINE]
    assert not any(may_read(reader(Role.SIGNER, None), k, NOMINEE) for k in PERSONAL)


def test_an_integration_token_reads_only_what_its_scopes_grant_in_its_units() -> None:
    scoped = reader(Role.INTEGRATION, OWN, kinds=token_kinds(("ratings", "unknown")))

    assert [k for k in PERSONAL if may_read(scoped, k, NOMINEE)] == [Kind.RATINGS]
    assert not may_read(reader(Role.INTEGRATION, OTHER, kinds=frozenset(PERSONAL)), Kind.RATINGS, NOMINEE)
    assert not any(may_read(reader(Role.INTEGRATION, None), k, NOMINEE) for k in PERSONAL)
    assert may_read(reader(Role.INTEGRATION, None), Kind.PUBLIC, Reach())


def test_events_and_trails_are_classified_by_the_data_they_carry() -> None:
    assert event_kind(Person.DisciplineRecorded) is Kind.DISCIPLINE
    assert event_kind(Person.AnnualRatingRecorded) is Kind.RATINGS
    assert event_kind(Nomination.Submitted) is Kind.DOSSIERS
    assert event_kind(CouncilSession.BallotCast) is Kind.BALLOTS
    assert event_kind(Person.Registered) is Kind.PUBLIC
    assert trail_kind("Record") is Kind.TRAILS and trail_kind("Campaign") is Kind.PUBLIC


def test_lists_skip_their_lookups_only_for_readers_who_read_that_kind_of_nobody() -> None:
    assert reads_any(reader(Role.SIGNER, None), Kind.DOSSIERS) and not reads_any(reader(Role.SIGNER, None), Kind.PAYMENTS)
    assert not reads_any(reader(Role.INTEGRATION, None), Kind.RATINGS) and not reads_any(Reader(), Kind.DOSSIERS)
    assert reads_any(reader(Role.UNIT_CLERK, OWN), Kind.PAYMENTS) and not reads_any(reader(Role.UNIT_CLERK), Kind.PAYMENTS)


def test_a_decision_is_public_once_signed_and_a_draft_is_read_as_its_dossiers() -> None:
    assert [decision_kind(s) for s in ("signed", "amended", "revoked")] == [Kind.PUBLIC] * 3
    assert decision_kind("drafted") is Kind.DOSSIERS and not published({"status": "discarded"})
    assert event_kind(BallotBox.BallotDeposited) is Kind.BALLOTS


def test_an_evidence_file_is_read_as_what_cites_it() -> None:
    clerk, other_clerk, secretariat = reader(Role.UNIT_CLERK, OWN), reader(Role.UNIT_CLERK, OTHER), reader(Role.SECRETARIAT, ISSUER)

    assert may_read_file(clerk, [NOMINEE], False) and may_read_file(secretariat, [NOMINEE], False)
    assert not may_read_file(other_clerk, [NOMINEE], False)
    assert may_read_file(other_clerk, [], True)  # a progress report is shown to everyone signed in
    assert not may_read_file(Reader(), [], True)  # but not to the anonymous
    assert not may_read_file(clerk, [], False) and may_read_file(reader(Role.AUDITOR, None), [], False)
