"""Publish the rule sets and the base salary schedule shipped with thidua, once (idempotent)."""

from __future__ import annotations

from domain import commands as c
from domain.application import Thidua
from domain.rulebook import Rulebook
from domain.rules.ruleset import RuleSet
from domain.rulesets import load_salary_schedule, load_shipped_rulesets
from domain.values import Actor


def ensure_shipped_rules(app: Thidua) -> int:
    """Publish every shipped rule set not yet in the ledger; returns how many were published."""
    actor = Actor.system()
    published = 0
    for data in load_shipped_rulesets():
        if Rulebook.create_id(data["version"]) in app.repository:
            continue
        ruleset = RuleSet.from_dict(data)
        app.publish_rulebook(actor, c.PublishRulebook(
            version=ruleset.version, effective_from=ruleset.effective_from, effective_to=ruleset.effective_to,
            legal_bases=list(ruleset.legal_bases), rules=data,
        ))
        published += 1
    if published or not app.salary_schedule():
        schedule = load_salary_schedule()
        app.record_salary_schedule(actor, c.RecordSalarySchedule(entries=schedule, source="base_salary.toml"))
    return published

