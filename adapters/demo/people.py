"""Demo data: the seed organisation and campaigns (JSON under data/) and ~150 synthetic staff.

Staff come from ``random.Random(2025)``, so every call returns the same list. A few people are
scripted (``SCRIPT``) so that the demo shows both sides of each eligibility rule: three consecutive
CSTĐCS for CSTĐ tỉnh, discipline, a pending complaint, a recent hire. ``demo_case`` says which.
"""

from __future__ import annotations

import json
import random
from datetime import date
from importlib import resources
from typing import Any

SEED = 2025
YEARS = (2022, 2023, 2024, 2025)
CAMPAIGN_FILES = {"cum2-2023": "cluster2_2023.json", "dienbien-2025": "dienbien_2025.json"}
HTXSNV_SHARE = 0.2  # at most 20% of those rated HTTNV or above, per unit and year

DB = "stttt-dienbien"
VP, TTR, KHTC, BCVT, CNTT, TTBCXB, TT = (
    f"{DB}-{s}" for s in ("vp", "ttr", "khtc", "bcvt", "cntt", "ttbcxb", "ttcntt")
)
OTHER_DEPARTMENTS = {
    "stttt-sonla": "Sơn La",
    "stttt-laichau": "Lai Châu",
    "stttt-laocai": "Lào Cai",
    "stttt-hagiang": "Hà Giang",
    "stttt-caobang": "Cao Bằng",
    "stttt-langson": "Lạng Sơn",
}
PROVINCE_OF = {
    **OTHER_DEPARTMENTS,
    **dict.fromkeys((DB, VP, TTR, KHTC, BCVT, CNTT, TTBCXB, TT), "Điện Biên"),
}

# (unit, position, head count, employment, share of women)
STAFFING: list[tuple[str, str, int, str, float]] = [
    (DB, "Giám đốc Sở", 1, "cong_chuc", 0.0),
    (DB, "Phó Giám đốc Sở", 3, "cong_chuc", 0.34),
    (VP, "Chánh Văn phòng", 1, "cong_chuc", 1.0),
    (VP, "Phó Chánh Văn phòng", 1, "cong_chuc", 0.5),
    (VP, "Chuyên viên", 8, "cong_chuc", 0.6),
    (VP, "Văn thư", 1, "cong_chuc", 1.0),
    (VP, "Nhân viên lái xe", 2, "hop_dong", 0.0),
    (VP, "Nhân viên bảo vệ", 1, "hop_dong", 0.0),
    (TTR, "Chánh Thanh tra", 1, "cong_chuc", 0.0),
    (TTR, "Phó Chánh Thanh tra", 1, "cong_chuc", 0.5),
    (TTR, "Thanh tra viên", 4, "cong_chuc", 0.5),
    (KHTC, "Trưởng phòng", 1, "cong_chuc", 1.0),
    (KHTC, "Phó Trưởng phòng", 1, "cong_chuc", 0.5),
    (KHTC, "Chuyên viên", 6, "cong_chuc", 0.6),
    (KHTC, "Kế toán viên", 1, "cong_chuc", 1.0),
    (BCVT, "Trưởng phòng", 1, "cong_chuc", 0.0),
    (BCVT, "Phó Trưởng phòng", 1, "cong_chuc", 0.5),
    (BCVT, "Chuyên viên", 7, "cong_chuc", 0.4),
    (CNTT, "Trưởng phòng", 1, "cong_chuc", 0.0),
    (CNTT, "Phó Trưởng phòng", 2, "cong_chuc", 0.5),
    (CNTT, "Chuyên viên", 7, "cong_chuc", 0.4),
    (TTBCXB, "Trưởng phòng", 1, "cong_chuc", 0.0),
    (TTBCXB, "Phó Trưởng phòng", 1, "cong_chuc", 0.5),
    (TTBCXB, "Chuyên viên", 7, "cong_chuc", 0.6),
    (TT, "Giám đốc Trung tâm", 1, "vien_chuc", 0.0),
    (TT, "Phó Giám đốc Trung tâm", 2, "vien_chuc", 0.5),
    (TT, "Trưởng phòng Hành chính - Tổng hợp", 1, "vien_chuc", 1.0),
    (TT, "Trưởng phòng Kỹ thuật - Hạ tầng", 1, "vien_chuc", 0.0),
    (TT, "Trưởng phòng Dịch vụ - Truyền thông", 1, "vien_chuc", 0.5),
    (TT, "Phó Trưởng phòng", 3, "vien_chuc", 0.5),
    (TT, "Kỹ sư", 20, "vien_chuc", 0.35),
    (TT, "Chuyên viên", 20, "vien_chuc", 0.6),
    (TT, "Kỹ thuật viên", 7, "vien_chuc", 0.3),
    (TT, "Nhân viên hợp đồng", 4, "hop_dong", 0.5),
] + [
    row
    for unit in OTHER_DEPARTMENTS
    for row in (
        (unit, "Giám đốc Sở", 1, "cong_chuc", 0.2),
        (unit, "Phó Giám đốc Sở", 1, "cong_chuc", 0.3),
        (unit, "Chánh Văn phòng", 1, "cong_chuc", 0.5),
        (unit, "Chuyên viên", 2, "cong_chuc", 0.6),
    )
]

ETHNIC_MIX = {
    "Điện Biên": {"Kinh": 55, "Thái": 30, "Mông": 15},
    "Sơn La": {"Kinh": 50, "Thái": 50},
    "Lai Châu": {"Kinh": 50, "Thái": 30, "Mông": 20},
    "Lào Cai": {"Kinh": 70, "Tày": 30},
    "Hà Giang": {"Kinh": 40, "Tày": 40, "Mông": 20},
    "Cao Bằng": {"Kinh": 30, "Tày": 70},
    "Lạng Sơn": {"Kinh": 30, "Tày": 70},
}
FAMILY = {  # repeated names are the more frequent ones
    "Kinh": "Nguyễn Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Phạm Hoàng Vũ Đặng Bùi Đỗ Ngô Đinh "
    "Dương Hà".split(),
    "Thái": "Lò Lò Lò Quàng Quàng Lường Lường Cà Cà Tòng Tòng Cầm Lự".split(),
    "Mông": "Giàng Giàng Sùng Sùng Vàng Vàng Thào Thào Mùa Lầu Vừ".split(),
    "Tày": "Nông Nông Hoàng Hoàng Lương Bế Đàm Ma Vi Lục".split(),
}
KINH_MALE = (
    "Văn Đức Minh Quang Hữu Công Thành Xuân Mạnh Ngọc Trọng Tiến Anh".split(),
    "Hùng Dũng Cường Thắng Tuấn Hải Long Sơn Tùng Quân Nam Hiếu Trung Khánh Đạt Bình Hưng Phong "
    "Thịnh Toàn Vinh Lâm Kiên Nghĩa Huy Duy Thái Việt Chiến Tâm".split(),
)
KINH_FEMALE = (
    "Thị Thị Thị Thu Thanh Ngọc Minh Hồng Thúy Phương Kim Bích".split(),
    "Hương Lan Hoa Hà Thủy Nga Hằng Huyền Trang Linh Yến Thảo Nhung Liên Oanh Dung Phượng Quỳnh "
    "Giang Hạnh Loan Vân Mai Thắm Duyên Ngân Thơm".split(),
)
GIVEN = {  # (ethnicity, gender) -> (middle names, given names)
    ("Kinh", "male"): KINH_MALE,
    ("Kinh", "female"): KINH_FEMALE,
    ("Tày", "male"): KINH_MALE,
    ("Tày", "female"): KINH_FEMALE,
    ("Thái", "male"): (
        ["Văn"],
        "Xôm Hặc Pấng Chăm Ún Thiêm Panh Sinh Khiêm Thương Hom Ngoan Phanh Hiệu Thắng Chiến "
        "Tuấn Ương".split(),
    ),
    ("Thái", "female"): (
        ["Thị"],
        "Ơn Biên Pâng Bun Thoan Ín Hoa Hương Xuân Ngân Thủy Dung Nhất Mai Lả Xiêm".split(),
    ),
    ("Mông", "male"): (
        ["A", "A", "A", "Văn"],
        "Sử Lềnh Chứ Páo Dế Súa Của Tủa Dinh Mua Chống Lử Pó Chư Vảng Hồ".split(),
    ),
    ("Mông", "female"): (["Thị"], "Mỷ Pà Dợ Chu Sua Mai Dung Say Mẩy Dua Ly Pằng".split()),
}

# The annual title decisions of the Sở TT&TT Điện Biên: year of achievement -> (number, date).
TITLE_DECISIONS = {
    2022: ("15/QĐ-STTTT", "2023-01-13"),
    2023: ("12/QĐ-STTTT", "2024-01-12"),
    2024: ("10/QĐ-STTTT", "2025-01-10"),
}
XS, TN, HT, KHT = "HTXSNV", "HTTNV", "HTNV", "KHTNV"
BOTH = ("LDTT", "CSTDCS")
# Scripted histories: who (unit, position, n-th), ratings, titles, initiatives and the rest.
# fmt: off
SCRIPT: list[dict[str, Any]] = [
    {
        "at": (TT, "Kỹ sư", 0),
        "case": "eligible_cstd_tinh: CSTĐCS 2022-2024 and a provincial initiative (2024)",
        "ratings": dict.fromkeys(YEARS, XS),
        "titles": dict.fromkeys((2022, 2023, 2024), BOTH),
        "initiatives": [
            (2022, "grassroots", "CSTDCS", "Số hóa quy trình tiếp nhận và trả kết quả thủ tục hành "
             "chính lĩnh vực thông tin và truyền thông trên Cổng dịch vụ công tỉnh"),
            (2024, "provincial", None, "Xây dựng bản đồ số hạ tầng viễn thông thụ động trên nền "
             "tảng GIS tỉnh Điện Biên"),
        ],
    },
    {
        "at": (CNTT, "Trưởng phòng", 0),
        "case": "eligible_cstd_tinh and council member: CSTĐCS 2022-2024, provincial initiative "
                "(2023); may not vote on their own nomination",
        "ratings": dict.fromkeys(YEARS, XS),
        "titles": dict.fromkeys((2022, 2023, 2024), BOTH),
        "initiatives": [
            (2023, "provincial", None, "Giải pháp giám sát an toàn thông tin tập trung cho các hệ "
             "thống thông tin của cơ quan nhà nước tỉnh Điện Biên"),
        ],
    },
    {
        "at": (TT, "Kỹ sư", 1),
        "case": "not_eligible_cstd_tinh: CSTĐCS 2022-2024 but only grassroots initiatives",
        "ratings": {2022: XS, 2023: TN, 2024: XS, 2025: TN},
        "titles": dict.fromkeys((2022, 2023, 2024), BOTH),
        "initiatives": [
            (2023, "grassroots", "CSTDCS", "Quy trình tự động tổng hợp báo cáo tiến độ chuyển đổi "
             "số cấp xã"),
        ],
    },
    {
        "at": (VP, "Chuyên viên", 2),
        "case": "not_eligible_cstd_tinh: CSTĐCS 2022 and 2024, not 2023 (chain broken; the 2023 "
                "Giấy khen is thematic)",
        "ratings": {2022: XS, 2023: TN, 2024: TN, 2025: TN},
        "titles": {2022: BOTH, 2023: ("LDTT",), 2024: BOTH},
        "other_awards": [
            {"year": 2023, "code": "GIAY_KHEN", "award_type": "thematic",
             "decision_number": "112/QĐ-STTTT", "decided_on": "2023-10-10",
             "note": "Giấy khen chuyên đề “Chuyển đổi số” năm 2023"},
        ],
        "initiatives": [
            (2024, "grassroots", "CSTDCS", "Ứng dụng Zalo OA hướng dẫn người dân sử dụng dịch vụ "
             "công trực tuyến"),
        ],
    },
    {
        "at": (TT, "Chuyên viên", 0),
        "case": "on_hold: would be eligible for CSTĐCS 2025 but a complaint is pending",
        "ratings": {2022: TN, 2023: XS, 2024: TN, 2025: XS},
        "titles": {2023: BOTH, 2024: BOTH},
        "initiatives": [
            (2024, "grassroots", "CSTDCS", "Mô hình Tổ công nghệ số cộng đồng kiểu mẫu tại bản "
             "vùng cao"),
        ],
        "pending_proceedings": [
            {"kind": "complaint", "opened_on": "2025-11-10", "status": "pending",
             "description": "Đơn khiếu nại liên quan đến việc thực hiện nhiệm vụ đang được xem "
                            "xét, giải quyết (chưa có kết luận)"},
        ],
    },
    {
        "at": (TTR, "Thanh tra viên", 1),
        "case": "eligible_cstdcs_by_initiative: rated HTTNV 2025, grassroots initiative in 2025",
        "ratings": dict.fromkeys(YEARS, TN),
        "initiatives": [
            (2025, "grassroots", None, "Chuẩn hóa quy trình thanh tra chuyên ngành thông tin và "
             "truyền thông trên phần mềm quản lý hồ sơ"),
        ],
    },
    {
        "at": (TT, "Kỹ sư", 2),
        "case": "eligible_cstdcs_by_rating: rated HTXSNV 2025, no prior CSTĐCS",
        "ratings": {2022: TN, 2023: TN, 2024: TN, 2025: XS},
        "initiatives": [
            (2025, "grassroots", None, "Hệ thống trả lời tự động về thủ tục hành chính lĩnh vực "
             "thông tin và truyền thông"),
        ],
    },
    {
        "at": (TT, "Kỹ thuật viên", 0),
        "case": "disciplined: cảnh cáo 2024 (until 2025-05-14), rated KHTNV 2024; the Centre "
                "cannot be TLĐTT 2024",
        "ratings": {2022: TN, 2023: HT, 2024: KHT, 2025: TN},
        "disciplines": [
            {"year": 2024, "level": "cảnh cáo", "decided_on": "2024-05-15", "until": "2025-05-14",
             "decision_number": "45/QĐ-STTTT",
             "reason": "Vi phạm quy định về quản lý, sử dụng tài sản công"},
        ],
    },
    {
        "at": (BCVT, "Chuyên viên", 2),
        "case": "disciplined: khiển trách 2023 (until 2024-08-20), rated KHTNV 2023",
        "ratings": {2022: TN, 2023: KHT, 2024: HT, 2025: TN},
        "disciplines": [
            {"year": 2023, "level": "khiển trách", "decided_on": "2023-08-21",
             "until": "2024-08-20", "decision_number": "78/QĐ-STTTT",
             "reason": "Vi phạm quy chế làm việc, chậm trễ trong xử lý văn bản"},
        ],
    },
    {
        "at": (TTBCXB, "Chuyên viên", 6),
        "case": "recent_hire: joined 2025-03-03, under 10 months of service at the 2025 review",
        "joined_on": "2025-03-03",
        "ratings": {2025: TN},
    },
    {"at": (VP, "Chuyên viên", 4), "ratings": {},
     "initiatives": [(2022, "grassroots", None, "Số hóa hồ sơ lưu trữ tại Văn phòng Sở")]},
    {"at": (TTBCXB, "Chuyên viên", 1), "ratings": {},
     "initiatives": [(2024, "grassroots", None, "Số hóa hồ sơ cấp phép xuất bản bản tin, tài liệu "
                      "không kinh doanh")]},
]
# fmt: on


def demo_organisation() -> dict[str, Any]:
    """The units, clusters and dated succession events of the demo (data/organisation.json)."""
    return _read("organisation.json")


def load_campaign(key: str) -> dict[str, Any]:
    """One seed campaign as structured data: "cum2-2023" or "dienbien-2025"."""
    try:
        name = CAMPAIGN_FILES[key]
    except KeyError:
        raise KeyError(f"unknown demo campaign {key!r}; known: {sorted(CAMPAIGN_FILES)}") from None
    return _read(name)


def campaign_keys() -> list[str]:
    return list(CAMPAIGN_FILES)


def demo_people() -> list[dict[str, Any]]:
    """About 150 synthetic staff with roles, annual ratings, awards, initiatives and discipline."""
    rng = random.Random(SEED)
    people = _staff(rng)
    fixed = _script(people)
    _assign_roles(people)
    _rate(rng, people, fixed)
    return people


def _read(name: str) -> dict[str, Any]:
    text = resources.files("adapters.demo").joinpath("data", name).read_text(encoding="utf-8")
    return json.loads(text)


def _staff(rng: random.Random) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    taken: set[str] = set()
    for unit, position, count, employment, women in STAFFING:
        leader = "Giám đốc" in position or position.startswith(("Chánh", "Trưởng"))
        for _ in range(count):
            gender = "female" if rng.random() < women else "male"
            ethnicity, full_name = _name(rng, PROVINCE_OF[unit], gender, taken)
            first = rng.randint(1996, 2010) if leader else rng.randint(2005, 2023)
            joined = date(first, rng.randint(1, 12), rng.randint(1, 28))
            people.append({
                "key": f"p{len(people) + 1:03d}", "full_name": full_name, "gender": gender,
                "ethnicity": ethnicity, "unit_key": unit, "position": position,
                "employment": employment, "joined_on": joined.isoformat(), "roles": [],
                "council_position": None, "signing": None, "ratings": [], "awards": [],
                "initiatives": [], "disciplines": [], "pending_proceedings": [], "demo_case": None,
            })  # fmt: skip
    return people


def _name(rng: random.Random, province: str, gender: str, taken: set[str]) -> tuple[str, str]:
    mix = ETHNIC_MIX[province]
    while True:
        ethnicity = rng.choices(list(mix), weights=list(mix.values()))[0]
        middles, givens = GIVEN[(ethnicity, gender)]
        middle, given = rng.choice(middles), rng.choice(givens)
        full_name = f"{rng.choice(FAMILY[ethnicity])} {middle} {given}"
        if full_name not in taken and middle != given:
            taken.add(full_name)
            return ethnicity, full_name


def _find(people: list[dict[str, Any]], unit: str, position: str, nth: int = 0) -> dict[str, Any]:
    return [p for p in people if p["unit_key"] == unit and p["position"] == position][nth]


def _script(people: list[dict[str, Any]]) -> dict[str, dict[int, str]]:
    """Apply SCRIPT; return the ratings it fixes, by person key and year."""
    fixed: dict[str, dict[int, str]] = {}
    for n, entry in enumerate(SCRIPT):
        person = _find(people, *entry["at"])
        person["demo_case"] = entry.get("case")
        if entry.get("case"):
            person["joined_on"] = entry.get("joined_on", min(person["joined_on"], "2019-09-01"))
        for year, codes in entry.get("titles", {}).items():
            number, decided_on = TITLE_DECISIONS[year]
            person["awards"] += [
                {"year": year, "code": code, "award_type": "regular", "decision_number": number,
                 "decided_on": decided_on}
                for code in codes
            ]  # fmt: skip
        person["awards"] += entry.get("other_awards", [])
        for k, (year, level, used_for, title) in enumerate(entry.get("initiatives", []), 1):
            person["initiatives"].append(
                _initiative(person["key"], k, n, year, level, used_for, title)
            )
        person["disciplines"] += entry.get("disciplines", [])
        person["pending_proceedings"] += entry.get("pending_proceedings", [])
        if entry["ratings"]:
            fixed[person["key"]] = entry["ratings"]
    return fixed


def _initiative(
    key: str, k: int, n: int, year: int, level: str, used_for: str | None, title: str
) -> dict[str, Any]:
    if level == "provincial":
        number, by = f"{1600 + 7 * n}/QĐ-UBND", "Hội đồng sáng kiến tỉnh Điện Biên"
    else:
        issuer = "STTTT" if year < 2025 else "SKHCN"
        number, by = f"{40 + n}/QĐ-{issuer}", "Hội đồng sáng kiến cơ sở"
    return {"key": f"{key}-sk{k}", "title": title, "year": year, "level": level,
            "recognised_by": by, "decision_number": number, "used_for": used_for}  # fmt: skip


def _assign_roles(people: list[dict[str, Any]]) -> None:
    def give(p: dict[str, Any], *roles: str, **fields: str) -> None:
        p["roles"] += [r for r in roles if r not in p["roles"]]
        p.update(fields)

    director = _find(people, DB, "Giám đốc Sở")
    deputies = [_find(people, DB, "Phó Giám đốc Sở", n) for n in range(3)]
    heads = [_find(people, *at) for at in (
        (VP, "Chánh Văn phòng"), (TTR, "Chánh Thanh tra"), (KHTC, "Trưởng phòng"),
        (CNTT, "Trưởng phòng"), (TT, "Giám đốc Trung tâm"), (BCVT, "Trưởng phòng"),
        (TTBCXB, "Trưởng phòng"),
    )]  # fmt: skip
    give(director, "unit_head", "signer", "council_member", council_position="chair",
         signing="principal")  # fmt: skip
    give(deputies[0], "signer", "council_member", council_position="vice_chair", signing="deputy")
    for p in deputies[1:] + heads[:5]:  # the council: Sở leadership and five heads, nine in all
        give(p, "council_member", council_position="member")
    heads[0]["council_position"] = "standing_member"
    for p in heads:
        give(p, "unit_head")
    give(heads[0], "secretariat")
    give(heads[1], "auditor")
    for at, role in (
        ((VP, "Phó Chánh Văn phòng", 0), "secretariat"),
        ((VP, "Chuyên viên", 0), "secretariat"),
        ((VP, "Chuyên viên", 5), "secretariat"),  # drafts the Sở's decisions, so checks no dossier
        ((TTR, "Thanh tra viên", 0), "auditor"),
        ((CNTT, "Chuyên viên", 0), "admin"),
        ((TT, "Trưởng phòng Kỹ thuật - Hạ tầng", 0), "admin"),
        ((VP, "Chuyên viên", 1), "unit_clerk"),
        ((TTR, "Thanh tra viên", 2), "unit_clerk"),
        ((KHTC, "Chuyên viên", 0), "unit_clerk"),
        ((BCVT, "Chuyên viên", 0), "unit_clerk"),
        ((CNTT, "Chuyên viên", 1), "unit_clerk"),
        ((TTBCXB, "Chuyên viên", 0), "unit_clerk"),
        ((TT, "Chuyên viên", 1), "unit_clerk"),
        (("stttt-laocai", "Chánh Văn phòng", 0), "secretariat"),
    ):
        give(_find(people, *at), role)
    for unit in OTHER_DEPARTMENTS:
        give(_find(people, unit, "Giám đốc Sở"), "unit_head")
        give(_find(people, unit, "Chuyên viên", 0), "unit_clerk")
    give(_find(people, "stttt-laocai", "Giám đốc Sở"), "signer", signing="principal",
         demo_case="cluster_head_2023: signs for Cụm Thi đua số 2 in 2023")  # fmt: skip


def _rate(
    rng: random.Random, people: list[dict[str, Any]], fixed: dict[str, dict[int, str]]
) -> None:
    """Rate everyone each year; HTXSNV stays within 20% of those rated HTTNV or above per unit."""
    for year in YEARS:
        rated = [p for p in people if p["joined_on"] <= f"{year}-06-30"]
        ratings = {
            p["key"]: fixed.get(p["key"], {}).get(year) or (HT if rng.random() < 0.04 else TN)
            for p in rated
        }
        for unit in dict.fromkeys(p["unit_key"] for p in rated):
            good = [
                p["key"] for p in rated if p["unit_key"] == unit and ratings[p["key"]] in (TN, XS)
            ]
            cap = int(len(good) * HTXSNV_SHARE)
            already = sum(ratings[k] == XS for k in good)
            if already > cap:
                raise ValueError(f"SCRIPT gives {unit} too many HTXSNV in {year}")
            free = [k for k in good if ratings[k] == TN and k not in fixed]
            extra = max(0, min(len(free), cap - already - (1 if rng.random() < 0.3 else 0)))
            for k in rng.sample(free, extra):
                ratings[k] = XS
        for p in rated:
            p["ratings"].append({"year": year, "rating": ratings[p["key"]]})
