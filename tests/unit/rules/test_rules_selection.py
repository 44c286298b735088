"""Which rule set governs (Law 06/2022 from 01/01/2024; ND 152 Art. 59, Art. 60(3)) and the base salary."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from domain.rules.errors import RuleSetNotFoundError
from domain.rules.ruleset import RuleSet, base_salary_on, select_ruleset


@pytest.mark.parametrize(("decided_on", "received_on", "expected"), [
    pytest.param(date(2023, 12, 31), None, "ND91-2017/v1", id="2023-12-31 → ND 91 (old law)"),
    pytest.param(date(2024, 1, 1), None, "ND98-2023/v1", id="2024-01-01 → ND 98 (Law 06/2022 in force)"),
    pytest.param(date(2025, 6, 30), None, "ND98-2023/v1", id="2025-06-30 → ND 98"),
    pytest.param(date(2025, 7, 1), None, "ND152-2025/v1", id="2025-07-01 → ND 152 (Art. 59)"),
    pytest.param(date(2025, 8, 1), date(2025, 6, 30), "ND98-2023/v1",
                 id="received 2025-06-30 → ND 98 (ND 152 Art. 60(3))"),
    pytest.param(date(2025, 8, 1), date(2025, 7, 1), "ND152-2025/v1", id="received 2025-07-01 → ND 152"),
    pytest.param(date(2026, 1, 5), date(2025, 12, 10), "ND152-2025/v1", id="Điện Biên 2025 year-end → ND 152"),
])
def test_rule_set_follows_decision_date_and_dossier_receipt(rulesets, decided_on, received_on, expected):
    chosen = select_ruleset(rulesets.values(), decided_on, received_on)

    assert chosen.version == expected


def test_2023_achievements_decided_in_2024_use_the_new_law_by_default(rulesets):
    """DOMAIN.md open question 2: the old-criteria transition ships disabled."""
    chosen = select_ruleset(rulesets.values(), date(2024, 3, 15), achievement_year=2023)

    assert chosen.version == "ND98-2023/v1"


def test_enabled_achievement_transition_hands_2023_achievements_to_nd91(rulesets):
    data = copy.deepcopy(dict(rulesets["ND98-2023/v1"].data))
    data["transitions"][0]["enabled"] = True
    patched = [rulesets["ND91-2017/v1"], RuleSet.from_dict(data), rulesets["ND152-2025/v1"]]

    assert select_ruleset(patched, date(2024, 3, 15), achievement_year=2023).version == "ND91-2017/v1"
    assert select_ruleset(patched, date(2024, 3, 15), achievement_year=2024).version == "ND98-2023/v1"


def test_no_rule_set_before_the_oldest_regime(rulesets):
    with pytest.raises(RuleSetNotFoundError):
        select_ruleset(rulesets.values(), date(2010, 1, 1))


def test_transition_to_an_unpublished_version_is_refused(rulesets):
    with pytest.raises(RuleSetNotFoundError, match="ND98-2023/v1"):
        select_ruleset([rulesets["ND152-2025/v1"]], date(2025, 8, 1), date(2025, 6, 1))


def test_overlapping_rule_sets_are_refused(rulesets):
    twin = RuleSet.from_dict({**rulesets["ND152-2025/v1"].data, "version": "ND152-2025/v2"})

    with pytest.raises(RuleSetNotFoundError):
        select_ruleset([rulesets["ND152-2025/v1"], twin], date(2025, 8, 1))


@pytest.mark.parametrize(("on", "amount"), [
    pytest.param(date(2023, 6, 30), 1_490_000, id="2023-06-30 → 1,490,000"),
    pytest.param(date(2023, 7, 1), 1_800_000, id="2023-07-01 → 1,800,000 (ND 24/2023)"),
    pytest.param(date(2024, 6, 30), 1_800_000, id="2024-06-30 → 1,800,000"),
    pytest.param(date(2024, 7, 1), 2_340_000, id="2024-07-01 → 2,340,000 (ND 73/2024 Art. 3(2))"),
    pytest.param(date(2026, 1, 5), 2_340_000, id="2026 → 2,340,000"),
])
def test_base_salary_in_force_on_the_decision_date(schedule, on, amount):
    """ND 152 Art. 49(1): the base salary in force on the decision date."""
    assert base_salary_on(schedule, on) == amount


def test_no_base_salary_before_the_schedule(schedule):
    with pytest.raises(RuleSetNotFoundError):
        base_salary_on(schedule, date(2019, 6, 30))
