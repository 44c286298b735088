"""Time limits of the workflow: the appraisal of a complete dossier (the rule set's rule 28), counted in
working days of the public service (weekends, public holidays and Tết off; swapped Saturdays worked); a
participating unit's final progress report, by the campaign's last day."""

from __future__ import annotations

from datetime import date

from domain.rules.ruleset import RuleSet
from domain.rules.working_days import WorkingCalendar


def appraisal_due(ruleset: RuleSet, complete_on: date, calendar: WorkingCalendar) -> date:
    """When the appraisal of a dossier complete on `complete_on` (approved by its unit) is due."""
    return calendar.add_working_days(complete_on, int(ruleset.param("deadlines", "appraisal_working_days").value))


def final_report_due(period_end: date) -> date:
    """A participating unit's final progress report is due by the campaign's last day: reports are taken only
    within the campaign's period (`Campaign.ensure_within_period`); campaigns define no interim periods."""
    return period_end
