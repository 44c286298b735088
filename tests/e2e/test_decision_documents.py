"""A signed decision's documents are the same bytes forever; a draft is discarded from its page or the API
(thidua issue #15)."""

import hashlib
import io
from datetime import date

from openpyxl import load_workbook

from domain import commands as c
from domain.values import Role, Stage
from projections import queries
from tests.application.test_lifecycle import to_voted
from tests.builders import SYSTEM
from tests.e2e.test_ui_documents import pdf_text
from tests.e2e.ui_support import page_text, post, ui_world_fixture

ui = ui_world_fixture("decision-documents")


def drafted(ui, nominee, number: str):
    w = ui.world
    n = to_voted(w, ui.clock, nominee)
    ui.clock.set(2026, 1, 10, 9)
    decision = w.app.draft_decision(w.as_drafter, c.DraftDecision(
        w.department, number, "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", date(2026, 1, 10), w.signer,
        "Giám đốc Sở", [n],
    ))
    return n, decision


def stage_of(ui, nomination) -> str:
    with ui.container.read_engine.connect() as conn:
        return queries.get_nomination(conn, nomination)["stage"]


def documents(client, decision) -> dict:
    """Everything a signed decision is read as: the PDFs, the spreadsheets (XLSX by its cells) and the API."""
    api = client.get(f"/api/v1/decisions/{decision}").get_json()
    api.pop("as_of")
    sheet = load_workbook(io.BytesIO(client.get(f"/api/v1/decisions/{decision}/export.xlsx").data)).active
    return {
        "pdf": client.get(f"/decisions/{decision}.pdf").data,
        "certificates": client.get(f"/decisions/{decision}/certificates.pdf").data,
        "csv": client.get(f"/api/v1/decisions/{decision}/export.csv").data,
        "xlsx": [[cell.value for cell in row] for row in sheet.iter_rows()],
        "api": api,
    }


def test_a_signed_decision_reads_the_same_after_renames_and_transfers(ui):
    w = ui.world
    _n, decision = drafted(ui, w.staff[0], "05/QĐ-SKHCN")
    w.app.sign_decision(w.as_signer, c.SignDecision(decision))
    client = ui.signed_in("thuky")
    signed = documents(client, decision)

    w.app.rename_unit(SYSTEM, c.RenameUnit(w.division, "Phòng Chuyển đổi số", "Phòng CĐS", "Đổi tên"))
    w.app.rename_unit(SYSTEM, c.RenameUnit(w.department, "Sở Khoa học, Công nghệ và Đổi mới sáng tạo tỉnh A", "Sở KHCN&ĐMST", "Đổi tên"))
    w.app.transfer_person(SYSTEM, c.TransferPerson(w.staff[0], w.department, "Phó Chánh Văn phòng", "Điều động"))
    later = documents(client, decision)

    assert later == signed
    assert hashlib.sha256(later["pdf"]).hexdigest() == w.app.repository.get(decision).pdf_sha256 == later["api"]["pdf_sha256"]
    assert "Chuyên viên, Phòng Công nghệ thông tin" in pdf_text(later["pdf"])
    assert {i["unit_name"] for i in later["api"]["items"]} == {"Phòng Công nghệ thông tin"}
    assert later["api"]["issuer_name"] == "Sở Khoa học và Công nghệ tỉnh A"


def test_a_draft_is_discarded_from_its_page_with_a_reason(ui):
    w = ui.world
    n, decision = drafted(ui, w.staff[1], "07/QĐ-SKHCN")
    client = ui.signed_in("thuky")
    assert "Hủy bỏ dự thảo" in page_text(client.get(f"/decisions/{decision}"))

    assert post(client, f"/decisions/{decision}/discard", {"discard-reason": ""}).status_code == 422
    answer = post(client, f"/decisions/{decision}/discard", {"discard-reason": "Ghi sai trích yếu"})

    assert answer.status_code == 303
    page = page_text(client.get(f"/decisions/{decision}"))
    assert "Dự thảo đã hủy bỏ" in page and "Ghi sai trích yếu" in page
    assert stage_of(ui, n) == Stage.VOTED.value


def test_a_draft_is_discarded_through_the_api_by_the_issuers_secretariat(ui):
    w = ui.world
    n, decision = drafted(ui, w.staff[2], "08/QĐ-SKHCN")
    store = ui.app.extensions["thidua_tokens"]
    headers = {role: {"Authorization": f"Bearer {store.create(person, role)[1]}"}
               for person, role in ((w.signer, Role.SIGNER), (w.secretary, Role.SECRETARIAT))}
    path = f"/api/v1/decisions/{decision}/discarding"

    assert ui.client().post(path, json={"reason": "Lập nhầm"}, headers=headers[Role.SIGNER]).status_code == 403
    assert ui.client().post(path, json={}, headers=headers[Role.SECRETARIAT]).status_code == 422
    assert ui.client().post(path, json={"reason": "Lập nhầm"}, headers=headers[Role.SECRETARIAT]).status_code == 200

    discarded = ui.client().get(f"/api/v1/decisions/{decision}", headers=headers[Role.SECRETARIAT]).get_json()  # a draft
    assert (discarded["status"], discarded["discard_reason"]) == ("discarded", "Lập nhầm")
    assert stage_of(ui, n) == Stage.VOTED.value
    assert ui.client().post(path, json={"reason": "Lần nữa"}, headers=headers[Role.SECRETARIAT]).status_code == 409
