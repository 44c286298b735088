"""Shipped rule-set data: one TOML file per legal regime, plus the base-salary schedule.

The dicts returned are JSON-friendly (dates are ISO strings), so they can be published as-is
in a `Rulebook` event and read back with `RuleSet.from_dict`.
"""

from __future__ import annotations

import tomllib
from importlib.resources import files

RULESET_FILES = ("nd91_2017.toml", "nd98_2023.toml", "nd152_2025.toml")
SALARY_FILE = "base_salary.toml"


def _load(name: str) -> dict:
    return tomllib.loads(files(__package__).joinpath(name).read_text(encoding="utf-8"))


def load_shipped_rulesets() -> list[dict]:
    """The shipped rule sets, oldest regime first."""
    return [_load(name) for name in RULESET_FILES]


def load_salary_schedule() -> list[dict]:
    """The base-salary periods, oldest first: {amount, effective_from, effective_to?, article, confidence}."""
    return _load(SALARY_FILE)["periods"]


HOLIDAYS_FILE = "holidays_vn.toml"


def load_holiday_years() -> list[dict]:
    """The public holidays shipped, per year: {year, basis, days_off: [{on, name}], working_days: [{on, name}]}."""
    return _load(HOLIDAYS_FILE)["years"]
