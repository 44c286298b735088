"""Campaign targets (chỉ tiêu) measured against what was decided; KPIs only, never grants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from domain.exceptions import InvalidCommandError
from domain.rules.errors import RuleSetError

METRICS = ("percent", "count")
DIRECTIONS = ("at_least", "at_most")
RANGES = {  # what a value measured by each metric may be, as a refusal says it
    "percent": "một tỷ lệ phần trăm từ 0 đến 100",
    "count": "một số lượng: số nguyên không âm",
    "boolean": "đạt (1) hoặc không đạt (0)",
    "number": "một số hữu hạn",
}


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


def ensure_fits_metric(code: str, metric: str, value: object) -> None:
    """A value reported for (or aimed at by) a target, in its metric's unit and range: a finite number;
    a percent within 0–100, a count a whole number ≥ 0, a boolean 0 or 1."""
    if not isinstance(value, int | float) or isinstance(value, bool) or not _fits(metric, value):
        raise InvalidCommandError(f"Giá trị của chỉ tiêu «{code}» phải là {RANGES.get(metric, RANGES['number'])}.")


def _fits(metric: str, value: float) -> bool:
    if not math.isfinite(value):
        return False
    if metric == "percent":
        return 0 <= value <= 100
    if metric == "count":
        return value >= 0 and float(value).is_integer()
    if metric == "boolean":
        return value in (0, 1)
    return True
