"""What the printed paperwork states, as rules: which dossiers a unit's tờ trình lists, and who signs a paper
for a unit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from domain.values import Role

NOT_SENT = frozenset({"drafted", "withdrawn"})  # never sent, or taken back
SIGNATORY_ROLES = (Role.UNIT_HEAD, Role.SIGNER)  # a unit's head; for an issuing body without one, its signer


def listed_in_submission(stage: str, received_on: date | None) -> bool:
    """A tờ trình lists the dossiers its unit sent: received by the next level and not taken back."""
    return stage not in NOT_SENT and received_on is not None


def signatory(holders_by_role: dict[Role, Sequence[dict]]) -> dict | None:
    """Who signs for a unit: the first holder of the first signatory role that has one."""
    return next((holders[0] for role in SIGNATORY_ROLES if (holders := holders_by_role.get(role))), None)
