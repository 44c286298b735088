"""What each paper holds, from plain read-model rows (no store, no PDF): the cases the e2e world does not
reach — a collective's report, a session without quorum, a department's letterhead — and the Word file."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from adapters.documents.docx import paper_docx
from adapters.documents.paper import Paper
from adapters.documents.paperwork_council import minutes
from adapters.documents.paperwork_dossier import achievement_report, letterhead

DEPARTMENT = {"unit_id": 1, "name": "Sở Nội vụ tỉnh Điện Biên", "kind": "department", "province": "Điện Biên",
              "abbreviation": "SNV", "parent_id": None}
DIVISION = {"unit_id": 2, "name": "Phòng Tổ chức", "kind": "division", "province": "Điện Biên", "abbreviation": "TC",
            "parent_id": 1}


def words(paper: Paper) -> str:
    parts = [paper.title, paper.subject, paper.form, paper.addressee, paper.head.parent_body, paper.head.issuer_name,
             paper.head.number, paper.head.place_and_date]
    for section in paper.sections:
        parts += [section.heading, *section.paragraphs, *section.closing]
        if section.grid:
            parts += [*section.grid.columns, *(str(cell) for row in section.grid.rows for cell in row)]
    parts += [f"{s.capacity} {s.position} {s.name}" for s in paper.signatures]
    return " | ".join(parts)


def test_a_department_heads_its_papers_under_the_provinces_peoples_committee():
    head = letterhead(DEPARTMENT, None, "BB", date(2026, 2, 3))

    assert (head.parent_body, head.issuer_name, head.number) == ("UBND tỉnh Điện Biên", "Sở Nội vụ", "…/BB-SNV")
    assert head.place_and_date == "Điện Biên, ngày 03 tháng 02 năm 2026"


def test_a_collectives_report_describes_the_collective_and_lists_only_awards_in_force():
    nomination = {"nominee_kind": "collective", "nominee_name": "Phòng Tổ chức", "year": 2025,
                  "achievements": "Hoàn thành xuất sắc nhiệm vụ.\nKhông có cá nhân vi phạm.", "title_code": "TTLDXS"}
    history = [
        {"year": 2023, "code": "TTLDTT", "decision_number": "12/QĐ-SNV", "decided_on": date(2023, 12, 20), "revoked": False},
        {"year": 2024, "code": "TTLDTT", "decision_number": "15/QĐ-SNV", "decided_on": date(2024, 12, 20), "revoked": True},
    ]

    text = words(achievement_report(
        nomination=nomination, title_name="Tập thể lao động xuất sắc", subject=DIVISION, unit=DIVISION, parent=DEPARTMENT,
        ratings=[{"year": 2025, "rating": "HTXSNV"}], history=history, titles={"TTLDTT": "Tập thể lao động tiên tiến"},
        day=date(2026, 1, 5),
    ))

    assert "Mẫu số" not in text  # the collective form's number is not confirmed (DOMAIN.md §6.1)
    for part in ("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "Tên tập thể: Phòng Tổ chức", "Cơ quan cấp trên trực tiếp: Sở Nội vụ tỉnh Điện Biên",
                 "Không có cá nhân vi phạm.", "Hoàn thành xuất sắc nhiệm vụ", "Tập thể lao động tiên tiến",
                 "12/QĐ-SNV ngày 20/12/2023", "Đề nghị tặng «Tập thể lao động xuất sắc» năm 2025"):
        assert part in text, part
    assert "15/QĐ-SNV" not in text  # revoked


def test_minutes_of_a_session_without_quorum_say_it_decided_nothing():
    session = {"name": "Hội đồng TĐKT Sở", "meeting_on": date(2026, 1, 6), "members_count": 7, "present_count": 3,
               "written_count": 0, "status": "no_quorum"}
    candidates = [{"nominee_name": "Lò Thị Hoa", "unit_name": "Phòng Tổ chức", "title_code": "CSTDCS"}]

    text = words(minutes(session=session, council=DEPARTMENT, parent=None, chair={"full_name": "Cà Văn Thiêm"}, results=[],
                         candidates=candidates, titles={"CSTDCS": "Chiến sĩ thi đua cơ sở"}))

    for part in ("Tổng số thành viên Hội đồng: 07; có mặt: 03", "không đủ số thành viên", "Lò Thị Hoa",
                 "Chiến sĩ thi đua cơ sở", "Chủ trì: Cà Văn Thiêm", "…/BB-SNV"):
        assert part in text, part
    assert "Đồng ý" not in text


def test_the_word_file_carries_the_letterhead_body_and_signatures():
    session = {"name": "Hội đồng TĐKT Sở", "meeting_on": date(2026, 1, 6), "members_count": 7, "present_count": 7,
               "written_count": 0, "status": "closed"}
    paper = minutes(session=session, council=DIVISION, parent=DEPARTMENT, chair={"full_name": "Cà Văn Thiêm"}, results=[],
                    candidates=[], titles={})

    document = Document(io.BytesIO(paper_docx(paper)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [p.text for p in document.paragraphs]

    assert "SỞ NỘI VỤ TỈNH ĐIỆN BIÊN\nPHÒNG TỔ CHỨC\n———" in cells and "Số: …/BB-TC" in cells
    assert "Điện Biên, ngày 06 tháng 01 năm 2026" in cells
    assert "BIÊN BẢN" in paragraphs and "Đã kết thúc bỏ phiếu; chưa kiểm phiếu." in paragraphs
    assert any(cell.startswith("CHỦ TRÌ\nCHỦ TỊCH HỘI ĐỒNG") and cell.endswith("Cà Văn Thiêm") for cell in cells)
