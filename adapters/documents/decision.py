"""The award decision (quyết định khen thưởng) as a PDF in the national administrative layout.

Layout of ND 30/2020/NĐ-CP as described in DOMAIN.md §8: two-column header, number and
place/date line, "QUYẾT ĐỊNH", subject, authority, italic "Căn cứ" clauses, Điều 1–3, "Nơi
nhận", signature block, and the attached list with amounts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from adapters.documents.layout import Letterhead, Signature, place_and_date
from adapters.documents.render import money, render_pdf, short_date

KIND_WORDS = {"collective": "tập thể", "individual": "cá nhân"}


@dataclass(frozen=True)
class Awardee:
    """One line of the attached list; `amount` is what is paid (0 when a higher title of the period pays)."""

    seq: int
    name: str
    kind: str  # individual | collective
    detail: str  # position and unit, or the collective's parent body
    title_name: str
    is_title: bool  # a title (danh hiệu) or a commendation form (Giấy khen, Bằng khen)
    year: int
    amount: int
    article: str = ""
    gender: str = ""  # male | female, for «Ông»/«Bà» on the certificate


@dataclass(frozen=True)
class DecisionDocument:
    number: str
    decision_date: date
    place: str
    parent_body: str
    issuer_name: str
    subject: str
    signer_title: str  # "Giám đốc Sở Khoa học và Công nghệ"
    signer_position: str  # the signer's own post, e.g. "Giám đốc Sở" or "Phó Giám đốc Sở"
    signer_name: str
    legal_bases: list[str]
    awardees: list[Awardee]
    signed: bool
    council_minutes: str = ""
    proposer: str = "Thường trực Hội đồng Thi đua - Khen thưởng"
    recipients: list[str] = field(default_factory=lambda: ["Như Điều 3", "Lưu: VT, VP"])

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.decision_date)

    @property
    def head(self) -> Letterhead:
        return Letterhead(self.parent_body, self.issuer_name, self.number, self.place, self.decision_date)

    @property
    def signature(self) -> Signature:
        return Signature(self.signer_position, self.signer_name, deputy_of=self.deputy_of, draft=not self.signed)

    @property
    def date_short(self) -> str:
        return short_date(self.decision_date)

    @property
    def deputy_of(self) -> str:
        """A deputy signs "KT." (ký thay) for the head named in the authority line."""
        return self.signer_title if self.signer_position.lower().startswith("phó") else ""

    @property
    def total(self) -> int:
        return sum(a.amount for a in self.awardees)

    @property
    def has_unpaid(self) -> bool:
        return any(a.amount == 0 for a in self.awardees)

    @property
    def count_phrase(self) -> str:
        return count_phrase(self.awardees)

    @property
    def annex_heading(self) -> str:
        grants = {(a.title_name, a.is_title, a.year) for a in self.awardees}
        who = ", ".join(KIND_WORDS[k] for k in ("collective", "individual") if any(a.kind == k for a in self.awardees))
        if len(grants) == 1:
            return f"{who} được tặng {grant_phrase(*grants.pop())}".upper()
        return f"{who} được khen thưởng".upper()

    @property
    def article_1(self) -> str:
        groups: dict[tuple[str, bool, int], list[Awardee]] = {}
        for a in self.awardees:
            groups.setdefault((a.title_name, a.is_title, a.year), []).append(a)
        parts = [f"{grant_phrase(*key)} cho {count_phrase(members)}" for key, members in groups.items()]
        return "Tặng " + "; ".join(parts) + " (có danh sách kèm theo)."

    @property
    def article_2(self) -> str:
        articles = ", ".join(dict.fromkeys(a.article for a in self.awardees if a.article))
        basis = f" theo quy định tại {articles}" if articles else ""
        return (
            f"Mỗi tập thể, cá nhân có tên tại Điều 1 được nhận tiền thưởng{basis}, mức cụ thể theo danh sách kèm theo. "
            f"Tổng số tiền thưởng: {money(self.total)} đồng, chi từ Quỹ thi đua, khen thưởng của {self.issuer_name}."
        )

    @property
    def article_3(self) -> str:
        return (
            "Quyết định có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng phòng Kế hoạch - Tài chính, "
            "Thủ trưởng các đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này."
        )


def grant_phrase(title_name: str, is_title: bool, year: int) -> str:
    return f"danh hiệu “{title_name}” năm {year}" if is_title else f"“{title_name}”"


def count_phrase(awardees: list[Awardee]) -> str:
    counts = Counter(a.kind for a in awardees)
    return ", ".join(f"{counts[k]:02d} {KIND_WORDS[k]}" for k in ("collective", "individual") if counts[k])


def decision_pdf(doc: DecisionDocument) -> bytes:
    return render_pdf("decision.html", doc=doc)


def certificates_pdf(doc: DecisionDocument) -> bytes:
    """One certificate per awardee (ND 98/2023 Art. 104); «Số sổ vàng» is the line number in the decision."""
    return render_pdf("certificates.html", doc=doc)
