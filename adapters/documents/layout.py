"""The parts of the national administrative layout (ND 30/2020/NĐ-CP, Annex I) that every printed
document shares: the letterhead (bodies, national name and motto, number, place and date) and the
signature block. The HTML macros in templates/_layout.html and the Word builder (docx.py) print these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from adapters.documents.render import long_date


def place_and_date(place: str, day: date) -> str:
    """«Điện Biên, ngày 05 tháng 01 năm 2026»; without a place the date line starts with a capital."""
    text = long_date(day)
    return f"{place}, {text}" if place else text.capitalize()


@dataclass(frozen=True)
class Letterhead:
    """Left: the parent body and the issuing body; right: national name and motto; then number and date."""

    parent_body: str
    issuer_name: str
    number: str  # "05/QĐ-SKHCN"; "" when the document has none (a ballot)
    place: str
    day: date

    @property
    def place_and_date(self) -> str:
        return place_and_date(self.place, self.day)


@dataclass(frozen=True)
class Signature:
    """Who signs, under which capacity: «KT.» for a deputy, «TM.» or a role line («CHỦ TỌA») above the post."""

    position: str
    name: str
    capacity: str = ""  # "THƯ KÝ", "TM. HỘI ĐỒNG", "NGƯỜI BÁO CÁO"
    deputy_of: str = ""
    draft: bool = False  # a draft decision prints «(Dự thảo — chưa ký)» where the signature goes
