"""The inbox: each item waits for the right role and unit (or the named signer), with its age and deadline."""

from datetime import date, timedelta

from domain import commands as c
from projections import queries
from tests.builders import person
from tests.integration.projections_support import SYSTEM, decide, to_posted, vote

pytest_plugins = ("tests.integration.projections_fixtures",)


def inbox(container, person_id, now=None):
    with container.read_engine.connect() as conn:
        return queries.list_inbox(conn, person_id, queries.person_grants(conn, person_id), now=now)


def nominated(world, clock, staff=0):
    clock.set(2025, 12, 1, 9)
    return world.app.nominate(world.as_clerk, c.Nominate(world.campaign, world.staff[staff], "individual", "LDTT", "Thành tích"))


def test_submitted_dossier_waits_for_the_head_of_its_unit(container, world, clock):
    n = nominated(world, clock)
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))

    waiting = inbox(container, world.head)

    assert [(i["item_id"], i["stage"], i["waiting_role"]) for i in waiting] == [(n, "submitted", "unit_head")]
    assert waiting[0]["subject_name"] == "Cán bộ 0" and inbox(container, world.clerk) == []


def test_unit_approved_dossier_waits_for_the_secretariat_twenty_working_days(container, world, clock):
    n = nominated(world, clock)
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))

    waiting = inbox(container, world.secretary)

    assert [(i["stage"], i["deadline"]) for i in waiting] == [("unit_approved", date(2025, 12, 29))]
    assert inbox(container, world.head) == []


def test_returned_dossier_waits_for_the_clerk_with_the_reason(container, world, clock):
    n = nominated(world, clock)
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    world.app.return_nomination(world.as_head, c.ReturnNomination(n, "drafted", "Thiếu biên bản bình xét"))

    waiting = inbox(container, world.clerk)

    assert [(i["stage"], i["waiting_role"], i["note"]) for i in waiting] == [("drafted", "unit_clerk", "Thiếu biên bản bình xét")]


def test_draft_decision_waits_for_its_named_signer_only(container, world, clock):
    other_signer = person(world.app, "signer-2", "Phó Giám đốc", world.department)
    world.app.grant_role(SYSTEM, c.GrantRole(other_signer, "signer", world.department))
    n = to_posted(world, clock, world.staff[0])
    vote(world, clock, [n])
    clock.set(2026, 1, 10, 9)
    decision = world.app.draft_decision(world.as_drafter, c.DraftDecision(
        world.department, "05/QĐ", "Tặng danh hiệu", date(2026, 1, 10), world.signer, "Giám đốc Sở", [n],
    ))

    assert [(i["item_id"], i["item_kind"]) for i in inbox(container, world.signer)] == [(decision, "decision")]
    assert inbox(container, other_signer) == []


def test_signed_decision_leaves_every_inbox(container, world, clock):
    decide(world, clock, [to_posted(world, clock, world.staff[0])])

    assert inbox(container, world.signer) == [] and inbox(container, world.secretary) == []


def test_age_is_counted_in_calendar_days_in_vietnam_since_the_item_arrived(container, world, clock):
    n = nominated(world, clock)
    clock.set(2025, 12, 1, 23)  # submitted at 23:00 in Hà Nội
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    ages = [inbox(container, world.head, now=clock.now + timedelta(hours=h))[0]["age_days"] for h in (0, 0.9, 1.1, 24 * 9)]

    assert ages == [0, 0, 1, 9]


def test_sign_up_and_report_wait_for_the_unit_head_until_approved(container, world, clock):
    clock.set(2025, 1, 10, 9)
    participation = world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, world.division, "unit", []))
    kinds_before = [i["item_kind"] for i in inbox(container, world.head)]
    world.app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    clock.set(2025, 4, 2, 9)
    world.app.report_progress(world.as_clerk, c.ReportProgress(participation, "2025-Q1", date(2025, 3, 31), {"dvc-online": 55}))

    assert kinds_before == ["sign_up"] and [i["item_kind"] for i in inbox(container, world.head)] == ["report"]


def test_secretariat_of_a_successor_unit_sees_the_merged_units_items(container, world, clock):
    n = nominated(world, clock)
    world.app.submit_nomination(world.as_clerk, c.SubmitNomination(n))
    world.app.approve_stage(world.as_head, c.ApproveStage(n, "unit_approved"))
    successor = world.app.register_unit(SYSTEM, c.RegisterUnit("so-b", "Sở B", "Sở B", "department", "A", "SB"))
    world.app.merge_unit(SYSTEM, c.MergeUnit(world.department, successor, "Sáp nhập"))
    newcomer = person(world.app, "secretary-b", "Thư ký Sở B", successor)
    world.app.grant_role(SYSTEM, c.GrantRole(newcomer, "secretariat", successor))

    assert [i["item_id"] for i in inbox(container, newcomer)] == [n]
