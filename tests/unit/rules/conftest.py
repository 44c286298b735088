"""Shared fixtures for the pure rule tests: the shipped rule sets and base-salary schedule."""

from __future__ import annotations

import pytest

from domain.rules.ruleset import RuleSet
from domain.rulesets import load_salary_schedule, load_shipped_rulesets

ND91, ND98, ND152 = "ND91-2017/v1", "ND98-2023/v1", "ND152-2025/v1"


@pytest.fixture(scope="session")
def rulesets() -> dict[str, RuleSet]:
    return {r.version: r for r in (RuleSet.from_dict(d) for d in load_shipped_rulesets())}


@pytest.fixture(scope="session")
def schedule() -> list[dict]:
    return load_salary_schedule()
