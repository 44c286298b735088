"""The Decree 73/2024 bonus regime (Art. 4): a ledger separate from the emulation-and-commendation fund.

Fund = 10% of the salary fund excluding allowances; the periodic bonus is paid by annual rating at
levels the agency's own bonus rules set; money unused by 31 January of the next year is not carried over.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from domain.rules.errors import RuleSetError
from domain.rules.ruleset import Param, RuleSet, as_date
from domain.rules.verdicts import RATING_NAMES_VI
from domain.values import Rating


@dataclass(frozen=True)
class BonusRegime:
    """The regime's numbers as a rule set publishes them."""

    effective_from: date
    fund_share: Param
    carry_over_until: Param  # "MM-DD" of the following year
    periodic_levels: Param  # {rating code: multiple of the base periodic amount}


def bonus_regime(ruleset: RuleSet) -> BonusRegime:
    section = ruleset.section("bonus")
    if not section:
        raise RuleSetError(f"Bộ quy tắc {ruleset.version} không áp dụng chế độ tiền thưởng Nghị định 73/2024/NĐ-CP.")
    return BonusRegime(
        as_date(section["effective_from"]), ruleset.param("bonus", "fund_share"),
        ruleset.param("bonus", "carry_over_until"), ruleset.param("bonus", "periodic_levels"),
    )


def bonus_fund(salary_fund_vnd: int, regime: BonusRegime) -> int:
    """The year's bonus fund: a share (10%) of the salary fund excluding allowances, in whole đồng."""
    return math.floor(Fraction(salary_fund_vnd) * regime.fund_share.share)


def distribute_periodic_bonus(
    fund: int, ratings: Mapping[Hashable, Rating], levels: Mapping[str, float | Decimal],
) -> dict[Hashable, int]:
    """Split `fund` by rating: each person gets level × (fund / sum of levels), rounded down to the đồng.

    `levels` maps rating codes to multiples (e.g. regime.periodic_levels.value: HTXSNV 3.0, HTTNV 2.4,
    HTNV 1.0); a rating without a level gets nothing. The total never exceeds the fund.
    """
    weights = {person: Fraction(str(levels.get(Rating(r).value, 0))) for person, r in ratings.items()}
    total = sum(weights.values(), Fraction(0))
    if total == 0:
        return {person: 0 for person in ratings}
    return {person: math.floor(fund * weight / total) for person, weight in weights.items()}


@dataclass(frozen=True)
class PeriodicShare:
    """One person's periodic bonus: the amount, the level their rating earns, and why it is nil."""

    amount: int
    rating: str | None
    level: str | None  # the multiple of the base periodic amount, as written in the levels
    reason: str


def periodic_shares(
    pool: int, ratings: Mapping[Hashable, Rating | None], levels: Mapping[str, float | Decimal], year: int,
) -> dict[Hashable, PeriodicShare]:
    """Each person's share of `pool` by their annual rating of `year`; no rating, or a rating without
    a level in the agency's bonus rules, gets nothing and says so."""
    rated = {person: rating for person, rating in ratings.items() if rating is not None}
    amounts = distribute_periodic_bonus(pool, rated, levels)
    shares = {}
    for person, rating in ratings.items():
        if rating is None:
            shares[person] = PeriodicShare(0, None, None, f"Chưa có kết quả đánh giá, xếp loại năm {year}")
        elif rating.value not in levels:
            shares[person] = PeriodicShare(
                0, rating.value, None, f"Xếp loại «{RATING_NAMES_VI[rating]}» không có mức thưởng trong quy chế tiền thưởng",
            )
        else:
            shares[person] = PeriodicShare(amounts[person], rating.value, str(levels[rating.value]), "")
    return shares


def carry_over_deadline(year: int, regime: BonusRegime) -> date:
    """The last day the bonus fund of `year` may be paid out (31 January of the next year)."""
    month, day = (int(part) for part in regime.carry_over_until.value.split("-"))
    return date(year + 1, month, day)


def payment_window(bonus_year: int, regime: BonusRegime) -> tuple[date, date]:
    """The first and last day a payment from the `bonus_year` fund is allowed: not before the regime
    (01/7/2024), not before the year, and not after 31 January of the next year (no carry-over)."""
    return max(date(bonus_year, 1, 1), regime.effective_from), carry_over_deadline(bonus_year, regime)


def is_payment_allowed(bonus_year: int, paid_on: date, regime: BonusRegime) -> bool:
    """Whether a payment from the `bonus_year` fund on `paid_on` falls inside its payment window."""
    start, end = payment_window(bonus_year, regime)
    return start <= paid_on <= end
