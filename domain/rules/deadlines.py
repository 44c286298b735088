"""Time limits of the workflow, from the rule set: the appraisal of a complete dossier (rule 28), counted in
working days of the public service (weekends, public holidays and Tết off; swapped Saturdays worked)."""

from __future__ import annotations

from datetime import date

from domain.rules.ruleset import RuleSet
from domain.rules.working_days import WorkingCalendar


def appraisal_due(ruleset: RuleSet, complete_on: date, calendar: WorkingCalendar) -> date:
    """When the appraisal of a dossier complete on `complete_on` (approved by its unit) is due."""
    return calendar.add_working_days(complete_on, int(ruleset.param("deadlines", "appraisal_working_days").value))
