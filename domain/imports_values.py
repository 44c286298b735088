"""The names a workbook may use for coded values (rating, gender, ethnicity, levels), read with or without
diacritics, and the codes the ledger records for them."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from domain.organisation import DISCIPLINE_LEVELS


def fold(value: str) -> str:
    """Lower case without diacritics, đ as d, spaces collapsed: «Nguyễn  Văn Ánh» and «nguyen van anh» match."""
    decomposed = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.lower().split())


def index(choices: Mapping[str, str]) -> dict[str, str]:
    """Each choice's code by its folded name and by its folded code, for `dict.get(fold(value))`."""
    return {fold(code): code for code in choices.values()} | {fold(name): code for name, code in choices.items()}


RATINGS = {
    "Hoàn thành xuất sắc nhiệm vụ": "HTXSNV", "Hoàn thành tốt nhiệm vụ": "HTTNV",
    "Hoàn thành nhiệm vụ": "HTNV", "Không hoàn thành nhiệm vụ": "KHTNV",
}
GENDERS = {"Nam": "m", "Nữ": "f"}
UNIT_KINDS = {"Sở, ban, ngành": "department", "Phòng, đơn vị trực thuộc": "division"}
DISCIPLINE = {level: level for level in DISCIPLINE_LEVELS}
INITIATIVE_LEVELS = {"cơ sở": "grassroots", "cấp tỉnh": "provincial", "toàn quốc": "national"}
AWARD_TYPES = {"thường xuyên": "regular", "chuyên đề": "thematic", "đột xuất": "ad_hoc"}
DIRECT_WORKER = {"x": "yes", "có": "yes", "1": "yes", "không": "no", "0": "no"}
# the 54 ethnic groups of Viet Nam (General Statistics Office list); a few common spellings alongside
ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na", "Xơ Đăng",
    "Sán Chay", "Cơ Ho", "Chăm", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru Vân Kiều",
    "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng",
    "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái",
    "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)
ETHNICITIES = {name: name for name in ETHNIC_GROUPS} | {
    "H'Mông": "Mông", "Hmông": "Mông", "Ê-đê": "Ê Đê", "Jrai": "Gia Rai", "Bahnar": "Ba Na", "Khơ-me": "Khmer",
}
