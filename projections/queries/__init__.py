"""Read functions over the read models: plain dicts ordered for display. `as_of` gives the position."""

from projections.queries.audit import audit_trail_of as audit_trail
from projections.queries.audit import items_of_kind
from projections.queries.bonus import get_bonus_fund, list_bonus_funds
from projections.queries.campaigns import (
    as_of, campaign_exists, get_campaign, get_standings, list_campaigns, list_participants, list_reports, read_models_state,
)
from projections.queries.council import chairs_an_open_session, get_council_session, list_council_sessions
from projections.queries.decisions import award_history_of as award_history
from projections.queries.decisions import get_award_decision, list_award_decisions, ratings_of, unit_award_history
from projections.queries.directory import get_person, get_unit, list_people, list_units, person_grants
from projections.queries.inbox import list_inbox
from projections.queries.nominations import get_nomination, list_nominations, list_public_postings, pipeline_counts
from projections.queries.targets import get_target_attainment

__all__ = [
    "as_of", "audit_trail", "chairs_an_open_session", "award_history", "campaign_exists", "get_award_decision", "get_bonus_fund", "get_campaign", "get_council_session",
    "get_nomination", "get_person", "get_standings", "get_target_attainment", "get_unit", "items_of_kind", "list_award_decisions",
    "list_bonus_funds", "list_campaigns", "list_council_sessions", "list_inbox", "list_nominations", "list_participants", "list_people", "list_reports",
    "list_public_postings", "list_units", "person_grants", "pipeline_counts", "ratings_of", "read_models_state",
    "unit_award_history",
]
