"""domain.rules.quotas: what mutation testing found untested (docs/mutation.md).

Every field of a breach, both languages; caps counted per year and reported year by year, unit by unit; a
minimum that applies only where the base title was given at all.
"""

from __future__ import annotations

import pytest

from domain.rules.quotas import QuotaBreach, QuotaItem, check_quotas
from domain.rules.ruleset import RuleSet
from domain.rulesets import load_shipped_rulesets
from domain.values import NomineeKind

I, C = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE
ND91, ND152 = "ND91-2017/v1", "ND152-2025/v1"
ART_9_3 = "Điều 9 khoản 3 Nghị định 91/2017/NĐ-CP"
BASIS = "Kế hoạch phát động thi đua năm 2025"


@pytest.fixture(scope="module")
def shipped() -> dict[str, RuleSet]:
    return {r.version: r for r in (RuleSet.from_dict(d) for d in load_shipped_rulesets())}


def items(code: str, n: int, unit: str = "u1", kind: NomineeKind = I, year: int = 2023, start: int = 0):
    return [QuotaItem(f"{code}-{unit}-{year}-{start + k}", unit, code, kind, year) for k in range(n)]


def test_a_share_cap_breach_in_full(shipped):
    earlier = items("LDTT", 14) + items("CSTDCS", 2)
    [breach] = check_quotas(shipped[ND91], items("CSTDCS", 1, start=5), earlier)
    assert breach == QuotaBreach(
        "share_cap", "CSTDCS", "u1", 2023, 2, 3, ("CSTDCS-u1-2023-5",),
        f"Số «Chiến sĩ thi đua cơ sở» năm 2023 là 3, vượt mức tối đa 2 (15% của 14 «Lao động tiên tiến») ({ART_9_3})",
        f"3 “Grassroots Emulation Fighter” in 2023 exceed the cap of 2 (15% of 14 “Advanced Worker”) ({ART_9_3})",
        ART_9_3,
    )


def test_caps_count_each_year_apart_and_report_year_by_year_then_unit_by_unit(shipped):
    mine = [
        *items("CSTDCS", 1, "u2", year=2024), *items("CSTDCS", 1, "u1", year=2024),
        *items("LDTT", 14, "u1", year=2023), *items("CSTDCS", 1, "u1", year=2023),
    ]
    breaches = check_quotas(shipped[ND91], mine)
    assert [(b.year, b.unit_id, b.limit, b.actual) for b in breaches] == [(2024, "u1", 0, 1), (2024, "u2", 0, 1)]


TLDXS_QUOTA = {"max_share_of": "TLDTT", "share": 0.2, "minimum": 1, "scope": "all"}


@pytest.mark.parametrize(("tldtt", "limit", "breached"), [
    pytest.param(0, 0, True, id="no base title: the minimum does not apply"),
    pytest.param(1, 1, False, id="one base title: the minimum of one"),
    pytest.param(10, 2, False, id="ten base titles: 20%"),
])
def test_a_minimum_applies_only_where_the_base_title_was_given(shipped, tldtt, limit, breached):
    ruleset = shipped[ND152].with_overlay({"basis": BASIS, "quotas": {"TLDXS": TLDXS_QUOTA}})
    mine = items("TLDTT", tldtt, kind=C, year=2025) + items("TLDXS", limit + breached, kind=C, year=2025)
    breaches = check_quotas(ruleset, mine)
    assert [(b.unit_id, b.limit) for b in breaches] == ([(None, limit)] if breached else [])


def test_a_unit_cap_breach_in_full(shipped):
    ruleset = shipped[ND152].with_overlay({"basis": BASIS, "per_unit_max_collectives": 1})
    earlier = items("BK_TINH", 1, kind=C, year=2025)
    [breach] = check_quotas(ruleset, items("GIAY_KHEN", 1, kind=C, year=2025), earlier)
    assert breach == QuotaBreach(
        "unit_cap", None, "u1", 2025, 1, 2, ("GIAY_KHEN-u1-2025-0",),
        f"Đơn vị đề nghị 2 tập thể năm 2025, vượt số lượng tối đa 1 ({BASIS})",
        f"The unit proposes 2 collectives in 2025, above the maximum of 1 ({BASIS})",
        BASIS,
    )


def test_a_unit_cap_counts_each_unit_and_year_apart(shipped):
    ruleset = shipped[ND152].with_overlay({"basis": BASIS, "per_unit_max_individuals": 1})
    mine = items("BK_TINH", 1, "u1", year=2025) + items("BK_TINH", 1, "u2", year=2025) + items("BK_TINH", 1, year=2024)
    assert check_quotas(ruleset, mine) == ()
    assert check_quotas(ruleset, mine, items("BK_TINH", 1, "u1", kind=C, year=2025)) == ()


def test_a_title_cap_breach_in_full(shipped):
    ruleset = shipped[ND152].with_overlay({"basis": BASIS, "max_per_title": {"BK_TINH": 1}})
    earlier = items("BK_TINH", 1, "u1", year=2025) + items("BK_TINH", 5, "u1", year=2024)
    [breach] = check_quotas(ruleset, items("BK_TINH", 1, "u2", year=2025), earlier)
    assert breach == QuotaBreach(
        "title_cap", "BK_TINH", None, 2025, 1, 2, ("BK_TINH-u2-2025-0",),
        f"Số «{ruleset.title('BK_TINH').name_vi}» năm 2025 là 2, vượt chỉ tiêu 1 ({BASIS})",
        f"2 “{ruleset.title('BK_TINH').name_en}” in 2025 exceed the quota of 1 ({BASIS})",
        BASIS,
    )


def test_breaches_are_reported_by_year_before_unit(shipped):
    mine = [*items("CSTDCS", 1, "u1", year=2024), *items("CSTDCS", 1, "u2", year=2023)]
    assert [(b.year, b.unit_id) for b in check_quotas(shipped[ND91], mine)] == [(2023, "u2"), (2024, "u1")]


def test_a_title_cap_reached_exactly_is_not_broken(shipped):
    ruleset = shipped[ND152].with_overlay({"basis": BASIS, "max_per_title": {"BK_TINH": 2}})
    assert check_quotas(ruleset, items("BK_TINH", 2, year=2025)) == ()
