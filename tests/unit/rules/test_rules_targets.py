"""Campaign targets as KPIs (DOMAIN.md §9): e.g. 95% LĐTT, 100% TLĐTT of which 20% TLĐXS."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.rules.errors import RuleSetError
from domain.rules.targets import evaluate_target


def target(code: str, value: float, metric: str = "percent", direction: str = "at_least") -> dict:
    return {"code": code, "metric": metric, "value": value, "direction": direction, "description": "Chỉ tiêu"}


@pytest.mark.parametrize(("spec", "population", "achieved", "value", "met"), [
    pytest.param(target("LDTT", 95), 20, 19, Decimal("95.00"), True, id="95% of staff LĐTT: 19/20"),
    pytest.param(target("LDTT", 95), 20, 18, Decimal("90.00"), False, id="95% of staff LĐTT: 18/20"),
    pytest.param(target("TLDTT", 100), 7, 7, Decimal("100.00"), True, id="100% of collectives TLĐTT"),
    pytest.param(target("TLDXS", 20), 7, 1, Decimal("14.29"), False, id="20% TLĐXS of TLĐTT: 1/7"),
    pytest.param(target("TLDXS", 20), 7, 2, Decimal("28.57"), True, id="20% TLĐXS of TLĐTT: 2/7"),
    pytest.param(target("BK_TINH", 50), 3, 2, Decimal("66.67"), True, id="50% receive a commendation"),
    pytest.param(target("KHTNV", 5, direction="at_most"), 40, 2, Decimal("5.00"), True, id="at most 5%"),
    pytest.param(target("CSTDCS", 3, metric="count"), 40, 3, 3, True, id="count at least 3"),
    pytest.param(target("LDTT", 95), 0, 0, None, False, id="empty population is not met"),
])
def test_evaluate_target(spec, population, achieved, value, met):
    result = evaluate_target(spec, population, achieved)

    assert (result.value, result.met) == (value, met)


@pytest.mark.parametrize("spec", [
    target("LDTT", 95, metric="ratio"), target("LDTT", 95, direction="about"), {"code": "LDTT", "metric": "percent"},
    {**target("LDTT", 95), "value": True},
])
def test_malformed_targets_are_refused(spec):
    with pytest.raises(RuleSetError):
        evaluate_target(spec, 10, 5)
