"""AwardDecision: what mutation testing found untested (docs/mutation.md).

Who, in what role and when is recorded on every event; the exact refusal messages; the persisted id derivation;
a signer who drafted the decision or is an awardee; superseding only a signed, unrevoked decision.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

import pytest

from domain.decision import AwardDecision, check_draft
from domain.exceptions import InvalidCommandError, SeparationOfDutiesError, StageOrderError
from tests.unit.mutant_support import last_event, refused

AT = datetime(2026, 1, 6, 3, 0, tzinfo=timezone.utc)
SIGNER, DRAFTER, NOMINEE = UUID(int=1), UUID(int=2), UUID(int=3)
SIGNED_ON = date(2026, 1, 6)


def draft(signer: UUID = SIGNER, drafter: UUID = DRAFTER) -> AwardDecision:
    return AwardDecision(
        issuer_id=uuid4(), year=2026, number="15/QĐ-SKHCN", kind="award", target_decision_id=None,
        subject="Khen thưởng", decision_date=date(2026, 1, 5), signer_id=signer, signer_title="Giám đốc",
        authority_level="unit_head", legal_bases=[], items=[{"nomination_id": uuid4(), "nominee_id": NOMINEE}],
        totals={}, ruleset_version="v", reason="", by=drafter, role="secretariat", at=AT,
    )


def signed() -> AwardDecision:
    decision = draft()
    decision.sign(SIGNED_ON, by=SIGNER, role="signer", at=AT)
    return decision




def test_the_id_is_derived_from_issuer_year_and_number_as_stored():
    issuer = UUID(int=7)
    expected = uuid5(NAMESPACE_URL, f"thidua:/decision/{issuer}/2026/15/QĐ-SKHCN")
    assert AwardDecision.create_id(issuer, 2026, "15/QĐ-SKHCN") == expected


def test_signing_records_the_signer_role_time_and_no_hash_by_default():
    decision = draft()
    when = datetime(2026, 1, 6, 4, 30, tzinfo=timezone.utc)
    decision.sign(SIGNED_ON, by=SIGNER, role="director", at=when)
    event = last_event(decision)
    assert (event.signed_on, event.by, event.role, event.at) == (SIGNED_ON, SIGNER, "director", when)
    assert (event.document, event.pdf_sha256) == ({}, "")
    assert decision.pdf_sha256 == ""


def test_a_signer_who_drafted_the_decision_may_not_sign():
    decision = draft(signer=DRAFTER, drafter=DRAFTER)
    refused(
        SeparationOfDutiesError, "người có tên trong danh sách không được ký",
        decision.sign, SIGNED_ON, by=DRAFTER, role="signer", at=AT,
    )


def test_a_signer_who_is_an_awardee_may_not_sign():
    decision = draft(signer=NOMINEE)
    refused(
        SeparationOfDutiesError, "người có tên trong danh sách không được ký",
        decision.sign, SIGNED_ON, by=NOMINEE, role="signer", at=AT,
    )


def test_sign_refusals_say_why():
    decision = draft()
    refused(
        SeparationOfDutiesError, "Chỉ người ký được ghi trong dự thảo",
        decision.sign, SIGNED_ON, by=uuid4(), role="signer", at=AT,
    )
    refused(
        StageOrderError,
        "ngày 05/01/2026: chưa đến ngày đó, chưa thể ký (quyết định không được ghi ngày sau ngày ký)",
        decision.sign, date(2026, 1, 4), by=SIGNER, role="signer", at=AT,
    )
    decision.sign(date(2026, 1, 5), by=SIGNER, role="signer", at=AT)  # on its own date: allowed
    refused(StageOrderError, "đã được ký", decision.sign, SIGNED_ON, by=SIGNER, role="signer", at=AT)


def test_a_discarded_draft_cannot_be_signed_or_discarded_again():
    decision = draft()
    decision.discard(by=DRAFTER, role="secretariat", at=AT, reason="Sai số")
    refused(
        StageOrderError, "đã bị hủy bỏ, không thể ký",
        decision.sign, SIGNED_ON, by=SIGNER, role="signer", at=AT,
    )
    refused(
        StageOrderError, "Dự thảo quyết định đã bị hủy bỏ",
        decision.discard, by=DRAFTER, role="secretariat", at=AT, reason="Lần nữa",
    )


def test_discarding_records_who_role_time_and_reason():
    decision = draft()
    decision.discard(by=DRAFTER, role="secretariat", at=AT, reason="Sai số tiền")
    event = last_event(decision)
    assert (event.by, event.role, event.at, event.reason) == (DRAFTER, "secretariat", AT, "Sai số tiền")


def test_discard_refusals_say_why():
    refused(
        InvalidCommandError, "phải nêu lý do",
        draft().discard, by=DRAFTER, role="secretariat", at=AT, reason="  ",
    )
    refused(
        StageOrderError, "đã ký không thể hủy bỏ",
        signed().discard, by=DRAFTER, role="secretariat", at=AT, reason="Sai",
    )


@pytest.mark.parametrize(("revoke", "name"), [(True, "Revoked"), (False, "Amended")])
def test_superseding_records_the_later_decision_who_role_time_and_reason(revoke, name):
    decision, later, clerk = signed(), uuid4(), uuid4()
    decision.supersede(later, revoke, by=clerk, role="secretariat", at=AT, reason="Gian dối")
    event = last_event(decision)
    assert type(event).__name__ == name
    assert (event.by_decision_id, event.by, event.role, event.at, event.reason) == (
        later, clerk, "secretariat", AT, "Gian dối",
    )
    assert decision.superseded_by == later and decision.revoked is revoke


@pytest.mark.parametrize("revoke", [True, False])
def test_only_a_signed_unrevoked_decision_is_superseded(revoke):
    words = "đã ký và còn hiệu lực"
    refused(StageOrderError, words, draft().supersede, uuid4(), revoke, by=DRAFTER, role="r", at=AT, reason="x")
    decision = signed()
    decision.supersede(uuid4(), True, by=DRAFTER, role="r", at=AT, reason="x")
    refused(StageOrderError, words, decision.supersede, uuid4(), revoke, by=DRAFTER, role="r", at=AT, reason="x")


@pytest.mark.parametrize(
    ("kind", "number", "items", "target", "reason", "words"),
    [
        ("praise", "1/QĐ", [{"nomination_id": 1}], None, "", "Loại quyết định"),
        ("award", " ", [{"nomination_id": 1}], None, "", "phải có số"),
        ("award", "1/QĐ", [], None, "", "ít nhất một hồ sơ"),
        ("amendment", "1/QĐ", [], None, "Sai", "nêu quyết định bị sửa đổi/hủy và lý do"),
        ("revocation", "1/QĐ", [], UUID(int=9), " ", "nêu quyết định bị sửa đổi/hủy và lý do"),
        ("award", "1/QĐ", [{"nomination_id": 1}, {"nomination_id": 1}], None, "", "chỉ được ghi một lần"),
    ],
)
def test_check_draft_refusals_say_why(kind, number, items, target, reason, words):
    refused(InvalidCommandError, words, check_draft, kind, number, items, target, reason)
