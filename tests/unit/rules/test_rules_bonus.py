"""The Decree 73/2024 bonus regime (Art. 4): a separate ledger from the TĐKT fund."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.bonus import (
    bonus_fund, bonus_regime, carry_over_deadline, distribute_periodic_bonus, is_payment_allowed,
)
from domain.rules.errors import RuleSetError
from domain.values import Rating

ND152 = "ND152-2025/v1"
QD_786 = {"HTXSNV": 3.0, "HTTNV": 2.4, "HTNV": 1.0}


@pytest.fixture
def regime(rulesets):
    return bonus_regime(rulesets[ND152])


def test_fund_is_ten_percent_of_salary_fund_excluding_allowances(regime):
    """ND 73/2024 Art. 4(4)."""
    assert bonus_fund(1_234_567_890, regime) == 123_456_789
    assert regime.fund_share.article == "Điều 4 khoản 4 Nghị định 73/2024/NĐ-CP"


def test_periodic_bonus_follows_the_levels(regime):
    """QĐ 786/QĐ-BNV example: 3.0 / 2.4 / 1.0 × the base periodic amount."""
    ratings = {"a": Rating.EXCELLENT, "b": Rating.GOOD, "c": Rating.COMPLETED, "d": Rating.NOT_COMPLETED}

    shares = distribute_periodic_bonus(6_400_000, ratings, regime.periodic_levels.value)

    assert shares == {"a": 3_000_000, "b": 2_400_000, "c": 1_000_000, "d": 0}


def test_agency_overlay_sets_its_own_levels(rulesets):
    overlay = {"basis": "Quy chế tiền thưởng 2025", "bonus_periodic_levels": {"HTXSNV": 2}}
    ruleset = rulesets[ND152].with_overlay(overlay)

    assert bonus_regime(ruleset).periodic_levels.value == {"HTXSNV": 2}


@pytest.mark.parametrize(("paid_on", "allowed"), [
    pytest.param(date(2026, 1, 31), True, id="31 January of the next year is the last day — ND 73/2024 Art. 4(4)"),
    pytest.param(date(2026, 2, 1), False, id="no carry-over after 31 January"),
    pytest.param(date(2025, 12, 20), True, id="within the year"),
])
def test_payment_window(regime, paid_on, allowed):
    assert carry_over_deadline(2025, regime) == date(2026, 1, 31)
    assert is_payment_allowed(2025, paid_on, regime) is allowed


def test_no_nd73_bonus_before_1_july_2024(rulesets):
    regime = bonus_regime(rulesets["ND98-2023/v1"])

    assert not is_payment_allowed(2024, date(2024, 6, 30), regime)
    assert is_payment_allowed(2024, date(2024, 7, 1), regime)


def test_old_regime_has_no_nd73_bonus(rulesets):
    with pytest.raises(RuleSetError):
        bonus_regime(rulesets["ND91-2017/v1"])


@given(st.integers(0, 10**10), st.dictionaries(st.integers(0, 50), st.sampled_from(list(Rating)), max_size=30))
def test_distribution_never_exceeds_the_fund_and_respects_rating_order(fund, ratings):
    shares = distribute_periodic_bonus(fund, ratings, QD_786)

    assert sum(shares.values()) <= fund
    for a, ra in ratings.items():
        for b, rb in ratings.items():
            if ra.rank > rb.rank:
                assert shares[a] >= shares[b]
