"""Whom an item's personal data concerns (`domain.rules.read_access.Reach`), for the read policy.

An item is a person, a unit, a nomination, a bonus fund or an award decision. Its units are the units it
belongs to (a decision: its awardees') and the units that took them over; a nomination is before its
campaign's issuer and the signer of the decision it is in; a person or unit is before the issuers and
signers of the dossiers naming them; a decision before its issuer and its signer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import Connection, bindparam, false, select

from domain.rules.read_access import EVERYTHING, REVIEWERS, Kind, Reach, Reader, reads_any
from domain.values import Role
from projections.bonus import bonus_funds
from projections.campaigns import campaigns
from projections.decisions import award_decision_items, award_decisions
from projections.organisation import people, units
from projections.pipeline import nominations
from projections.queries.directory import successor_chains

DOSSIERS = (
    select(nominations.c.nomination_id, nominations.c.nominee_id, nominations.c.unit_id, campaigns.c.issuer_id,
           award_decisions.c.signer_id)
    .outerjoin(campaigns, campaigns.c.campaign_id == nominations.c.campaign_id)
    .outerjoin(award_decisions, award_decisions.c.decision_id == nominations.c.decision_id)
)


def reach_of(conn: Connection, item_ids: Iterable[UUID]) -> dict[UUID, Reach]:
    """The reach of each item found among `item_ids` (items of other kinds are left out)."""
    ids = set(item_ids)
    if not ids:
        return {}
    units_of, issuers, signers = defaultdict(set), defaultdict(set), defaultdict(set)
    owned = (
        select(people.c.person_id, people.c.unit_id).where(people.c.person_id.in_(ids)),
        select(units.c.unit_id, units.c.unit_id).where(units.c.unit_id.in_(ids)),
        select(bonus_funds.c.fund_id, bonus_funds.c.unit_id).where(bonus_funds.c.fund_id.in_(ids)),
        select(award_decision_items.c.decision_id, award_decision_items.c.unit_id)
        .where(award_decision_items.c.decision_id.in_(ids)),
    )
    for query in owned:
        for item, unit_id in conn.execute(query):
            units_of[item].add(unit_id)
    decisions = select(award_decisions.c.decision_id, award_decisions.c.issuer_id, award_decisions.c.signer_id)
    for decision_id, issuer_id, signer_id in conn.execute(decisions.where(award_decisions.c.decision_id.in_(ids))):
        units_of.setdefault(decision_id, set())  # a discarded draft keeps no awardee
        issuers[decision_id].add(issuer_id)
        signers[decision_id].add(signer_id)
    rows = conn.execute(DOSSIERS.where(nominations.c.nomination_id.in_(ids) | nominations.c.nominee_id.in_(ids)))
    for nomination_id, nominee_id, unit_id, issuer_id, signer_id in rows:
        if nomination_id in ids:
            units_of[nomination_id].add(unit_id)
        for item in {nomination_id, nominee_id} & ids:
            issuers[item].add(issuer_id)
            signers[item].add(signer_id)
    chains = successor_chains(conn)
    return {
        item: Reach(frozenset(u for unit in units for u in (unit, *chains.get(unit, []))),
                    frozenset(issuers[item] - {None}), frozenset(signers[item] - {None}))
        for item, units in units_of.items()
    }


def acting_units(chains: dict[UUID, list[UUID]], scopes: Iterable[UUID]) -> set[UUID]:
    """The units a role held for `scopes` acts for: those units and every unit merged into them (`chains`:
    `successor_chains`)."""
    wanted = set(scopes)
    return wanted | {unit for unit, chain in chains.items() if wanted.intersection(chain)}


READABLE = {  # the read policy as SQL conditions on a `nominations` row, built once; bound: `reader`, `scopes`
    "nothing": false(),
    "signer": nominations.c.decision_id.in_(
        select(award_decisions.c.decision_id).where(award_decisions.c.signer_id == bindparam("reader"))),
    "issuers": nominations.c.campaign_id.in_(
        select(campaigns.c.campaign_id).where(campaigns.c.issuer_id.in_(bindparam("scopes", expanding=True)))),
    "units": nominations.c.unit_id.in_(bindparam("scopes", expanding=True)),  # unit roles, integration tokens
}


def readable_dossiers(conn: Connection, reader: Reader, kind: Kind) -> tuple[str, dict] | None:
    """`may_read(reader, kind, reach)` for every row of `nominations`, for lists that page in SQL: the name of its
    condition in `READABLE` and the values to bind (None: every row)."""
    if kind is Kind.PUBLIC or reader.role in EVERYTHING:
        return None
    if not reads_any(reader, kind):
        return "nothing", {}
    if reader.role is Role.SIGNER:
        return "signer", {"reader": reader.person_id}
    if any(scope is None for scope in reader.units):  # held everywhere
        return None
    if reader.role in REVIEWERS:
        return "issuers", {"scopes": sorted(set(reader.units))}
    return "units", {"scopes": sorted(acting_units(successor_chains(conn), reader.units))}
