"""Award decisions keep the law on every path: posting judged by the business clock, separation of duties over
the whole history, one load per aggregate, and a draft that can be discarded (thidua issue #15)."""

import hashlib
import json
from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest

from domain import commands as c
from domain.decision import AwardDecision
from domain.exceptions import InvalidCommandError, PermissionDeniedError, RuleViolationError, SeparationOfDutiesError, StageOrderError
from domain.register import AwardRegister
from domain.values import Actor, Role, Stage
from tests.application.test_lifecycle import to_voted, world  # noqa: F401 - shared fixture
from tests.ballot_support import passphrases, register_trustees
from tests.builders import World, grant, person


def nominated(world: World, clock, nominee: UUID, code: str = "LDTT") -> UUID:
    """A nomination checked by the secretariat on 1 December 2025."""
    app = world.app
    clock.set(2025, 12, 1, 9)
    n = app.nominate(world.as_clerk, c.Nominate(world.campaign, nominee, "individual", code, "Hoàn thành tốt nhiệm vụ năm 2025."))
    app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    return n


def voted(world: World, clock, nominations: list[UUID], until: date, meeting: tuple[int, int, int]) -> None:
    """Post the dossiers until `until`, then the council passes them all on `meeting` (posting may still run)."""
    app = world.app
    app.post_publicly(world.as_secretary, c.PostPublicly(nominations, until=until))
    clock.set(*meeting, 9)
    session = app.convene_session(world.as_secretary, c.ConveneSession(
        world.department, "Hội đồng TĐKT Sở", world.members, world.members[0], nominations, date(*meeting),
    ))
    register_trustees(app, session)
    app.record_attendance(world.as_secretary, c.RecordAttendance(session, world.members))
    for member in world.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes" for n in nominations}))
    app.close_session(world.as_secretary, c.CloseSession(session))
    app.tally_session(world.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))


def draft(world: World, nominations: list[UUID], on: date, number: str = "05/QĐ-SKHCN", by: Actor | None = None) -> UUID:
    return world.app.draft_decision(by or world.as_drafter, c.DraftDecision(
        world.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", on, world.signer,
        "Giám đốc Sở", nominations,
    ))


def unchanged(app, command, *args, error=Exception):
    """Run a command that must be refused, and check it recorded nothing."""
    before = app.recorder.max_notification_id()
    with pytest.raises(error) as refused:
        command(*args)
    assert app.recorder.max_notification_id() == before
    return refused.value


# --- 1. the public posting is judged on the day of drafting and of signing, never on a typed date ---------


def test_a_future_decision_date_does_not_cut_a_running_posting_short(world, app, clock):
    n = nominated(world, clock, world.staff[0])
    voted(world, clock, [n], until=date(2026, 1, 20), meeting=(2026, 1, 6))
    clock.set(2026, 1, 10, 9)  # the posting runs until 20 January

    unchanged(app, draft, world, [n], date(2026, 1, 25), error=RuleViolationError)
    assert app.repository.get(n).stage is Stage.VOTED


def test_a_decision_dated_after_today_is_drafted_but_signed_only_on_its_date(world, app, clock):
    n = nominated(world, clock, world.staff[0])
    voted(world, clock, [n], until=date(2026, 1, 20), meeting=(2026, 1, 6))
    clock.set(2026, 1, 22, 9)
    decision = draft(world, [n], date(2026, 1, 25))

    refused = unchanged(app, app.sign_decision, world.as_signer, c.SignDecision(decision), error=StageOrderError)
    assert "25/01/2026" in refused.message

    clock.set(2026, 1, 25, 8)
    app.sign_decision(world.as_signer, c.SignDecision(decision))
    assert app.repository.get(decision).signed_on == date(2026, 1, 25)


def test_signed_on_is_the_day_of_signing_not_the_typed_date(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = draft(world, [n], date(2026, 1, 10))

    clock.set(2026, 1, 14, 23, 30)  # late evening in Vietnam
    app.sign_decision(world.as_signer, c.SignDecision(decision))

    signed = app.repository.get(decision)
    assert signed.signed_on == date(2026, 1, 14)
    assert [a.decided_on for a in app.repository.get(world.staff[0]).awards] == [date(2026, 1, 14)]


def test_a_decision_backdated_into_the_posting_is_refused(world, app, clock):
    n = nominated(world, clock, world.staff[0])
    voted(world, clock, [n], until=date(2026, 1, 20), meeting=(2026, 1, 6))
    clock.set(2026, 1, 22, 9)

    unchanged(app, draft, world, [n], date(2026, 1, 15), error=RuleViolationError)


# --- 2. separation of duties over the whole history of a dossier -------------------------------------------


def test_an_approval_undone_by_a_return_still_bars_the_approver_from_another_stage(world, app, clock):
    n = nominated(world, clock, world.staff[0])
    app.return_nomination(world.as_secretary, c.ReturnNomination(n, "submitted", "Thiếu minh chứng"))
    deputy = person(app, "deputy", "Lường Văn Khánh", world.division, position="Phó Trưởng phòng")
    grant(app, deputy, Role.UNIT_HEAD, world.division)
    app.approve_stage(Actor(deputy, Role.UNIT_HEAD), c.ApproveStage(n, "unit_approved"))
    grant(app, world.head, Role.SECRETARIAT, world.department)

    unchanged(app, app.approve_stage, Actor(world.head, Role.SECRETARIAT), c.ApproveStage(n, "checked"),
              error=SeparationOfDutiesError)
    assert world.head in app.repository.get(n).acted_by


def test_the_same_approver_may_approve_the_same_stage_again_after_a_return(world, app, clock):
    n = nominated(world, clock, world.staff[0])
    app.return_nomination(world.as_secretary, c.ReturnNomination(n, "submitted", "Thiếu minh chứng"))

    app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(world.as_secretary, c.ApproveStage(n, "checked"))
    assert app.repository.get(n).stage is Stage.CHECKED


def test_nobody_signs_a_decision_listing_a_dossier_they_approved(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    grant(app, world.head, Role.SIGNER, world.department)
    clock.set(2026, 1, 10, 9)
    decision = app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu", date(2026, 1, 10), world.head, "Giám đốc Sở", [n],
    ))

    unchanged(app, app.sign_decision, Actor(world.head, Role.SIGNER), c.SignDecision(decision), error=SeparationOfDutiesError)


def test_the_checker_of_a_dossier_does_not_draft_the_decision_listing_it(world, app, clock):
    n = to_voted(world, clock, world.staff[0])  # the first secretariat member checked it
    clock.set(2026, 1, 10, 9)

    unchanged(app, draft, world, [n], date(2026, 1, 10), "05/QĐ-SKHCN", world.as_secretary, error=SeparationOfDutiesError)
    assert app.repository.get(n).stage is Stage.VOTED


# --- 4. one person listed twice -------------------------------------------------------------------------------


def test_a_decision_listing_two_titles_of_one_person_is_signed_and_pays_the_highest(world, app, clock):
    nominee = world.staff[0]
    app.record_rating(Actor.system(), c.RecordRating(nominee, 2025, "HTXSNV", reason="Kết quả đánh giá cuối năm"))
    both = [nominated(world, clock, nominee, "LDTT"), nominated(world, clock, nominee, "CSTDCS")]
    voted(world, clock, both, until=date(2025, 12, 20), meeting=(2026, 1, 6))
    clock.set(2026, 1, 10, 9)
    decision = draft(world, both, date(2026, 1, 10))

    app.sign_decision(world.as_signer, c.SignDecision(decision))

    signed = app.repository.get(decision)
    assert [(i["title_code"], i["paid"]) for i in signed.items] == [("LDTT", False), ("CSTDCS", True)]
    assert sorted(a.code for a in app.repository.get(nominee).awards) == ["CSTDCS", "LDTT"]


# --- 5. a draft decision can be discarded, releasing its dossiers and quota places ---------------------------


def test_a_discarded_draft_releases_its_dossiers_and_quota_places(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = draft(world, [n], date(2026, 1, 10))
    register = AwardRegister.create_id(world.campaign)

    app.discard_decision(world.as_secretary, c.DiscardDecision(decision, "Ghi sai trích yếu"))

    assert app.repository.get(decision).discarded
    released = app.repository.get(n)
    assert released.stage is Stage.VOTED and released.decision_id is None and released.posted_until == date(2025, 12, 20)
    assert str(decision) not in app.repository.get(register).entries
    unchanged(app, app.sign_decision, world.as_signer, c.SignDecision(decision), error=StageOrderError)
    again = draft(world, [n], date(2026, 1, 10), number="06/QĐ-SKHCN")
    app.sign_decision(world.as_signer, c.SignDecision(again))
    assert app.repository.get(n).stage is Stage.DECIDED


def test_only_the_issuers_secretariat_discards_an_unsigned_draft_with_a_reason(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = draft(world, [n], date(2026, 1, 10))

    unchanged(app, app.discard_decision, world.as_secretary, c.DiscardDecision(decision, "  "), error=InvalidCommandError)
    unchanged(app, app.discard_decision, world.as_signer, c.DiscardDecision(decision, "Lý do"), error=PermissionDeniedError)
    app.sign_decision(world.as_signer, c.SignDecision(decision))
    unchanged(app, app.discard_decision, world.as_secretary, c.DiscardDecision(decision, "Lý do"), error=StageOrderError)
    assert isinstance(app.repository.get(decision), AwardDecision)


# --- 3. the signature records what the documents print, and the PDF's hash ----------------------------------


def test_signing_records_the_printed_facts_and_the_hash_of_the_pdf_printed_from_them(world, app, clock):
    app.render_pdf = lambda facts: json.dumps(facts, sort_keys=True).encode()  # a stand-in printer
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = draft(world, [n], date(2026, 1, 10))
    app.sign_decision(world.as_signer, c.SignDecision(decision))
    app.rename_unit(Actor.system(), c.RenameUnit(world.division, "Phòng Chuyển đổi số", "Phòng CĐS", "Đổi tên"))

    signed = app.repository.get(decision)
    assert signed.document["items"][0]["unit_name"] == "Phòng Công nghệ thông tin"
    assert signed.document["signer"]["full_name"] == "Trần Quốc Hùng" and signed.document["signed_on"] == "2026-01-10"
    assert signed.pdf_sha256 == hashlib.sha256(app.render_pdf(signed.document)).hexdigest()


def test_a_signature_stored_before_the_facts_were_kept_still_loads(world, app, clock):
    n = to_voted(world, clock, world.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = draft(world, [n], date(2026, 1, 10))
    app.sign_decision(world.as_signer, c.SignDecision(decision))
    stored = app.events.mapper.to_stored_event(list(app.events.get(decision))[-1])
    state = {k: v for k, v in json.loads(stored.state).items() if k not in ("document", "pdf_sha256", "class_version")}

    old = app.mapper.to_domain_event(replace(stored, state=json.dumps(state).encode()))

    assert isinstance(old, AwardDecision.Signed) and old.document == {} and old.pdf_sha256 == ""
