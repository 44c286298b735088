"""Registers: the awards drafted for each campaign (the base of its quotas) and the rulebook index.

Drafting a decision appends to the campaign's register in the same save, so two drafts that
together would break a quota cannot both succeed. Event class names are a persisted schema.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.rules.quotas import QuotaItem
from domain.values import NomineeKind, stable_id


class AwardRegister(Entity):
    """Every decision item drafted for one campaign, whoever issues the decision."""

    @staticmethod
    def create_id(campaign_id: UUID) -> UUID:
        return stable_id("award-register", campaign_id)

    @event("Opened")
    def __init__(self, campaign_id: UUID) -> None:
        self.campaign_id = campaign_id
        self.entries: dict[str, list[dict]] = {}

    @event("DecisionRegistered")
    def register(self, decision_id: UUID, items: list[dict]) -> None:
        self.entries[str(decision_id)] = items

    @event("DecisionReleased")
    def release(self, decision_id: UUID) -> None:
        """A discarded draft no longer holds quota places."""
        self.entries.pop(str(decision_id), None)

    def items_excluding(self, decision_id: UUID) -> list[QuotaItem]:
        """The quota items of every other decision drafted for this campaign."""
        return [
            QuotaItem(i["nomination_id"], i["unit_id"], i["code"], NomineeKind(i["kind"]), i["year"])
            for d, items in self.entries.items() if d != str(decision_id) for i in items
        ]


def register_entry(item: QuotaItem) -> dict:
    return {"nomination_id": item.nomination_id, "unit_id": item.unit_id, "code": item.code,
            "kind": item.kind.value, "year": item.year}


class RulebookIndex(Entity):
    """The published rule-set versions and the base salary schedule (one per ledger)."""

    @staticmethod
    def create_id() -> UUID:
        return stable_id("rulebook-index")

    @event("Opened")
    def __init__(self) -> None:
        self.versions: list[str] = []
        self.salary_schedule: list[dict] = []
        self.overlays: list[UUID] = []

    @event("VersionListed")
    def list_version(self, version: str) -> None:
        self.versions.append(version)

    @event("OverlayListed")
    def list_overlay(self, overlay_id: UUID) -> None:
        self.overlays.append(overlay_id)

    @event("SalaryScheduleRecorded")
    def record_salary_schedule(self, entries: list[dict], by: UUID, role: str, at: datetime, source: str) -> None:
        self.salary_schedule = entries
