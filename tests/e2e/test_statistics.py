"""Yearly statistics (issue #20 item 2), a read model built from the events: the page with its charts, the
spreadsheet (text stays text), the API and the annual summary report, on SQLite and PostgreSQL. The world of
test_paperwork: one «Lao động tiên tiến» 2025 of 710.000 đồng to «Cán bộ 0» (a woman; no ethnicity or
direct-worker record), by a decision of the Sở signed on 10/01/2026."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from domain import commands as c
from domain.values import Actor, Role
from projections.queries.statistics import get_yearly_statistics
from tests.ballot_support import passphrases, register_trustees
from tests.e2e.test_paperwork import text_of, ui  # noqa: F401  (the module's world, on each store)
from tests.e2e.ui_support import page_text


def test_the_statistics_page_counts_the_awards_in_force_by_level_title_unit_and_share(ui):
    client = ui.signed_in("thuky")

    page = client.get("/statistics?year=2025")
    text = page_text(page)

    assert page.status_code == 200
    for line in ("Thống kê thi đua, khen thưởng năm 2025", "Lượt khen thưởng 1", "710.000", "Theo cấp khen thưởng",
                 "Thủ trưởng đơn vị", "Lao động tiên tiến", "Phòng Công nghệ thông tin", "Nữ 1 100,00%",
                 "Không rõ 1 100,00%", "Quỹ thi đua, khen thưởng 710.000 đồng",
                 "95% cán bộ đạt Lao động tiên tiến"):
        assert line in text, line
    assert page.get_data(as_text=True).count("<svg") >= 8  # one chart per breakdown, drawn on the server
    assert "Cán bộ 0" not in text  # aggregates only


def test_the_statistics_export_keeps_text_as_text_and_the_numbers_as_numbers(ui):
    client = ui.signed_in("thuky")

    sheet = load_workbook(io.BytesIO(client.get("/statistics/2025.xlsx").data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    lines = list(csv.reader(io.StringIO(client.get("/statistics/2025.csv").data.decode("utf-8-sig"))))

    assert rows[0][0] == "Thống kê thi đua, khen thưởng năm 2025" and rows[1][0] == "Sở Khoa học và Công nghệ tỉnh A"
    assert ["Tổng cộng", None, 1, 710000, None] in rows
    assert ["Theo danh hiệu, hình thức", "Lao động tiên tiến", 1, 710000, None] in rows
    assert ["Giới tính", "Nữ", 1, 710000, 100] in rows
    assert lines[0] == ["Nhóm", "Nội dung", "Số lượng", "Số tiền (đồng)", "Tỷ lệ (%)"]
    assert ["Theo đơn vị", "Phòng Công nghệ thông tin", "1", "710000", ""] in lines


def bearer(ui, person, role: Role) -> dict[str, str]:
    _token, secret = ui.app.extensions["thidua_tokens"].create(person, role)
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_gives_the_same_statistics_and_bad_input_is_4xx(ui):
    api, w = ui.client(), ui.world
    headers = bearer(ui, w.secretary, Role.SECRETARIAT)

    stats = api.get(f"/api/v1/statistics/2025?issuer_id={w.department}", headers=headers).get_json()
    report = api.get("/api/v1/statistics/2025/report.pdf", headers=headers)
    page = ui.signed_in("thuky").get("/statistics?year=2025&issuer=khong-phai-ma")

    assert (stats["total"], stats["amount"]) == (1, 710_000)
    assert {"label": "Nữ", "count": 1, "amount": 710_000, "share": 100.0} in stats["gender"]
    assert stats["targets"][0]["targets"][0]["description"] == "95% cán bộ đạt Lao động tiên tiến"
    assert report.status_code == 422 and "issuer_id" in report.get_json()["errors"]["query"]
    assert api.get("/api/v1/statistics/1800", headers=headers).status_code == 404
    assert api.get("/api/v1/statistics/2025").status_code == 401
    assert page.status_code == 400 and "Mã cơ quan không hợp lệ." in page_text(page)


def test_the_annual_report_is_printed_from_the_statistics(ui):
    client = ui.signed_in("thuky")

    for fmt in ("pdf", "docx"):
        text = text_of(client.get(f"/statistics/2025/bao-cao-tong-ket.{fmt}"))
        for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: …/BC-SKHCN", "A, ngày 12 tháng 01 năm 2026", "BÁO CÁO",
                     "Tổng kết công tác thi đua, khen thưởng năm 2025", "khen thưởng 1 lượt", "710.000",
                     "Lao động tiên tiến", "Phòng Công nghệ thông tin", "Giới tính Nữ 1 100%", "Dân tộc Không rõ 1 100%",
                     "Quỹ tiền thưởng (Nghị định 73/2024/NĐ-CP) 0", "95% cán bộ đạt Lao động tiên tiến 95%",
                     "Chưa đạt", "GIÁM ĐỐC SỞ", "Trần Quốc Hùng"):
            assert line in text, (fmt, line)


def statistics_now(ui) -> dict:
    ui.container.projector.catch_up()
    with ui.container.read_engine.connect() as conn:
        return get_yearly_statistics(conn, 2025, ui.world.department)


def test_a_discarded_draft_counts_nothing_and_a_signed_decision_counts_once(ui):
    """Runs last: it votes the dossier posted until 31/01/2026 and decides it."""
    w, app = ui.world, ui.world.app
    ui.clock.set(2026, 2, 2, 9)
    session = app.convene_session(w.as_secretary, c.ConveneSession(
        w.department, "Hội đồng TĐKT Sở (phiên 2)", w.members, w.members[0], [ui.posted], ui.clock().date(),
    ))
    register_trustees(app, session)
    app.record_attendance(w.as_secretary, c.RecordAttendance(session, w.members))
    for member in w.members:
        app.cast_ballot(Actor(member, Role.COUNCIL_MEMBER), c.CastBallot(session, {str(ui.posted): "yes"}))
    app.close_session(w.as_secretary, c.CloseSession(session))
    app.tally_session(w.as_secretary, c.TallySession(session, passphrases=passphrases(app, session)))
    def draft(number: str):
        return app.draft_decision(w.as_drafter, c.DraftDecision(
            w.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", ui.clock().date(), w.signer,
            "Giám đốc Sở", [ui.posted],
        ))

    discarded = draft("07/QĐ-SKHCN")
    drafted = statistics_now(ui)
    app.discard_decision(w.as_secretary, c.DiscardDecision(discarded, "Ghi sai số quyết định"))
    after_discard = statistics_now(ui)
    app.sign_decision(w.as_signer, c.SignDecision(draft("08/QĐ-SKHCN")))
    signed = statistics_now(ui)

    assert drafted["total"] == after_discard["total"] == 1
    assert (signed["total"], signed["amount"]) == (2, 1_420_000)
    assert signed["by_title"] == [{"label": "Lao động tiên tiến", "count": 2, "amount": 1_420_000}]
    assert signed["years"] == [{"year": 2025, "count": 2, "amount": 1_420_000}]
