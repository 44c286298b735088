"""The thidua application: one event-sourced ledger, one method per command (see domain.services)."""

from __future__ import annotations

from domain.services.audit import AuditService
from domain.services.bonus import BonusService
from domain.services.campaigns import CampaignService
from domain.services.council import CouncilService
from domain.services.decisions import DecisionService
from domain.services.nominations import NominationService
from domain.services.organisation import OrganisationService


class Thidua(
    OrganisationService, CampaignService, NominationService, CouncilService, DecisionService, BonusService, AuditService,
):
    """Campaigns from launch to signed award decision, recorded as immutable events."""

    name = "Thidua"
    env = {"AGGREGATE_CACHE_MAXSIZE": "5000"}  # an LRU of aggregates, fast-forwarded on every get
