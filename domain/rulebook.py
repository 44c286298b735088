"""Rulebook: one published, versioned rule set per legal regime, plus province- or campaign-level overlays.

Event names are a persisted schema: renaming `Published`/`Amended`, a class or this module breaks replay.
Every event carries `by` (person id), `role` and `at` (business time), as the project's other events do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.rules.overlay import check_overlay
from domain.rules.ruleset import RuleSet
from domain.values import stable_id


class Rulebook(Aggregate):
    """A rule set as published: titles, thresholds, caps, coefficients, with their legal bases."""

    @staticmethod
    def create_id(version: str) -> UUID:
        return stable_id("rulebook", version)

    @event("Published")
    def __init__(
        self, version: str, effective_from: date, effective_to: date | None, legal_bases: list[str],
        rules: dict[str, Any], by: UUID, role: str, at: datetime,
    ) -> None:
        self.ruleset_version = version  # not `version`: that is the aggregate's own event counter
        self.effective_from = effective_from
        self.effective_to = effective_to
        self.legal_bases = legal_bases
        self.rules = rules

    @classmethod
    def publish(cls, rules: dict[str, Any], by: UUID, role: str, at: datetime) -> Rulebook:
        """Publish rule-set data after checking it reads as a rule set; dates and bases come from the data."""
        ruleset = RuleSet.from_dict(rules)
        return cls(
            version=ruleset.version, effective_from=ruleset.effective_from, effective_to=ruleset.effective_to,
            legal_bases=list(ruleset.legal_bases), rules=rules, by=by, role=role, at=at,
        )

    @property
    def ruleset(self) -> RuleSet:
        return RuleSet.from_dict(self.rules)


class RulebookOverlay(Aggregate):
    """Local rules (a province's regulation, a campaign's quotas) layered on whichever rule set governs."""

    @staticmethod
    def create_id(scope: str, scope_id: UUID) -> UUID:
        return stable_id("overlay", scope, scope_id)

    @event("Published")
    def __init__(
        self, scope: str, scope_id: UUID, overlay: dict[str, Any], reason: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.scope = scope
        self.scope_id = scope_id
        self.overlay = overlay
        self.reason = reason

    @classmethod
    def publish(
        cls, scope: str, scope_id: UUID, overlay: dict[str, Any], reason: str, by: UUID, role: str, at: datetime,
    ) -> RulebookOverlay:
        """Publish an overlay after checking its keys and basis."""
        check_overlay(overlay)
        return cls(scope=scope, scope_id=scope_id, overlay=overlay, reason=reason, by=by, role=role, at=at)

    def amend(self, overlay: dict[str, Any], reason: str, by: UUID, role: str, at: datetime) -> None:
        """Replace the whole overlay, saying who and why."""
        check_overlay(overlay)
        self._amended(overlay, reason, by, role, at)

    @event("Amended")
    def _amended(self, overlay: dict[str, Any], reason: str, by: UUID, role: str, at: datetime) -> None:
        self.overlay = overlay
        self.reason = reason
