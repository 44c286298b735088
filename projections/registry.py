"""Every read model the application maintains, in the order they are applied."""

from __future__ import annotations

from projections.audit import AuditTrailProjection
from projections.base import Projection
from projections.bonus import BonusFundsProjection
from projections.campaigns import CampaignsProjection
from projections.council import CouncilProjection
from projections.decisions import AwardDecisionsProjection
from projections.history import AwardHistoryProjection
from projections.inbox import InboxProjection
from projections.organisation import DirectoryProjection
from projections.pipeline import NominationsProjection
from projections.search import SearchProjection
from projections.standings import StandingsProjection
from projections.statistics import StatisticsProjection


def all_projections() -> list[Projection]:
    return [
        DirectoryProjection(), CampaignsProjection(), StandingsProjection(), NominationsProjection(), InboxProjection(),
        CouncilProjection(), AwardDecisionsProjection(), AwardHistoryProjection(), BonusFundsProjection(),
        StatisticsProjection(), SearchProjection(), AuditTrailProjection(),
    ]
