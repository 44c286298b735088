"""The award decision PDF in the national administrative layout and the certificates, read back as text."""

import io
import re
from datetime import date

import pytest
from argon2 import PasswordHasher
from pypdf import PdfReader

from adapters.demo.accounts import DEMO_PASSWORD, ensure_demo_accounts
from adapters.documents.decision import Awardee, DecisionDocument, certificates_pdf, decision_pdf
from adapters.documents.render import long_date
from projections import queries
from tests.e2e.ui_support import post
from tests.second_factor import answer_second_factor
from web import create_app


def pdf_text(body: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


def a_decision(**changes) -> DecisionDocument:
    awardees = [
        Awardee(1, "Lò Thị Hoa", "individual", "Chuyên viên, Phòng Công nghệ thông tin", "Lao động tiên tiến",
                True, 2025, 710_000, "Điều 50 khoản 1 điểm d Nghị định 152/2025/NĐ-CP", "female"),
        Awardee(2, "Quàng Văn Minh", "individual", "Trưởng phòng, Phòng Công nghệ thông tin", "Chiến sĩ thi đua cơ sở",
                True, 2025, 2_340_000, "Điều 50 khoản 1 điểm c Nghị định 152/2025/NĐ-CP", "male"),
        Awardee(3, "Phòng Công nghệ thông tin", "collective", "Sở Khoa học và Công nghệ", "Tập thể lao động tiên tiến",
                True, 2025, 1_880_000, "Điều 50 khoản 2 điểm b Nghị định 152/2025/NĐ-CP"),
    ]
    fields = dict(
        number="05/QĐ-SKHCN", decision_date=date(2026, 1, 5), place="Điện Biên", parent_body="UBND tỉnh Điện Biên",
        issuer_name="Sở Khoa học và Công nghệ", subject="Về việc tặng danh hiệu thi đua năm 2025",
        signer_title="Giám đốc Sở Khoa học và Công nghệ", signer_position="Giám đốc Sở", signer_name="Cà Văn Thiêm",
        legal_bases=["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"], awardees=awardees, signed=True,
    )
    return DecisionDocument(**{**fields, **changes})


def test_the_decision_pdf_follows_the_national_layout_and_keeps_its_diacritics():
    text = pdf_text(decision_pdf(a_decision()))

    for line in ("UBND TỈNH ĐIỆN BIÊN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: 05/QĐ-SKHCN", "Điện Biên, ngày 05 tháng 01 năm 2026", "QUYẾT ĐỊNH",
                 "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                 "QUYẾT ĐỊNH:", "Điều 1.", "Điều 2.", "Điều 3.", "Nơi nhận:", "Cà Văn Thiêm",
                 "(Kèm theo Quyết định số 05/QĐ-SKHCN ngày 05/01/2026"):
        assert line in text, line
    paid = (("Lò Thị Hoa", "710.000"), ("Quàng Văn Minh", "2.340.000"), ("Phòng Công nghệ thông tin", "1.880.000"))
    for name, amount in paid:
        assert name in text and amount in text
    assert "4.930.000" in text and "01 tập thể, 02 cá nhân" in text


def test_a_deputy_signs_for_the_head_and_a_draft_says_it_is_unsigned():
    text = pdf_text(decision_pdf(a_decision(signer_position="Phó Giám đốc Sở", signed=False)))

    assert "KT. GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text and "PHÓ GIÁM ĐỐC SỞ" in text
    assert "(Dự thảo — chưa ký)" in text


@pytest.mark.parametrize(("day", "printed"), [
    (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
    (date(2026, 2, 14), "ngày 14 tháng 02 năm 2026"),
    (date(2025, 12, 9), "ngày 09 tháng 12 năm 2025"),
    (date(2025, 7, 1), "ngày 01 tháng 7 năm 2025"),
])
def test_dates_take_a_leading_zero_for_days_below_ten_and_for_january_and_february(day, printed):
    assert long_date(day) == printed


def test_certificates_give_one_landscape_page_per_awardee_with_the_golden_book_number():
    reader = PdfReader(io.BytesIO(certificates_pdf(a_decision())))

    pages = [(p.mediabox.width, p.mediabox.height, re.sub(r"\s+", " ", p.extract_text())) for p in reader.pages]

    assert len(pages) == 3 and all(width > height for width, height, _text in pages)
    assert "TẶNG DANH HIỆU" in pages[1][2] and "CHIẾN SĨ THI ĐUA CƠ SỞ NĂM 2025" in pages[1][2]
    assert "Ông Quàng Văn Minh" in pages[1][2] and "Số sổ vàng: 2" in pages[1][2]


@pytest.fixture(scope="module")
def demo_app(demo_container):
    ensure_demo_accounts(demo_container.projector.engine, demo_container.read_engine,
                         PasswordHasher(time_cost=1, memory_cost=8 * 1024))
    return create_app({"TESTING": True}, container=demo_container)


def test_a_signed_demo_decision_downloads_with_its_number_awardees_and_amounts(demo_app, demo_container):
    with demo_container.read_engine.connect() as conn:
        found = next(d for d in queries.list_award_decisions(conn)[0] if d["number"] == "05/QĐ-SKHCN")
        decision = queries.get_award_decision(conn, found["decision_id"])
    client = demo_app.test_client()
    answer_second_factor(client, post(client, "/login", {"username": "lanhdao", "password": DEMO_PASSWORD}), "lanhdao")

    response = client.get(f"/decisions/{decision['decision_id']}.pdf")

    text = pdf_text(response.data)
    assert response.headers["Content-Type"] == "application/pdf"
    assert "Số: 05/QĐ-SKHCN" in text and "Điện Biên, ngày 10 tháng 01 năm 2026" in text
    for item in decision["items"][:10]:
        assert item["nominee_name"] in text
    assert f"{decision['total_amount']:,}".replace(",", ".") in text


def test_the_decision_page_links_the_list_as_a_spreadsheet(demo_app, demo_container):
    with demo_container.read_engine.connect() as conn:
        decision = next(d for d in queries.list_award_decisions(conn)[0] if d["status"] == "signed")  # a draft's is not public
    client = demo_app.test_client()
    post(client, "/login", {"username": "kiemtoan", "password": DEMO_PASSWORD})

    page = client.get(f"/decisions/{decision['decision_id']}").get_data(as_text=True)
    link = re.search(r'href="(/api/v1/decisions/[^"]+/export\.xlsx)"', page).group(1)

    with client.get(link) as sheet:
        assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
