"""Campaign targets (chỉ tiêu) measured against what was decided; KPIs only, never grants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from domain.rules.errors import RuleSetError

METRICS = ("percent", "count")
DIRECTIONS = ("at_least", "at_most")


@dataclass(frozen=True)
class TargetResult:
    """The measured value (percent to 2 decimals, or a count; None with no population) and whether it meets."""

    value: Decimal | int | None
    met: bool


def evaluate_target(target: Mapping[str, Any], population: int, achieved: int) -> TargetResult:
    """E.g. {"code": "LDTT", "metric": "percent", "value": 95, "direction": "at_least"} over the staff count.

    Extra keys (description, base title) are the caller's; a percent of an empty population is not met.
    """
    metric, direction, goal = target.get("metric"), target.get("direction"), target.get("value")
    if metric not in METRICS or direction not in DIRECTIONS or not isinstance(goal, int | float) \
            or isinstance(goal, bool) or population < 0 or achieved < 0:
        raise RuleSetError(f"Chỉ tiêu «{target.get('code')}» không hợp lệ.")
    if metric == "count":
        return TargetResult(achieved, _meets(Fraction(achieved), Fraction(str(goal)), direction))
    if population == 0:
        return TargetResult(None, False)
    percent = Fraction(achieved * 100, population)
    shown = (Decimal(percent.numerator) / Decimal(percent.denominator)).quantize(Decimal("0.01"))
    return TargetResult(shown, _meets(percent, Fraction(str(goal)), direction))


def _meets(value: Fraction, goal: Fraction, direction: str) -> bool:
    return value >= goal if direction == "at_least" else value <= goal
