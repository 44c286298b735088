"""The lists the office publishes: the list for public posting (danh sách công khai: who is proposed for
what, and until when objections are taken) and the annual summary report (báo cáo tổng kết công tác thi
đua, khen thưởng) from the yearly statistics read model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from adapters.documents.layout import Signature
from adapters.documents.paper import Grid, Paper, Section
from adapters.documents.paperwork_dossier import head_signature, letterhead
from adapters.documents.render import money, short_date
from projections.queries.statistics import SHARES


def posting_list(*, office: Mapping, parent: Mapping | None, postings: Sequence[Mapping], titles: Mapping[str, str], day: date) -> Paper:
    """Thông báo: the dossiers open for objections on `day`, each with its posting period."""
    rows = [
        (i, p["nominee_name"], p["unit_name"] or "", titles.get(p["title_code"], p["title_code"]), p["year"],
         f"{short_date(p['posted_on'])} – {short_date(p['posted_until'])}")
        for i, p in enumerate(postings, start=1)
    ]
    return Paper(
        head=letterhead(office, parent, "TB", day), title="THÔNG BÁO", stem=f"danh-sach-cong-khai-{day:%Y-%m-%d}",
        subject="Danh sách tập thể, cá nhân được đề nghị khen thưởng (công khai để lấy ý kiến)",
        sections=[Section(
            paragraphs=[f"{office['name']} công khai danh sách {len(rows):02d} tập thể, cá nhân được đề nghị khen thưởng. "
                        "Ý kiến về các trường hợp dưới đây gửi đến Thường trực Hội đồng Thi đua - Khen thưởng trong thời hạn công khai."],
            grid=Grid(("STT", "Tập thể / cá nhân", "Đơn vị", "Danh hiệu / hình thức đề nghị", "Năm", "Thời hạn công khai"),
                      rows, (7, 25, 24, 22, 8, 14)),
        )],
        signatures=[Signature("Thường trực Hội đồng Thi đua - Khen thưởng", "", capacity=f"TM. {office['name']}")],
        recipients=["Các đơn vị trực thuộc", "Cổng thông tin điện tử", "Lưu: VT"],
    )


def lines(rows: Sequence[Mapping], *, amount: bool = True) -> list[tuple]:
    return [(r["label"], r["count"], *((money(r["amount"]),) if amount else ())) for r in rows]


def share_lines(stats: Mapping) -> list[tuple]:
    return [(group, r["label"], r["count"], decimal(r["share"]) + "%") for key, group in SHARES.items() for r in stats[key]]


def decimal(value: float) -> str:
    """Vietnamese decimals: a comma, no trailing zeros («83,5», «95»)."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def figure(value: float | None, unit: str | None) -> str:
    return "—" if value is None else decimal(value) + (unit or "")


def target_lines(campaigns: Sequence[Mapping]) -> list[tuple]:
    return [
        (c["theme"], t["description"], figure(t["target"], t["unit"]), figure(t["value"], t["unit"]),
         "Đạt" if t["met"] else "Chưa đạt")
        for c in campaigns for t in c["targets"]
    ]


def annual_report(*, office: Mapping, parent: Mapping | None, stats: Mapping, head: Mapping | None, day: date) -> Paper:
    """Báo cáo tổng kết năm: totals, then the breakdowns the province asks for, money by source, targets."""
    year = stats["year"]
    counted = ("Nội dung", "Số lượng", "Số tiền (đồng)")
    shares = ("Chỉ tiêu thống kê", "Nội dung", "Số người", "Tỷ lệ")
    return Paper(
        head=letterhead(office, parent, "BC", day), title="BÁO CÁO", stem=f"bao-cao-tong-ket-{year}",
        subject=f"Tổng kết công tác thi đua, khen thưởng năm {year}",
        sections=[
            Section("I. KẾT QUẢ KHEN THƯỞNG", [
                f"Năm {year}, các quyết định có hiệu lực đã khen thưởng {stats['total']} lượt tập thể, cá nhân; "
                f"tổng số tiền thưởng {money(stats['amount'])} đồng."], grid=Grid(counted, lines(stats["by_kind"]))),
            Section("1. Theo cấp khen thưởng", grid=Grid(counted, lines(stats["by_level"]))),
            Section("2. Theo danh hiệu, hình thức", grid=Grid(counted, lines(stats["by_title"]))),
            Section("3. Theo đơn vị", grid=Grid(counted, lines(stats["by_unit"]))),
            Section("II. CƠ CẤU CÁ NHÂN ĐƯỢC KHEN THƯỞNG", ["Tỷ lệ tính trên số lượt cá nhân được khen thưởng."],
                    grid=Grid(shares, share_lines(stats))),
            Section("III. KINH PHÍ THEO NGUỒN", grid=Grid(("Nguồn", "Số tiền (đồng)"),
                                                           [(m["label"], money(m["amount"])) for m in stats["money"]])),
            Section("IV. KẾT QUẢ THỰC HIỆN CHỈ TIÊU CÁC PHONG TRÀO THI ĐUA",
                    grid=Grid(("Phong trào", "Chỉ tiêu", "Mức giao", "Mức đạt", "Kết quả"), target_lines(stats["targets"]))),
        ],
        signatures=[head_signature(head)],
        recipients=["UBND tỉnh (Sở Nội vụ)", "Lưu: VT"],
    )
