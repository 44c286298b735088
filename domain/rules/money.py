"""Reward money from the emulation-and-commendation fund: amounts, what is payable, totals."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from domain.rules.errors import RuleSetError
from domain.rules.ruleset import RuleSet
from domain.values import NomineeKind


@dataclass(frozen=True)
class Amount:
    amount_vnd: int
    coefficient: Decimal
    base_salary: int
    article: str


def round_up(value: Decimal, unit: int) -> int:
    """Round up to the next multiple of `unit` ("làm tròn số lên hàng chục nghìn đồng")."""
    return int((value / unit).to_integral_value(rounding=ROUND_CEILING)) * unit


def award_amount(ruleset: RuleSet, code: str, base_salary: int, kind: NomineeKind | None = None) -> Amount:
    """Coefficient × base salary on the decision date, rounded up to 10,000 VND (ND 152 Art. 49(1)–(2)).

    `kind` picks the individual or collective coefficient; it may be left out for entries with one kind.
    """
    spec = ruleset.title(code)
    if kind is None:
        if len(spec.kinds) != 1:
            raise RuleSetError(f"«{spec.name_vi}» có mức thưởng cá nhân và tập thể khác nhau; cần nêu đối tượng.")
        kind = spec.kinds[0]
    coefficient = spec.coefficients.get(NomineeKind(kind))
    if coefficient is None:
        raise RuleSetError(f"«{spec.name_vi}» không có hệ số thưởng cho đối tượng «{NomineeKind(kind).value}».")
    factor = Decimal(str(coefficient.value))
    rounding = ruleset.param("money", "rounding_unit")
    amount = round_up(factor * base_salary, int(rounding.value))
    return Amount(amount, factor, base_salary, f"{coefficient.article}; {rounding.article}")


def payable(lines: Sequence[tuple[Hashable, Hashable, str, int]], ruleset: RuleSet) -> list[bool]:
    """For each (recipient, period, code, amount) line, whether it is paid (ND 152 Art. 49(5)–(7)).

    Titles of one recipient for the same period: only the highest (largest amount) is paid; titles of
    different periods are each paid; commendation forms are always paid, alongside any title.
    """
    best: dict[tuple[Hashable, Hashable], int] = {}
    for index, (recipient, period, code, amount) in enumerate(lines):
        if ruleset.title(code).is_title:
            key = (recipient, period)
            if key not in best or amount > lines[best[key]][3]:
                best[key] = index
    return [
        not ruleset.title(code).is_title or best[(recipient, period)] == index
        for index, (recipient, period, code, _) in enumerate(lines)
    ]


def totals_by(pairs: Iterable[tuple[Hashable, int]]) -> dict[Hashable, int]:
    """Sum paid amounts per key: per decision with (decision_id, amount), per unit with (unit_id, amount)."""
    totals: dict[Hashable, int] = {}
    for key, amount in pairs:
        totals[key] = totals.get(key, 0) + amount
    return totals
