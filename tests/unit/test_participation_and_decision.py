from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from domain.decision import AwardDecision, check_draft
from domain.exceptions import InvalidCommandError, SeparationOfDutiesError, StageOrderError
from domain.organisation import Cluster, Person
from domain.participation import Participation

AT = datetime(2025, 4, 2, tzinfo=timezone.utc)
WHO = {"by": uuid4(), "role": "unit_clerk", "at": AT}


def signed_up() -> Participation:
    return Participation(
        campaign_id=uuid4(), participant_id=uuid4(), participant_kind="unit", unit_id=uuid4(),
        registered_titles=["TLDTT"], **WHO,
    )


def test_same_participant_and_campaign_give_the_same_participation_id():
    campaign, unit = uuid4(), uuid4()
    assert Participation.create_id(campaign, unit) == Participation.create_id(campaign, unit)


def test_a_report_per_period_and_corrections_are_new_events_with_a_reason():
    p = signed_up()
    p.report("2025-Q1", "2025-Q1", date(2025, 3, 31), {"ldtt-95": 60.0}, [], False, **WHO)
    with pytest.raises(InvalidCommandError):
        p.report("2025-Q1", "2025-Q1", date(2025, 3, 31), {"ldtt-95": 61.0}, [], False, **WHO)
    with pytest.raises(InvalidCommandError):
        p.correct_report("2025-Q1", {"ldtt-95": 62.0}, [], reason="", **WHO)

    p.correct_report("2025-Q1", {"ldtt-95": 62.0}, [{"name": "bb.pdf"}], reason="Sai số liệu", **WHO)

    assert p.reports["2025-Q1"]["values"] == {"ldtt-95": 62.0}
    assert [type(e).__name__ for e in p.collect_events()] == ["SignedUp", "ProgressReported", "ReportCorrected"]


def test_report_values_must_be_numbers():
    with pytest.raises(InvalidCommandError):
        signed_up().report("q", "q", date(2025, 3, 31), {"x": "nhiều"}, [], False, **WHO)


def draft_decision(signer, drafter) -> AwardDecision:
    nominee = uuid4()
    return AwardDecision(
        issuer_id=uuid4(), year=2026, number="15/QĐ-SKHCN", kind="award", target_decision_id=None, subject="s",
        decision_date=date(2026, 1, 5), signer_id=signer, signer_title="Giám đốc", authority_level="unit_head",
        legal_bases=[], items=[{"nomination_id": uuid4(), "nominee_id": nominee}], totals={}, ruleset_version="v",
        reason="", by=drafter, role="secretariat", at=AT,
    )


def test_only_the_named_signer_signs_and_only_once():
    signer, drafter = uuid4(), uuid4()
    d = draft_decision(signer, drafter)
    with pytest.raises(SeparationOfDutiesError):
        d.sign(date(2026, 1, 5), by=drafter, role="signer", at=AT)
    d.sign(date(2026, 1, 5), by=signer, role="signer", at=AT)
    with pytest.raises(StageOrderError):
        d.sign(date(2026, 1, 5), by=signer, role="signer", at=AT)


def test_amendment_or_revocation_names_its_target_and_a_reason():
    with pytest.raises(InvalidCommandError):
        check_draft("revocation", "2/QĐ", [], None, "Gian dối")
    with pytest.raises(InvalidCommandError):
        check_draft("award", "3/QĐ", [], None, "")
    check_draft("revocation", "2/QĐ", [], uuid4(), "Gian dối trong kê khai")


def test_roles_are_scoped_and_revocable():
    admin = {"by": uuid4(), "role": "admin", "at": AT, "reason": ""}
    unit = uuid4()
    person = Person(key="p", full_name="Lò Văn Páo", gender="m", unit_id=unit, position="Chuyên viên", by=admin["by"], role="admin", at=AT)
    person.grant_role("unit_head", unit, **admin)

    assert person.holds("unit_head", unit) and not person.holds("unit_head", uuid4())
    person.revoke_role("unit_head", unit, **admin)
    assert not person.holds("unit_head", unit)


def test_cluster_membership_is_dated():
    cluster = Cluster(key="cum2", name="Cụm 2", by=uuid4(), role="admin", at=AT)
    ha_giang = uuid4()
    who = {"by": uuid4(), "role": "admin", "at": AT, "reason": "NQ 202/2025/QH15"}
    cluster.change_membership(ha_giang, True, date(2023, 1, 1), **who)
    cluster.change_membership(ha_giang, False, date(2025, 7, 1), **who)

    assert cluster.members_on(date(2025, 6, 30)) == [ha_giang]
    assert cluster.members_on(date(2025, 7, 1)) == []
