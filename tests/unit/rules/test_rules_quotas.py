"""Quotas and caps over a draft decision and earlier decisions of the same year."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.quotas import QuotaItem, check_quotas
from domain.values import NomineeKind

I, C = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE
ND91, ND152 = "ND91-2017/v1", "ND152-2025/v1"
BASIS = "Kế hoạch phát động thi đua năm 2025"


def items(
    code: str, n: int, unit: str = "u1", kind: NomineeKind = I, year: int = 2023, start: int = 0,
) -> list[QuotaItem]:
    return [QuotaItem(f"{code}-{unit}-{start + k}", unit, code, kind, year) for k in range(n)]


def test_nd91_cstdcs_within_15_percent_of_ldtt_passes(rulesets):
    """ND 91/2017 Art. 9(3): 14 LĐTT allow floor(2.1) = 2 CSTĐCS (the cap rounds down)."""
    assert check_quotas(rulesets[ND91], items("LDTT", 14) + items("CSTDCS", 2)) == ()


def test_nd91_cstdcs_above_15_percent_of_ldtt_breaks_the_cap(rulesets):
    breaches = check_quotas(rulesets[ND91], items("LDTT", 14) + items("CSTDCS", 3))

    assert [(b.rule, b.code, b.unit_id, b.limit, b.actual) for b in breaches] == [("share_cap", "CSTDCS", "u1", 2, 3)]
    assert breaches[0].article == "Điều 9 khoản 3 Nghị định 91/2017/NĐ-CP"
    assert breaches[0].message_vi.startswith("Số «Chiến sĩ thi đua cơ sở» năm 2023 là 3, vượt mức tối đa 2")


def test_nd91_cap_is_per_unit(rulesets):
    mine = items("LDTT", 14, "u1") + items("CSTDCS", 2, "u1") + items("LDTT", 6, "u2") + items("CSTDCS", 1, "u2")

    breaches = check_quotas(rulesets[ND91], mine)

    assert [(b.unit_id, b.limit) for b in breaches] == [("u2", 0)]


def test_earlier_decisions_of_the_year_count_towards_the_cap(rulesets):
    earlier = items("LDTT", 14) + items("CSTDCS", 2)
    new = items("CSTDCS", 1, start=10)

    breaches = check_quotas(rulesets[ND91], new, earlier)

    assert breaches[0].actual == 3 and breaches[0].nomination_ids == ("CSTDCS-u1-10",)


def test_a_breach_needs_a_new_item_under_the_cap(rulesets):
    earlier = items("LDTT", 10) + items("CSTDCS", 3)

    assert check_quotas(rulesets[ND91], items("LDTT", 1, start=50), earlier) == ()


def test_no_national_cap_since_2024(rulesets):
    assert check_quotas(rulesets[ND152], items("LDTT", 1, year=2025) + items("CSTDCS", 5, year=2025)) == ()


def test_tldxs_at_most_20_percent_of_tldtt_with_minimum_one(rulesets):
    """Local quota as TT 02/2024/TT-VKSTC Art. 18: TLĐXS ≤ 20% of TLĐTT-rated collectives, minimum 1."""
    quota = {"max_share_of": "TLDTT", "share": 0.2, "minimum": 1, "scope": "all"}
    overlay = {"basis": BASIS, "quotas": {"TLDXS": quota}}
    ruleset = rulesets[ND152].with_overlay(overlay)
    tldtt = items("TLDTT", 2, "u1", C, 2025) + items("TLDTT", 1, "u2", C, 2025)

    one = check_quotas(ruleset, tldtt + items("TLDXS", 1, "u1", C, 2025))
    two = check_quotas(ruleset, tldtt + items("TLDXS", 1, "u1", C, 2025) + items("TLDXS", 1, "u2", C, 2025))

    assert one == ()
    assert [(b.rule, b.unit_id, b.limit, b.actual, b.article) for b in two] == [("share_cap", None, 1, 2, BASIS)]


def test_per_unit_maximum_of_individuals(rulesets):
    """Campaign plan (e.g. Đắk Lắk KH 0125/KH-UBND): no more than 5 individuals per unit."""
    ruleset = rulesets[ND152].with_overlay({"basis": BASIS, "per_unit_max_individuals": 5})
    earlier = items("GIAY_KHEN", 3, year=2025)

    breaches = check_quotas(ruleset, items("BK_TINH", 3, year=2025), earlier)

    assert [(b.rule, b.limit, b.actual, len(b.nomination_ids)) for b in breaches] == [("unit_cap", 5, 6, 3)]
    assert breaches[0].message_vi == f"Đơn vị đề nghị 6 cá nhân năm 2025, vượt số lượng tối đa 5 ({BASIS})"


def test_per_unit_maximum_of_collectives(rulesets):
    ruleset = rulesets[ND152].with_overlay({"basis": BASIS, "per_unit_max_collectives": 1})

    breaches = check_quotas(ruleset, items("BK_TINH", 2, kind=C, year=2025))

    assert [b.rule for b in breaches] == ["unit_cap"]


def test_campaign_maximum_per_title(rulesets):
    ruleset = rulesets[ND152].with_overlay({"basis": BASIS, "max_per_title": {"BK_TINH": 2}})

    breaches = check_quotas(ruleset, items("BK_TINH", 2, "u1", year=2025) + items("BK_TINH", 1, "u2", year=2025))

    assert [(b.rule, b.code, b.limit, b.actual) for b in breaches] == [("title_cap", "BK_TINH", 2, 3)]


def test_same_nomination_in_both_lists_is_counted_once(rulesets):
    mine = items("LDTT", 14) + items("CSTDCS", 2)

    assert check_quotas(rulesets[ND91], mine, mine) == ()


item_strategy = st.builds(
    lambda n, unit, code, kind: (n, unit, code, kind),
    st.integers(0, 40), st.sampled_from(["u1", "u2"]), st.sampled_from(["LDTT", "CSTDCS", "TLDTT", "TLDXS"]),
    st.sampled_from([I, C]),
)


@given(st.lists(item_strategy, max_size=40, unique_by=lambda t: t[0]), st.integers(0, 40))
def test_quota_check_never_accepts_a_list_breaking_a_cap(rulesets, raw, split):
    overlay = {"basis": BASIS, "per_unit_max_individuals": 6,
               "quotas": {"TLDXS": {"max_share_of": "TLDTT", "share": 0.2, "minimum": 1, "scope": "all"}}}
    ruleset = rulesets[ND91].with_overlay(overlay)
    every = [QuotaItem(n, unit, code, kind, 2023) for n, unit, code, kind in raw]
    new, earlier = [i for i in every if i.nomination_id < split], [i for i in every if i.nomination_id >= split]
    new_ids = {i.nomination_id for i in new}

    flagged = {(b.rule, b.unit_id) for b in check_quotas(ruleset, new, earlier)}

    for unit in ("u1", "u2"):
        mine = [i for i in every if i.unit_id == unit]
        cstdcs = [i for i in mine if i.code == "CSTDCS"]
        over = len(cstdcs) > math.floor(Counter(i.code for i in mine)["LDTT"] * 3 / 20)
        persons = [i for i in mine if i.kind is I]
        over_persons = len(persons) > 6 and any(i.nomination_id in new_ids for i in persons)
        assert (("share_cap", unit) in flagged) == (over and any(i.nomination_id in new_ids for i in cstdcs))
        assert (("unit_cap", unit) in flagged) == over_persons
    tldtt = sum(i.code == "TLDTT" for i in every)
    tldxs = [i for i in every if i.code == "TLDXS"]
    limit = max(math.floor(tldtt / 5), 1) if tldtt else 0
    assert (("share_cap", None) in flagged) == (len(tldxs) > limit and any(i.nomination_id in new_ids for i in tldxs))
