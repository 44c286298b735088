"""Reward amounts (ND 152 Arts 49–54), what is payable (Art. 49(5)–(7)) and totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.errors import RuleSetError
from domain.rules.money import award_amount, payable, round_up, totals_by
from domain.rules.ruleset import base_salary_on
from domain.values import NomineeKind

I, C = NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE
ND91, ND98, ND152 = "ND91-2017/v1", "ND98-2023/v1", "ND152-2025/v1"
CODES_AND_KINDS = [("LDTT", I), ("CSTDCS", I), ("CSTD_TINH", I), ("CSTD_TQ", I), ("TLDTT", C), ("TLDXS", C),
                   ("CO_TINH", C), ("CO_CP", C), ("BK_TTG", I), ("BK_TTG", C), ("BK_TINH", I), ("BK_TINH", C),
                   ("GIAY_KHEN", I), ("GIAY_KHEN", C)]


@pytest.mark.parametrize(("code", "kind", "amount"), [
    pytest.param("LDTT", I, 710_000, id="LĐTT 0.3 → 702,000 rounded up to 710,000 — Art. 50(1)(d), 49(2)"),
    pytest.param("CSTDCS", I, 2_340_000, id="CSTĐCS 1.0 — Art. 50(1)(c)"),
    pytest.param("CSTD_TINH", I, 7_020_000, id="CSTĐ tỉnh 3.0 — Art. 50(1)(b)"),
    pytest.param("CSTD_TQ", I, 10_530_000, id="CSTĐ TQ 4.5 — Art. 50(1)(a)"),
    pytest.param("TLDXS", C, 3_510_000, id="TLĐXS 1.5 — Art. 50(2)(a)"),
    pytest.param("TLDTT", C, 1_880_000, id="TLĐTT 0.8 → 1,872,000 rounded up to 1,880,000 — Art. 50(2)(b)"),
    pytest.param("CO_CP", C, 28_080_000, id="Cờ CP 12.0 — Art. 50(2)(đ)"),
    pytest.param("CO_TINH", C, 18_720_000, id="Cờ tỉnh 8.0 — Art. 50(2)(e)"),
    pytest.param("BK_TTG", I, 8_190_000, id="BK Thủ tướng cá nhân 3.5 — Art. 54(1)(a)"),
    pytest.param("BK_TTG", C, 16_380_000, id="BK Thủ tướng tập thể 7.0 — Art. 54(1)(a)"),
    pytest.param("BK_TINH", I, 3_510_000, id="BK tỉnh cá nhân 1.5 — Art. 54(1)(b)"),
    pytest.param("BK_TINH", C, 7_020_000, id="BK tỉnh tập thể 3.0 — Art. 54(1)(b)"),
    pytest.param("GIAY_KHEN", I, 710_000, id="Giấy khen cá nhân 0.3 — Art. 54(1)"),
    pytest.param("GIAY_KHEN", C, 1_410_000, id="Giấy khen tập thể 0.6 → 1,404,000 rounded up — Art. 54(1)"),
])
def test_nd152_amounts_at_2_340_000(rulesets, code, kind, amount):
    result = award_amount(rulesets[ND152], code, 2_340_000, kind)

    assert result.amount_vnd == amount and result.base_salary == 2_340_000
    assert "Điều 49 khoản 2 Nghị định 152/2025/NĐ-CP" in result.article


@pytest.mark.parametrize(("code", "kind", "amount"), [
    ("LDTT", I, 540_000), ("CSTDCS", I, 1_800_000), ("CSTD_TINH", I, 5_400_000), ("CO_TINH", C, 14_400_000),
])
def test_nd91_amounts_match_the_nam_dinh_table_at_1_800_000(rulesets, code, kind, amount):
    """DOMAIN.md S5 (ND 91/2017 at ND 24/2023's base salary)."""
    assert award_amount(rulesets[ND91], code, 1_800_000, kind).amount_vnd == amount


@pytest.mark.parametrize(("decided_on", "base", "amount"), [
    pytest.param(date(2024, 6, 30), 1_800_000, 540_000, id="signed 2024-06-30 → base 1,800,000"),
    pytest.param(date(2024, 7, 1), 2_340_000, 710_000, id="signed 2024-07-01 → base 2,340,000 (ND 73/2024 Art. 3(2))"),
])
def test_a_2023_title_is_paid_on_the_base_salary_of_the_decision_date(rulesets, schedule, decided_on, base, amount):
    """ND 98/ND 152 Art. 49(1): the base salary in force on the decision date, not the achievement year."""
    result = award_amount(rulesets[ND98], "LDTT", base_salary_on(schedule, decided_on))

    assert (result.base_salary, result.amount_vnd) == (base, amount)


def test_nd91_ldtt_at_1_490_000_rounds_up(rulesets, schedule):
    assert award_amount(rulesets[ND91], "LDTT", base_salary_on(schedule, date(2023, 6, 30))).amount_vnd == 450_000


def test_forms_with_two_kinds_need_the_kind(rulesets):
    with pytest.raises(RuleSetError):
        award_amount(rulesets[ND152], "BK_TINH", 2_340_000)


def test_collective_title_defaults_to_its_only_kind(rulesets):
    assert award_amount(rulesets[ND152], "TLDTT", 2_340_000).coefficient == Decimal("0.8")


def test_a_kind_without_coefficient_is_refused(rulesets):
    with pytest.raises(RuleSetError):
        award_amount(rulesets[ND152], "LDTT", 2_340_000, C)


@given(st.sampled_from(CODES_AND_KINDS), st.sampled_from([ND91, ND98, ND152]), st.integers(1, 10_000_000))
def test_amounts_are_multiples_of_10000_and_at_least_coefficient_times_base(rulesets, code_kind, version, base):
    code, kind = code_kind

    result = award_amount(rulesets[version], code, base, kind)

    exact = result.coefficient * base
    assert result.amount_vnd % 10_000 == 0
    assert exact <= result.amount_vnd < exact + 10_000


@pytest.mark.parametrize(("lines", "paid"), [
    pytest.param([("p", 2025, "LDTT", 710_000), ("p", 2025, "CSTDCS", 2_340_000)], [False, True],
                 id="same period: only the highest title — ND 152 Art. 49(5)"),
    pytest.param([("p", 2024, "LDTT", 710_000), ("p", 2025, "LDTT", 710_000)], [True, True],
                 id="different periods: each title — ND 152 Art. 49(5)"),
    pytest.param([("p", 2025, "CSTDCS", 2_340_000), ("p", 2025, "BK_TINH", 3_510_000)], [True, True],
                 id="title and form: both — ND 152 Art. 49(7)"),
    pytest.param([("p", 2025, "GIAY_KHEN", 710_000), ("p", 2025, "BK_TINH", 3_510_000)], [True, True],
                 id="forms for different achievements: each — ND 152 Art. 49(6)"),
    pytest.param([("p", 2025, "LDTT", 710_000), ("q", 2025, "LDTT", 710_000)], [True, True], id="different people"),
])
def test_payable(rulesets, lines, paid):
    assert payable(lines, rulesets[ND152]) == paid


def test_totals_per_decision_and_per_unit():
    pairs = [("d1", 710_000), ("d1", 2_340_000), ("d2", 1_880_000)]

    assert totals_by(pairs) == {"d1": 3_050_000, "d2": 1_880_000}


@pytest.mark.parametrize(("value", "rounded"), [("702000", 710_000), ("710000", 710_000), ("0", 0), ("1", 10_000)])
def test_round_up_to_ten_thousand(value, rounded):
    assert round_up(Decimal(value), 10_000) == rounded
