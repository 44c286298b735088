"""Time limits of the workflow, from the rule set: the appraisal of a complete dossier (rule 28)."""

from __future__ import annotations

from datetime import date, timedelta

from domain.rules.ruleset import RuleSet


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`; public holidays are not in the ledger."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def appraisal_due(ruleset: RuleSet, complete_on: date) -> date:
    """When the appraisal of a dossier complete on `complete_on` (approved by its unit) is due."""
    return add_working_days(complete_on, int(ruleset.param("deadlines", "appraisal_working_days").value))
