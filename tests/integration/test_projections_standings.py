"""Standings and target attainment: latest values with corrections, weighted scores, shared ranks, ledger targets."""

from datetime import date

from domain import commands as c
from projections import queries
from tests.integration.projections_support import decide, to_posted

pytest_plugins = ("tests.integration.projections_fixtures",)


def signed_up(world, clock, participant, kind):
    clock.set(2025, 1, 10, 9)
    participation = world.app.sign_up(world.as_clerk, c.SignUp(world.campaign, participant, kind, []))
    world.app.approve_sign_up(world.as_head, c.ApproveSignUp(participation))
    return participation


def report(world, clock, participation, label, end, value):
    clock.set(2025, 10, 2, 9)
    return world.app.report_progress(world.as_clerk, c.ReportProgress(participation, label, end, {"dvc-online": value}))


def read(container, query, *args):
    with container.read_engine.connect() as conn:
        return query(conn, *args)


def test_standings_take_the_latest_period_with_corrections_applied(container, world, clock):
    p = signed_up(world, clock, world.division, "unit")
    report(world, clock, p, "2025-Q1", date(2025, 3, 31), 55)
    q2 = report(world, clock, p, "2025-Q2", date(2025, 6, 30), 70)
    world.app.correct_report(world.as_clerk, c.CorrectReport(p, q2, {"dvc-online": 72}, "Rà soát số liệu"))

    [standing] = read(container, queries.get_standings, world.campaign)

    assert standing["progress"] == [{"code": "dvc-online", "description": "Tỷ lệ hồ sơ dịch vụ công trực tuyến", "value": 72.0,
                                     "target": 80.0, "attainment": 0.9, "weight": 40.0}]
    assert standing["score"] == 90.0 and standing["rank"] == 1


def test_a_late_report_or_a_correction_for_an_earlier_period_leaves_the_later_value_standing(container, world, clock):
    p = signed_up(world, clock, world.division, "unit")
    report(world, clock, p, "2025-Q2", date(2025, 6, 30), 70)
    q1 = report(world, clock, p, "2025-Q1", date(2025, 3, 31), 55)
    world.app.correct_report(world.as_clerk, c.CorrectReport(p, q1, {"dvc-online": 60}, "Rà soát số liệu"))

    [standing] = read(container, queries.get_standings, world.campaign)

    assert [v["value"] for v in standing["progress"]] == [70.0]


def test_equal_scores_share_a_rank_and_withdrawn_participants_leave(container, world, clock):
    unit, first, second, gone = (
        signed_up(world, clock, world.division, "unit"), *(signed_up(world, clock, s, "person") for s in world.staff[:3])
    )
    for participation, value in ((unit, 80), (first, 40), (second, 40), (gone, 90)):
        report(world, clock, participation, "2025-Q3", date(2025, 9, 30), value)
    world.app.withdraw_participation(world.as_clerk, c.WithdrawParticipation(gone, "Chuyển công tác"))

    standings = read(container, queries.get_standings, world.campaign)

    assert [(s["name"], s["score"], s["rank"]) for s in standings] == [
        ("Phòng Công nghệ thông tin", 100.0, 1), ("Cán bộ 0", 50.0, 2), ("Cán bộ 1", 50.0, 2),
    ]


def test_ledger_target_counts_awards_against_the_staff_of_participating_units(container, world, clock):
    signed_up(world, clock, world.division, "unit")
    decide(world, clock, [to_posted(world, clock, world.staff[0]), to_posted(world, clock, world.staff[1])])

    targets = {t["code"]: t for t in read(container, queries.get_target_attainment, world.campaign)}

    ldtt = targets["ldtt-95"]
    assert (ldtt["measure"], ldtt["population"], ldtt["achieved"], ldtt["value"], ldtt["met"]) == ("ledger", 6, 2, 33.33, False)
    assert targets["dvc-online"]["measure"] == "report" and targets["dvc-online"]["reported"] == 0
