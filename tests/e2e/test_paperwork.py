"""The paperwork printed from the ledger (issue #20 item 3), read back as text from the PDF (pypdf) and the
Word file (python-docx), on SQLite and PostgreSQL: a dossier's tờ trình and báo cáo thành tích, a council
session's blank ballot, minutes and vote-count record, the list for public posting, the annual report."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timezone
from uuid import uuid4

import pytest
from argon2 import PasswordHasher
from docx import Document

from adapters.accounts import AccountStore
from adapters.bootstrap import bootstrap
from adapters.config import load_settings
from domain import commands as c
from domain.values import Role
from projections import queries
from tests.application.test_lifecycle import to_voted
from tests.builders import build_world, launch_campaign, publish_shipped_rules
from tests.conftest import MutableClock, postgres_database
from tests.e2e.test_ui_documents import pdf_text
from tests.e2e.ui_support import PASSWORD, UIWorld, accounts_of
from web import create_app


def open_world(url: str, instance) -> UIWorld:
    """A dossier of «Cán bộ 0» voted and awarded «Lao động tiên tiến» 2025 by a signed decision; a dossier of
    «Cán bộ 1» posted for objections until 31/01/2026; the business date 12/01/2026."""
    clock = MutableClock(datetime(2025, 1, 2, 2, 0, tzinfo=timezone.utc))
    container = bootstrap(load_settings({}, database_url=url, instance_path=instance, environment="test"), clock=clock)
    publish_shipped_rules(container.app)
    w = build_world(container.app, staff=2)
    launch_campaign(w)
    voted = to_voted(w, clock, w.staff[0])
    clock.set(2026, 1, 10, 9)
    decision = w.app.draft_decision(w.as_drafter, c.DraftDecision(
        w.department, "05/QĐ-SKHCN", "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10), w.signer,
        "Giám đốc Sở", [voted],
    ))
    w.app.sign_decision(w.as_signer, c.SignDecision(decision))
    clock.set(2026, 1, 12, 9)
    posted = w.app.nominate(w.as_clerk, c.Nominate(w.campaign, w.staff[1], "individual", "LDTT", "Hoàn thành tốt nhiệm vụ năm 2025."))
    w.app.submit_nomination(w.as_clerk, c.SubmitNomination(posted))
    w.app.approve_stage(w.as_head, c.ApproveStage(posted, "unit_approved"))
    w.app.approve_stage(w.as_secretary, c.ApproveStage(posted, "checked"))
    w.app.post_publicly(w.as_secretary, c.PostPublicly([posted], until=date(2026, 1, 31)))
    container.projector.catch_up()
    accounts = accounts_of(w)
    store = AccountStore(container.projector.engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
    for username, person_id in accounts.items():
        store.create_account(username, PASSWORD, person_id)
    ui = UIWorld(w, container, create_app({"TESTING": True}, container=container), clock, accounts)
    ui.voted, ui.posted = voted, posted
    with container.read_engine.connect() as conn:
        ui.session = queries.get_nomination(conn, voted)["council_session_id"]
    return ui


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ui(request, tmp_path_factory) -> Iterator[UIWorld]:
    instance = tmp_path_factory.mktemp(f"paperwork-{request.param}")
    databases = postgres_database() if request.param == "postgres" else iter([f"sqlite:///{instance / 'thidua.sqlite'}"])
    world = open_world(next(databases), instance)
    yield world
    world.close()
    next(databases, None)


def docx_text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells).replace("\n", " ")


def text_of(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    if response.mimetype == "application/pdf":
        return pdf_text(response.data)
    return docx_text(response.data)


HEADER = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_dossier_prints_the_units_submission_and_the_nominees_achievement_report(ui, fmt):
    client = ui.signed_in("canbo")

    submission = text_of(client.get(f"/nominations/{ui.voted}/to-trinh.{fmt}"))
    report = text_of(client.get(f"/nominations/{ui.voted}/bao-cao-thanh-tich.{fmt}"))

    for line in (*HEADER, "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH A", "PHÒNG CÔNG NGHỆ THÔNG TIN", "Số: …/TTr-CNTT",
                 "A, ngày 12 tháng 01 năm 2026", "TỜ TRÌNH", "Mẫu số 01", "Nghị định số 152/2025/NĐ-CP",
                 "Kính gửi: Hội đồng Thi đua - Khen thưởng Sở Khoa học và Công nghệ tỉnh A",
                 "Cán bộ 0", "Cán bộ 1", "Lao động tiên tiến", "01/12/2025", "12/01/2026", "02 cá nhân", "TRƯỞNG PHÒNG", "Quàng Văn Minh"):
        assert line in submission, line
    for line in (*HEADER, "BÁO CÁO THÀNH TÍCH", "Mẫu số 05", "Đề nghị tặng «Lao động tiên tiến» năm 2025", "Cán bộ 0",
                 "Giới tính: Nữ", "Chức vụ: Chuyên viên", "Đơn vị công tác: Phòng Công nghệ thông tin",
                 "Hoàn thành tốt nhiệm vụ năm 2025.", "Hoàn thành tốt nhiệm vụ", "2022", "2025",
                 "05/QĐ-SKHCN ngày 10/01/2026", "NGƯỜI BÁO CÁO THÀNH TÍCH"):
        assert line in report, line


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_council_session_prints_a_blank_ballot_its_minutes_and_the_count_from_the_tally(ui, fmt):
    client = ui.signed_in("thuky")

    ballot = text_of(client.get(f"/council/{ui.session}/phieu-bau.{fmt}"))
    minutes = text_of(client.get(f"/council/{ui.session}/bien-ban.{fmt}"))
    count = text_of(client.get(f"/council/{ui.session}/bien-ban-kiem-phieu.{fmt}"))

    for line in (*HEADER, "PHIẾU BẦU", "Hội đồng TĐKT Sở", "Cán bộ 0", "Lao động tiên tiến", "Đồng ý", "Không đồng ý",
                 "Phiếu không ghi tên người bầu", "ngày 06 tháng 01 năm 2026"):
        assert line in ballot, line
    assert "Thành viên Hội đồng" not in ballot and "Số:" not in ballot  # nobody's name, no number: nothing links it to a voter
    for line in ("BIÊN BẢN", "Số: …/BB-SKHCN", "A, ngày 06 tháng 01 năm 2026", "Chủ trì: Thành viên Hội đồng 0",
                 "Tổng số thành viên Hội đồng: 05; có mặt: 05", "Cán bộ 0", "Đạt", "01/01 tập thể, cá nhân",
                 "THƯ KÝ", "CHỦ TRÌ"):
        assert line in minutes, line
    for line in ("BIÊN BẢN KIỂM PHIẾU", "phép cộng mã hóa", "Tỷ lệ đồng ý cần đạt", "Cán bộ 0", "Đạt", "Thành viên Hội đồng 0"):
        assert line in count, line
    assert re.search(r"Cán bộ 0 Lao động tiên tiến 5 0 0 3 Đạt", count)  # yes, no, abstain, required: from the tally


def test_the_list_for_public_posting_is_printed_for_anyone(ui):
    client = ui.client()

    text = text_of(client.get("/public/danh-sach-cong-khai.pdf"))
    page = client.get("/public").get_data(as_text=True)

    assert "/public/danh-sach-cong-khai.pdf" in page
    for line in (*HEADER, "THÔNG BÁO", "Số: …/TB-SKHCN", "A, ngày 12 tháng 01 năm 2026", "Cán bộ 1",
                 "12/01/2026 – 31/01/2026", "01 tập thể, cá nhân"):
        assert line in text, line
    assert "Cán bộ 0" not in text  # already voted and decided: no longer open for objections


def test_the_papers_are_refused_to_readers_outside_their_scope_and_bad_addresses_are_4xx(ui):
    outsider = ui.client()
    clerk = ui.signed_in("canbo")

    assert outsider.get(f"/nominations/{ui.voted}/to-trinh.pdf").status_code in (302, 401)
    assert clerk.get(f"/nominations/{uuid4()}/to-trinh.pdf").status_code == 404
    assert clerk.get(f"/nominations/{ui.voted}/to-trinh.odt").status_code == 404
    assert clerk.get(f"/council/{uuid4()}/bien-ban.pdf").status_code == 404
    bad = ui.client().get("/public/danh-sach-cong-khai.pdf?issuer=khong-phai-ma")
    assert bad.status_code == 400 and "Mã cơ quan không hợp lệ." in bad.get_data(as_text=True)


def test_the_api_prints_the_same_papers_for_a_token_that_may_read_them(ui):
    w, api = ui.world, ui.client()
    _token, secret = ui.app.extensions["thidua_tokens"].create(w.head, Role.UNIT_HEAD)
    headers = {"Authorization": f"Bearer {secret}"}

    submission = text_of(api.get(f"/api/v1/nominations/{ui.voted}/submission.docx", headers=headers))
    count = text_of(api.get(f"/api/v1/council-sessions/{ui.session}/tally-record.pdf", headers=headers))
    posted = text_of(api.get("/api/v1/postings/list.docx"))
    unknown = api.get(f"/api/v1/postings/list.pdf?issuer_id={uuid4()}")

    assert "TỜ TRÌNH" in submission and "Cán bộ 0" in submission and "Cán bộ 1" in submission
    assert re.search(r"Cán bộ 0 Lao động tiên tiến 5 0 0 3 Đạt", count)
    assert "THÔNG BÁO" in posted and "Cán bộ 1" in posted
    assert unknown.status_code == 404 and unknown.get_json()["message"] == "Không tìm thấy cơ quan, đơn vị."
    assert api.get(f"/api/v1/nominations/{ui.voted}/submission.pdf").status_code == 401


def test_a_signer_prints_the_submission_with_only_the_dossiers_of_the_decisions_they_sign(ui):
    text = text_of(ui.signed_in("lanhdao").get(f"/nominations/{ui.voted}/to-trinh.docx"))

    assert "Cán bộ 0" in text and "Cán bộ 1" not in text and "01 cá nhân" in text
