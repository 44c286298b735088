"""The statistics read model counts people's ethnicity and direct work from PersonalDetailsRecorded (the
importer's record), on SQLite and PostgreSQL; people without it stay «Không rõ». A revoked decision leaves it."""

from __future__ import annotations

from datetime import date

from domain import commands as c
from domain.imports_service import Workbook
from domain.organisation import Person
from projections.queries.statistics import get_yearly_statistics
from domain.values import Actor, Role
from tests.ballot_support import passphrases, register_trustees
from tests.builders import SYSTEM, build_world, launch_campaign
from tests.integration.projections_support import open_container
from tests.integration.state_fixtures import store_url  # noqa: F401  (each store)

PEOPLE = ["Mã cán bộ", "Họ và tên", "Số CCCD", "Giới tính", "Dân tộc", "Ngày sinh", "Mã đơn vị", "Chức vụ",
          "Người lao động trực tiếp"]


def voted_together(w, clock, nominees: list) -> list:
    """«Lao động tiên tiến» 2025 dossiers for `nominees`, posted, then voted yes by every member in one session."""
    app = w.app
    clock.set(2025, 12, 1, 9)
    dossiers = [app.nominate(w.as_clerk, c.Nominate(w.campaign, n, "individual", "LDTT", "Hoàn thành tốt nhiệm vụ.")) for n in nominees]
    for n in dossiers:
        app.submit_nomination(w.as_clerk, c.SubmitNomination(n))
        app.approve_stage(w.as_head, c.ApproveStage(n, "unit_approved"))
        app.approve_stage(w.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(w.as_secretary, c.PostPublicly(dossiers, until=date(2025, 12, 20)))
    clock.set(2026, 1, 6, 9)
    session = app.convene_session(w.as_secretary, c.ConveneSession(
        w.department, "Hội đồng TĐKT Sở", w.members, w.members[0], dossiers, date(2026, 1, 6),
    ))
    register_trustees(app, session)
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members))
    for member in w.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(n): "yes" for n in dossiers}))
    app.close_session(w.as_secretary, c.CloseSession(session))
    app.tally_session(w.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    return dossiers


def test_ethnicity_and_direct_work_are_counted_from_the_recorded_details(store_url, tmp_path, clock):
    container = open_container(store_url, tmp_path, clock)
    try:
        w = build_world(container.app, staff=1)
        launch_campaign(w)
        container.app.import_workbook(SYSTEM, Workbook("c" * 64, "can-bo.xlsx", {
            "Cán bộ": [PEOPLE, ["cb-thai", "Lò Văn Pọm", "011185000123", "Nam", "Thái", date(1985, 3, 15), "phong-a",
                                "Kỹ thuật viên", "x"]],
            "Xếp loại": [["Mã cán bộ hoặc đơn vị", "Năm", "Xếp loại"], ["cb-thai", 2025, "HTTNV"]],
        }))
        voted = voted_together(w, clock, [Person.create_id("cb-thai"), w.staff[0]])
        clock.set(2026, 1, 10, 9)
        decision = w.app.draft_decision(w.as_drafter, c.DraftDecision(
            w.department, "09/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
            w.signer, "Giám đốc Sở", voted,
        ))
        w.app.sign_decision(w.as_signer, c.SignDecision(decision))
        container.projector.catch_up()
        with container.read_engine.connect() as conn:
            stats = get_yearly_statistics(conn, 2025, w.department)
    finally:
        container.close()

    assert stats["total"] == 2
    assert sorted((r["label"], r["count"], r["share"]) for r in stats["ethnicity"]) == [
        ("Dân tộc thiểu số", 1, 50.0), ("Không rõ", 1, 50.0)]
    assert sorted((r["label"], r["count"]) for r in stats["direct_worker"]) == [("Không rõ", 1), ("Người lao động trực tiếp", 1)]
    assert sorted((r["label"], r["count"]) for r in stats["gender"]) == [("Nam", 1), ("Nữ", 1)]


def test_a_revoked_decision_leaves_the_statistics(store_url, tmp_path, clock):
    container = open_container(store_url, tmp_path, clock)
    try:
        w = build_world(container.app, staff=1)
        launch_campaign(w)
        voted = voted_together(w, clock, [w.staff[0]])
        clock.set(2026, 1, 10, 9)
        decision = w.app.draft_decision(w.as_drafter, c.DraftDecision(
            w.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10),
            w.signer, "Giám đốc Sở", voted,
        ))
        w.app.sign_decision(w.as_signer, c.SignDecision(decision))
        container.projector.catch_up()
        with container.read_engine.connect() as conn:
            signed = get_yearly_statistics(conn, 2025, w.department)
        clock.set(2026, 3, 2, 9)
        revocation = w.app.draft_decision(w.as_drafter, c.DraftDecision(
            w.department, "20/QĐ-SKHCN", "Về việc hủy Quyết định số 05/QĐ-SKHCN", date(2026, 3, 2), w.signer,
            "Giám đốc Sở", [], kind="revocation", target_decision_id=decision,
            reason="Kê khai thành tích không trung thực (Điều 93 Luật TĐKT 2022)",
        ))
        w.app.sign_decision(w.as_signer, c.SignDecision(revocation))
        container.projector.catch_up()
        with container.read_engine.connect() as conn:
            revoked = get_yearly_statistics(conn, 2025, w.department)
    finally:
        container.close()

    assert (signed["total"], signed["amount"]) == (1, 710_000)
    assert (revoked["total"], revoked["amount"], revoked["by_title"], revoked["years"]) == (0, 0, [], [])
