"""The unit's papers for a dossier: the submission (tờ trình, Mẫu số 01 of Decree 152/2025's annex) listing
the unit's proposals in a campaign, and the achievement report (báo cáo thành tích) of an individual (Mẫu
số 05) or a collective, with the annual ratings and the awards already on record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from adapters.documents.award import header_bodies
from adapters.documents.decision import KIND_WORDS
from adapters.documents.layout import Letterhead, Signature
from adapters.documents.paper import Grid, Paper, Section
from adapters.documents.render import short_date

ANNEX = "ban hành kèm theo Nghị định số 152/2025/NĐ-CP"
RATING_NAMES = {
    "HTXSNV": "Hoàn thành xuất sắc nhiệm vụ", "HTTNV": "Hoàn thành tốt nhiệm vụ", "HTNV": "Hoàn thành nhiệm vụ",
    "KHTNV": "Không hoàn thành nhiệm vụ",
}
GENDER_WORDS = {"f": "Nữ", "female": "Nữ", "m": "Nam", "male": "Nam"}
BLANK_NUMBER = "…"  # the clerk (văn thư) writes the number when the paper is issued


def letterhead(unit: Mapping, parent: Mapping | None, kind: str, day: date) -> Letterhead:
    """The unit's letterhead; `kind` is the abbreviation of the paper (TTr, BB, BC, TB), "" for no number."""
    parent_body, issuer_name = header_bodies(unit, parent)
    place = unit.get("province") or (parent or {}).get("province") or ""
    number = f"{BLANK_NUMBER}/{kind}-{unit.get('abbreviation') or ''}".rstrip("-") if kind else ""
    return Letterhead(parent_body, issuer_name, number, place, day)


def submission(
    *, unit: Mapping, parent: Mapping | None, campaign: Mapping, nominations: Sequence[Mapping], titles: Mapping[str, str],
    positions: Mapping, head: Mapping | None, day: date,
) -> Paper:
    """The unit's tờ trình to the campaign's issuer for every proposal it sent in the campaign."""
    year = max((n["year"] for n in nominations), default=day.year)
    kinds = [n["nominee_kind"] for n in nominations]
    counted = ", ".join(f"{kinds.count(k):02d} {KIND_WORDS[k]}" for k in ("collective", "individual") if k in kinds)
    issuer = campaign["issuer_name"]
    rows = [
        (i, n["nominee_name"], positions.get(n["nominee_id"]) or n["unit_name"] or "", titles.get(n["title_code"], n["title_code"]),
         n["year"], short_date(n["received_on"]) if n["received_on"] else "")
        for i, n in enumerate(nominations, start=1)
    ]
    return Paper(
        head=letterhead(unit, parent, "TTr", day), title="TỜ TRÌNH", stem=f"to-trinh-{year}",
        subject=f"Về việc đề nghị khen thưởng trong phong trào thi đua năm {year}", form=f"Mẫu số 01 – Phụ lục {ANNEX}",
        addressee=f"Kính gửi: Hội đồng Thi đua - Khen thưởng {issuer}",
        sections=[Section(
            paragraphs=[
                "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ;",
                f"Căn cứ kết quả bình xét thi đua của {unit['name']} trong phong trào «{campaign['theme']}»,",
                f"{unit['name']} kính trình {issuer} xem xét, khen thưởng cho {counted or 'các tập thể, cá nhân'} "
                f"có thành tích năm {year}, cụ thể như sau:",
            ],
            grid=Grid(("STT", "Tập thể / cá nhân", "Chức vụ, đơn vị", "Danh hiệu / hình thức đề nghị", "Năm", "Ngày nộp hồ sơ"),
                      rows, (7, 24, 25, 22, 9, 13)),
            closing=["(Kèm theo báo cáo thành tích và biên bản bình xét của các tập thể, cá nhân có tên trên.)",
                     f"Kính trình {issuer} xem xét, quyết định./."],
        )],
        signatures=[head_signature(head)],
        recipients=["Như trên", "Lưu: VT"],
    )


def achievement_report(
    *, nomination: Mapping, title_name: str, subject: Mapping, unit: Mapping, parent: Mapping | None,
    ratings: Sequence[Mapping], history: Sequence[Mapping], titles: Mapping[str, str], day: date,
) -> Paper:
    """The nominee's báo cáo thành tích: who they are, what they achieved (the dossier's own words), their
    ratings and earlier awards as the ledger has them."""
    person = nomination["nominee_kind"] == "individual"
    name = nomination["nominee_name"]
    if person:
        profile = [f"Họ và tên: {name}", f"Giới tính: {GENDER_WORDS.get(subject.get('gender') or '', 'Không rõ')}",
                   f"Chức vụ: {subject.get('position') or ''}", f"Đơn vị công tác: {unit['name']}"]
    else:
        profile = [f"Tên tập thể: {name}", f"Cơ quan cấp trên trực tiếp: {(parent or {}).get('name', '')}"]
    ratings_grid = Grid(("Năm", "Kết quả đánh giá, xếp loại"),
                        [(r["year"], RATING_NAMES.get(r["rating"], r["rating"])) for r in ratings], (25, 75))
    history_grid = Grid(
        ("Năm", "Danh hiệu / hình thức", "Số, ngày quyết định"),
        [(h["year"], titles.get(h["code"], h["code"]), decision_line(h)) for h in history if not h["revoked"]], (15, 45, 40),
    )
    sign = (Signature("Thủ trưởng đơn vị", "", capacity="Xác nhận của"), Signature("Người báo cáo thành tích", name)) if person \
        else (Signature("Thủ trưởng cơ quan cấp trên", "", capacity="Xác nhận của"), Signature("Thủ trưởng đơn vị", ""))
    return Paper(
        head=letterhead(unit, parent, "", day), title="BÁO CÁO THÀNH TÍCH", stem=f"bao-cao-thanh-tich-{nomination['year']}",
        subject=f"Đề nghị tặng «{title_name}» năm {nomination['year']}",
        form=f"Mẫu số 05 – Phụ lục {ANNEX}" if person else "",
        sections=[
            Section("I. SƠ LƯỢC LÝ LỊCH" if person else "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", profile),
            Section("II. THÀNH TÍCH ĐẠT ĐƯỢC", nomination["achievements"].splitlines() or [""]),
            Section("III. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI", grid=ratings_grid),
            Section("IV. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN", grid=history_grid),
        ],
        signatures=sign,
    )


def decision_line(history: Mapping) -> str:
    number = history.get("decision_number") or ""
    day = short_date(history["decided_on"]) if history.get("decided_on") else ""
    return f"{number} ngày {day}".strip() if number else day


def head_signature(head: Mapping | None) -> Signature:
    """The head signs under their own post («Trưởng phòng», «Giám đốc Sở»), or as «Thủ trưởng đơn vị» when unknown."""
    head = head or {}
    return Signature(head.get("position") or "Thủ trưởng đơn vị", head.get("full_name", ""))
