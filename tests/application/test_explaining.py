"""Explaining an award: everything the signed decision rested on, as of its signing, and its seal.

The application runs on an in-memory SQLite store with the ledger on, because the seal and the
positions come from the hash chain.
"""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID, uuid4

import pytest

from adapters.ledger.store import ledger_index
from domain import commands as c
from domain.application import Thidua
from domain.council import BallotBox
from domain.exceptions import StageOrderError
from domain.values import Actor, Role
from tests.application.test_lifecycle import world  # noqa: F401 - shared fixture, on this module's app
from tests.ballot_support import passphrases, register_trustees
from tests.builders import World, publish_shipped_rules
from tests.conftest import accept_freezegun_values

EVIDENCE = {"name": "bc.pdf", "sha256": "b" * 64, "size": 1024, "content_type": "application/pdf"}


@pytest.fixture
def app(clock):
    application = Thidua(env={
        "PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": f"file:explain-{uuid4().hex}?mode=memory&cache=shared",
        "APPLICATION_RECORDER_TOPIC": "adapters.ledger.sqlite:SQLiteLedgerRecorder",
    }, clock=clock)
    application.ledger = ledger_index(application.recorder)
    accept_freezegun_values(application)
    publish_shipped_rules(application)
    yield application
    application.close()


def to_signed(world: World, clock) -> UUID:
    """A dossier returned once, posted, objected to (objection dismissed), voted 4–1 and awarded."""
    app = world.app
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[0], "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved", "Đồng ý trình"))
    app.return_nomination(world.as_secretary, c.ReturnNomination(n, "drafted", "Thiếu minh chứng"))
    evidence = [app.record_evidence(world.as_clerk, c.RecordEvidence(world.division, *EVIDENCE.values()))]
    app.revise_dossier(world.as_clerk, c.ReviseDossier(n, "Hoàn thành tốt nhiệm vụ, có minh chứng.", evidence=evidence))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n, "Đã bổ sung minh chứng"))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(world.as_secretary, c.PostPublicly([n], until=date(2025, 12, 20)))
    clock.set(2025, 12, 5, 9)
    objection = app.raise_objection(None, c.RaiseObjection(n, "Đề nghị xem lại thành tích"))
    app.resolve_objection(world.as_secretary, c.ResolveObjection(n, objection, False, "Đã xác minh, không có cơ sở"))
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], [n], date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members[:4]))
    for member in world.members[:4]:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes"}))
    app.cast_ballot(Actor(world.members[4], Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "no"}, written=True))
    app.close_session(world.as_secretary, c.CloseSession(session))
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    clock.set(2026, 1, 10, 9)
    decision = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
        world.signer, "Giám đốc Sở", [n],
    ))
    app.sign_decision(world.as_signer, c.SignDecision(decision))
    return n


def test_every_stage_is_listed_with_its_actor_role_and_reason(world, clock):
    explanation = world.app.explain_award(to_signed(world, clock))

    stages = [(s["event"], s["role"], s["reason"]) for s in explanation["stages"]]
    assert stages[:4] == [
        ("Drafted", "unit_clerk", ""), ("Submitted", "unit_clerk", ""), ("StageApproved", "unit_head", "Đồng ý trình"),
        ("Returned", "secretariat", "Thiếu minh chứng"),
    ]
    assert stages[-1] == ("Decided", "signer", "")
    assert [r["details"]["to_stage"] for r in explanation["returns"]] == ["drafted"]
    assert explanation["dossier"][-1]["details"]["evidence"] == [EVIDENCE]


def test_the_posting_and_the_dismissed_objection_are_shown(world, clock):
    posting = world.app.explain_award(to_signed(world, clock))["posting"]

    assert [p["details"]["until"] for p in posting["postings"]] == ["2025-12-20"]
    assert [(o["event"], o["reason"]) for o in posting["objections"]] == [
        ("ObjectionRaised", ""), ("ObjectionResolved", "Đã xác minh, không có cơ sở"),
    ]


def test_the_council_shows_composition_attendance_and_counts_but_never_who_chose_what(world, clock):
    explanation = world.app.explain_award(to_signed(world, clock))

    council = explanation["council"]
    assert council["members"] == [str(m) for m in world.members] and len(council["present"]) == 4
    assert (council["tally"]["yes"], council["tally"]["no"], council["written_ballots"]) == (4, 1, 1)
    assert set(council) == {
        "session_id", "name", "meeting_on", "members", "chair_id", "present", "ballots_cast", "written_ballots",
        "ruleset_version", "tally",
    }
    assert "choices" not in json.dumps(explanation)


def test_a_ballot_box_read_at_any_moment_shows_how_many_ballots_but_no_choice(world, clock):
    app = world.app
    session = UUID(app.explain_award(to_signed(world, clock))["council"]["session_id"])
    box = BallotBox.create_id(session)

    after_two = app.item_as_of(box, position=app.ledger.position_of(box, 3))["state"]
    now = app.item_as_of(box)["state"]

    assert after_two == {"session_id": str(session), "ballot_count": 2, "unsealed": False}
    assert (now["ballot_count"], now["unsealed"]) == (5, True)


def test_money_rules_and_articles_are_those_applied_at_signing(world, clock):
    explanation = world.app.explain_award(to_signed(world, clock))

    assert (explanation["money"]["amount"], explanation["money"]["paid_amount"]) == (710_000, 710_000)
    assert explanation["money"]["formula"].startswith("0.3 × 2.340.000 đồng")
    assert explanation["rules"]["decision_ruleset_version"] in explanation["rules"]["versions_applied"]
    assert set(explanation["rules"]["articles"]) == {"title", "signers", "posting", "vote", "money"}


def test_the_digest_sealed_at_signing_covers_the_decision_and_still_holds(world, clock):
    app = world.app
    explanation = app.explain_award(to_signed(world, clock))

    seal = explanation["seal"]
    assert seal["intact"] is True and seal["position"] >= explanation["as_of"]
    assert app.verify_ledger(seal["chain_hash"]).digest_position == seal["position"]


def test_a_later_revocation_is_noted_but_does_not_change_what_the_signing_rested_on(world, clock):
    app = world.app
    n = to_signed(world, clock)
    signed = app.repository.get(n).decision_id
    clock.set(2026, 3, 2, 9)
    revocation = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "20/QĐ-SKHCN", "Về việc hủy Quyết định số 05/QĐ-SKHCN", date(2026, 3, 2), world.signer,
        "Giám đốc Sở", [], kind="revocation", target_decision_id=signed, reason="Kê khai thành tích không trung thực",
    ))
    app.sign_decision(world.as_signer, c.SignDecision(revocation))

    explanation = app.explain_award(n)

    assert explanation["decision"]["revoked"] is False and explanation["decision"]["signed_on"] == "2026-01-10"
    assert explanation["since_signing"] == {"superseded_by": str(revocation), "revoked": True}


def test_a_nomination_without_a_signed_decision_has_no_explanation(world, clock):
    clock.set(2025, 12, 1, 9)
    n = world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[1], "individual", "LDTT", "Thành tích"))

    with pytest.raises(StageOrderError):
        world.app.explain_award(n)
