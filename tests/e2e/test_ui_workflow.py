"""The approval pages through the Flask test client: sign-up, reports with evidence, dossiers with their
verdict, inbox actions, public posting, the secret ballot page and decision drafting."""

import hashlib
import io
import re
from datetime import date

import pytest

from domain import commands as c
from domain.values import Actor
from tests.application.test_lifecycle import to_voted
from tests.ballot_support import register_trustees
from tests.e2e.ui_support import page_text, post, ui_world_fixture

SYSTEM = Actor.system()


ui = ui_world_fixture("ui-workflow", staff=8)


@pytest.fixture
def app(ui):
    return ui.container.app


def to_posted(ui, nominee, until=date(2025, 12, 20)):
    """A dossier drafted, submitted, approved by the unit, checked and posted (through the service)."""
    app, w = ui.container.app, ui.world
    ui.clock.set(2025, 12, 1, 9)
    n = app.nominate(w.as_clerk, c.Nominate(w.campaign, nominee, "individual", "LDTT", "Hoàn thành tốt nhiệm vụ."))
    app.submit_nomination(w.as_clerk, c.SubmitNomination(n))
    app.approve_stage(w.as_head, c.ApproveStage(n, "unit_approved"))
    app.approve_stage(w.as_secretary, c.ApproveStage(n, "checked"))
    app.post_publicly(w.as_secretary, c.PostPublicly([n], until=until))
    return n


def test_clerk_signs_the_unit_up_and_the_head_approves_it_from_the_inbox(ui):
    ui.clock.set(2025, 1, 10, 9)
    clerk, head = ui.signed_in("canbo"), ui.signed_in("truongphong")

    signed = post(clerk, f"/campaigns/{ui.world.campaign}/signup",
                  {"participant": f"unit:{ui.world.division}", "titles": ["TLDTT"]})
    inbox = head.get("/inbox")
    approve = re.search(r'action="(/campaigns/[^"]+/approve)"', inbox.get_data(as_text=True)).group(1)
    approved = post(head, approve, {}, follow_redirects=True)

    assert signed.status_code == 303
    assert "Đăng ký thi đua" in page_text(inbox) and "Phòng Công nghệ thông tin" in page_text(inbox)
    assert "Đã phê duyệt đăng ký thi đua." in page_text(approved)
    assert "Đã phê duyệt" in page_text(head.get(f"/campaigns/{ui.world.campaign}"))


def test_a_report_keeps_its_evidence_by_content_hash(ui, app):
    ui.clock.set(2025, 1, 11, 9)
    person = app.sign_up(ui.world.as_clerk, c.SignUp(ui.world.campaign, ui.world.staff[7], "person", ["LDTT"]))
    ui.clock.set(2025, 4, 2, 9)
    body = b"%PDF-1.4 bien ban binh xet quy I"

    clerk = ui.signed_in("canbo")
    response = post(clerk, f"/campaigns/{ui.world.campaign}/participations/{person}/report", {
        "period_label": "2025-Q1", "period_end": "2025-03-31", "t_dvc-online": "62.5",
        "evidence": (io.BytesIO(body), "biên bản quý I.pdf", "application/pdf"),
    }, content_type="multipart/form-data")

    digest = hashlib.sha256(body).hexdigest()
    reported = app.repository.get(person).reports["2025-Q1"]
    assert response.status_code == 303
    assert reported["evidence"] == [
        {"name": "biên bản quý I.pdf", "sha256": digest, "size": len(body), "content_type": "application/pdf"},
    ]
    assert (ui.container.settings.instance_path / "evidence" / digest).read_bytes() == body
    with clerk.get(f"/evidence/{digest}?name=bien-ban.pdf") as download:
        assert download.data == body


def test_the_head_opens_a_report_from_the_inbox_and_approves_it(ui, app):
    ui.clock.set(2025, 1, 11, 9)
    person = app.sign_up(ui.world.as_clerk, c.SignUp(ui.world.campaign, ui.world.staff[5], "person", ["LDTT"]))
    ui.clock.set(2025, 4, 3, 9)
    app.report_progress(ui.world.as_clerk, c.ReportProgress(person, "2025-Q1", date(2025, 3, 31), {"dvc-online": 48.0}, []))
    head = ui.signed_in("truongphong")

    link = re.search(rf'href="(/campaigns/[^"]+/participations/{person}/reports)"', head.get("/inbox").get_data(as_text=True))
    page = head.get(link.group(1))
    approve = re.search(r'action="(/campaigns/[^"]+/reports/2025-Q1/approve)"', page.get_data(as_text=True)).group(1)
    approved = post(head, approve, {}, follow_redirects=True)

    assert "2025-Q1" in page_text(page) and "48" in page_text(page) and "Chờ phê duyệt" in page_text(page)
    assert "Đã phê duyệt báo cáo." in page_text(approved)
    assert app.repository.get(person).reports["2025-Q1"]["approved_by"] == ui.world.head
    assert f"/participations/{person}/reports" not in head.get("/inbox").get_data(as_text=True)
    assert post(ui.signed_in("canbo"), approve, {}).status_code == 403  # only the unit head approves


def test_a_report_refuses_a_file_of_another_type_next_to_the_field(ui, app):
    ui.clock.set(2025, 1, 11, 9)
    person = app.sign_up(ui.world.as_clerk, c.SignUp(ui.world.campaign, ui.world.staff[6], "person", []))
    ui.clock.set(2025, 4, 2, 9)

    clerk = ui.signed_in("canbo")
    response = post(clerk, f"/campaigns/{ui.world.campaign}/participations/{person}/report", {
        "period_label": "2025-Q1", "period_end": "2025-03-31", "evidence": (io.BytesIO(b"MZ"), "setup.exe"),
    }, content_type="multipart/form-data")

    assert response.status_code == 422
    assert 'id="evidence-error"' in response.get_data(as_text=True)
    assert "Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX." in page_text(response)
    assert app.repository.get(person).reports == {}


def test_the_dossier_shows_why_a_nominee_is_not_eligible_before_it_is_submitted(ui, app):
    weak = ui.world.staff[2]
    app.record_rating(SYSTEM, c.RecordRating(weak, 2025, "HTNV", reason="Kết quả đánh giá cuối năm"))
    ui.clock.set(2025, 12, 1, 9)
    clerk = ui.signed_in("canbo")

    created = post(clerk, f"/campaigns/{ui.world.campaign}/nominate", {
        "nominee": f"individual:{weak}", "title_code": "LDTT", "achievements": "Hoàn thành nhiệm vụ được giao.",
    })
    dossier = page_text(clerk.get(created.headers["Location"]))

    assert created.status_code == 303
    assert "Chưa đủ điều kiện" in dossier and "Điều 24 khoản 1 Luật TĐKT 2022" in dossier
    assert "Trình hồ sơ" in dossier


def test_returning_a_dossier_needs_a_reason_and_names_the_stage(ui, app):
    ui.clock.set(2025, 12, 1, 9)
    w = ui.world
    n = app.nominate(w.as_clerk, c.Nominate(w.campaign, w.staff[3], "individual", "LDTT", "Thành tích"))
    app.submit_nomination(ui.world.as_clerk, c.SubmitNomination(n))
    head = ui.signed_in("truongphong")

    missing = post(head, f"/nominations/{n}/return", {"return-to_stage": "drafted", "return-reason": ""})
    returned = post(head, f"/nominations/{n}/return",
                    {"return-to_stage": "drafted", "return-reason": "Thiếu biên bản bình xét"})

    assert missing.status_code == 422 and 'id="return-reason-error"' in missing.get_data(as_text=True)
    assert returned.status_code == 303
    dossier = page_text(head.get(f"/nominations/{n}"))
    assert "Dự thảo hồ sơ" in dossier and "Thiếu biên bản bình xét" in dossier


def test_the_public_list_is_open_without_signing_in_and_takes_an_anonymous_objection(ui, app):
    n = to_posted(ui, ui.world.staff[1])
    ui.clock.set(2025, 12, 5, 9)
    visitor = ui.client()

    listed = page_text(visitor.get("/public"))
    objected = post(visitor, f"/public/{n}/objections", {f"{n.hex}-text": "Đề nghị làm rõ số ngày nghỉ trong năm."})

    assert "Cán bộ 1" in listed and "20/12/2025" in listed
    assert objected.status_code == 303
    assert app.repository.get(n).open_objections == 1


def test_the_secretariat_resolves_an_objection_on_the_dossier_page(ui, app):
    n = to_posted(ui, ui.world.staff[0])
    ui.clock.set(2025, 12, 6, 9)
    app.raise_objection(None, c.RaiseObjection(n, "Thành tích chưa đúng thực tế."))
    secretary = ui.signed_in("thuky")
    dossier = secretary.get(f"/nominations/{n}").get_data(as_text=True)
    objection = re.search(r'name="resolve-objection_id" value="([^"]+)"', dossier).group(1)

    resolved = post(secretary, f"/nominations/{n}/objections",
                    {"resolve-objection_id": objection, "resolve-resolution": "Đã xác minh, thành tích đúng."})

    assert resolved.status_code == 303 and app.repository.get(n).open_objections == 0
    assert "Đã xác minh, thành tích đúng." in page_text(secretary.get(f"/nominations/{n}"))


def ballot(page: str) -> str:
    """The ballot form of a page, without its (per-session) CSRF token."""
    form = re.search(r'<form method="post" class="stack".*?</form>', page, re.S).group(0)
    return re.sub(r'name="csrf_token" value="[^"]+"', "", form)


def test_a_ballot_page_never_shows_how_anyone_voted(ui, app):
    n = to_posted(ui, ui.world.staff[4], until=date(2025, 12, 10))
    ui.clock.set(2025, 12, 12, 9)
    w = ui.world
    convene = c.ConveneSession(w.department, "Hội đồng", w.members, w.members[0], [n], date(2025, 12, 12))
    session = app.convene_session(w.as_secretary, convene)
    register_trustees(app, session)
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members))
    second = ui.signed_in("hoidong2")
    before = second.get(f"/council/{session}/ballot").get_data(as_text=True)

    cast = post(ui.signed_in("hoidong1"), f"/council/{session}/ballot", {f"n_{n.hex}": "no"})
    after = second.get(f"/council/{session}/ballot").get_data(as_text=True)

    assert cast.status_code == 303
    assert ballot(before) == ballot(after) and "checked" not in ballot(after)


def test_a_refused_draft_lists_every_breach_with_its_article(ui, app):
    n = to_voted(ui.world, ui.clock, ui.world.staff[5])
    app.open_proceeding(SYSTEM, c.OpenProceeding(ui.world.staff[5], "kn-1", "complaint", "Đơn khiếu nại"))
    ui.clock.set(2026, 1, 10, 9)

    refused = post(ui.signed_in("soanthao"), "/decisions/new", {
        "issuer": str(ui.world.department), "number": "01/QĐ-SKHCN", "subject": "Về việc tặng danh hiệu LĐTT",
        "decision_date": "2026-01-10", "signer": str(ui.world.signer), "signer_title": "Giám đốc Sở",
        "nominations": [str(n)],
    })

    assert refused.status_code == 409
    assert "Dự thảo chưa đạt" in page_text(refused) and "Điều 4 khoản 4 Nghị định 152/2025/NĐ-CP" in page_text(refused)
